/// One output value of the last forward pass with everything an explanation needs to
/// recompute it: the layer, its input batch and where the value sits.
struct InspectionSite {
  let network: Network
  let layerIndex: Int
  let layer: any Layer
  let sample: Int
  let channel: Int
  let y: Int
  let x: Int
  /// This layer's input batch (the previous layer's output, or the network input).
  let input: Tensor
  let position: ValuePosition

  /// The previous layer's name, or "input".
  var inputName: String { layerIndex == 0 ? "input" : network.layers[layerIndex - 1].spec.name }
  var inputShape: Shape { layer.inputShape }

  /// Flat index of the explained value in the layer's output batch (and in any per-output
  /// buffer of the same shape: pre-activations, LRN bases).
  var outputIndex: Int {
    let s = layer.outputShape
    return sample * s.perSample + (channel * s.h + y) * s.w + x
  }

  /// What the engine stored for this value.
  var engineOutput: Float { network.outputs[layerIndex].pointer[outputIndex] }

  /// This sample's input at (map, row, col), widened to Double.
  func inputValue(_ c: Int, _ row: Int, _ col: Int) -> Double {
    let s = inputShape
    return Double(input.pointer[sample * s.perSample + (c * s.h + row) * s.w + col])
  }

  /// This sample's input at flat index j (C·H·W order).
  func inputValue(flat j: Int) -> Double {
    Double(input.pointer[sample * inputShape.perSample + j])
  }

  /// "conv5 map 3, row 1, col 4" or "fc6 unit 12" for flat index j of a layer output of
  /// per-sample shape `shape`.
  static func label(_ name: String, shape: Shape, flat j: Int, noun: String = "unit") -> String {
    if shape.h == 1 && shape.w == 1 { return "\(name) \(noun) \(j)" }
    return "\(name) map \(j / shape.plane), row \(j % shape.plane / shape.w), col \(j % shape.w)"
  }
}
