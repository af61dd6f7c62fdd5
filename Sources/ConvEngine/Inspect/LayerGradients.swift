/// How the loss on one input responds to every layer's output: d(loss)/d(output of layer i),
/// the map ConvNetJS draws beside each activation while a network trains.
///
/// A positive value means raising that output would raise the loss (training pushes it
/// down), a negative one that raising it would lower the loss.
public struct LayerGradients: @unchecked Sendable {
  /// The class the loss was taken against (the true label, or the prediction when unknown).
  public let label: Int
  /// The model's loss on this one input (its own criterion: cross-entropy or LeNet-5's MAP).
  public let loss: Double
  /// One tensor per layer, shaped like that layer's output for one sample: (1, C, H, W).
  /// Each is a copy, owned by this value.
  public let gradients: [Tensor]

  /// The largest |gradient| in layer `index` (0 when the layer has none): a symmetric colour
  /// scale for a diverging heatmap is ±this.
  public func largestMagnitude(layer index: Int) -> Float {
    guard gradients.indices.contains(index) else { return 0 }
    let g = gradients[index]
    var m: Float = 0
    for i in 0..<g.count { m = max(m, abs(g.pointer[i])) }
    return m
  }
}

extension Network {
  /// Runs `input` (one sample) forward in inference mode and back from the loss against
  /// `label`, and returns d(loss)/d(output) of every layer, read off the ordinary backward
  /// pass as it goes (`backward(_:observe:)`).
  ///
  /// Inference mode because this is a look at the network as it stands: dropout off, so the
  /// maps are the ones the Explore screen draws and a second call gives the same answer.
  /// Parameter gradients are cleared before and after, so call this on a network of your
  /// own (a copy of a run's weights), never on one a `Trainer` is stepping. The forward
  /// pass's `outputs` stay valid afterwards, as after `forward`.
  public func layerGradients(for input: Tensor, label: Int) -> LayerGradients {
    // Explore, the only caller, encodes one image; no file gives it a batch.
    precondition(input.shape.n == 1, "layerGradients takes one sample, not \(input.shape.n)")
    zeroGradients()
    let scores = forward(input, training: false)
    let dscores = Tensor(zeros: scores.shape)  // (1, classes, 1, 1)
    let clamped = Int32(max(0, min(label, scores.shape.perSample - 1)))
    let result = [clamped].withUnsafeBufferPointer { labels in
      Trainer.loss(scores: scores, labels: labels, head: spec.head, total: 1, dscores: dscores)
    }
    var gradients = [Tensor?](repeating: nil, count: layers.count)
    backward(dscores) { index, g in
      // Flatten passes a reshaped view of the gradient above; give each layer its own shape.
      let shape = self.layers[index].outputShape
      // Each layer's backward returns its input's shape: an engine invariant, not input.
      precondition(g.count == shape.count, "gradient of \(g.shape) for \(self.layers[index].spec.name)'s \(shape)")
      let copy = Tensor(zeros: shape)  // (1, C, H, W) of layer `index`
      copy.pointer.update(from: g.pointer, count: shape.count)
      gradients[index] = copy
    }
    zeroGradients()
    return LayerGradients(label: Int(clamped), loss: result.lossSum, gradients: gradients.map { $0! })
  }
}
