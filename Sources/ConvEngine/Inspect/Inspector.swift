/// Explains single values of a network's last forward pass with real numbers: what the
/// layer read, the arithmetic, and the result, recomputed in Double from the layer's input
/// and parameters (not by calling the layer) next to the value the engine stored.
///
/// Works on `network.outputs`, `network.lastInput` and each layer's cached state
/// (pre-activations, max-pool winners, LRN bases), so call it after `forward` and before
/// anything else runs the network.
public enum Inspector {
  /// The name of the pseudo-layer after the last one: the class probabilities.
  public static let probabilitiesName = "probabilities"

  /// The index `explain` takes for a layer name (case-insensitive); `probabilities` (or
  /// `softmax`) gives `network.layers.count`.
  public static func layerIndex(named name: String, in network: Network) -> Int? {
    let key = name.lowercased()
    if key == probabilitiesName || key == "softmax" { return network.layers.count }
    return network.layers.firstIndex { $0.spec.name.lowercased() == key }
  }

  /// The explanation of output (channel, y, x) of layer `layer` for `sample`.
  ///
  /// `layer == network.layers.count` explains the probability of class `channel`. For FC
  /// layers, vectors and class scores, `channel` is the unit and y = x = 0. `keepTerms` is
  /// how many of the largest FC contributions are kept (the rest are summed).
  public static func explain(
    network: Network, layer: Int, sample: Int, channel: Int, y: Int, x: Int, keepTerms: Int = 32
  ) throws -> Explanation {
    let count = network.layers.count
    guard network.outputs.count == count, let networkInput = network.lastInput else {
      throw EngineError(network.spec.name, "there is no forward pass to explain yet; run one first")
    }
    guard layer >= 0, layer <= count else {
      throw EngineError(network.spec.name, "layer \(layer) does not exist (0…\(count - 1), or \(count) for the probabilities)")
    }
    if layer == count {
      return .softmax(try softmax(network, sample: sample, classIndex: channel))
    }
    let l = network.layers[layer]
    let shape = l.outputShape
    let batch = network.outputs[layer].shape.n
    guard sample >= 0, sample < batch else {
      throw EngineError(l.spec.name, "sample \(sample) is not in the last pass (it had \(batch))")
    }
    guard (0..<shape.c).contains(channel), (0..<shape.h).contains(y), (0..<shape.w).contains(x) else {
      throw EngineError(l.spec.name, "(\(channel), \(y), \(x)) is outside its \(shape.c)×\(shape.h)×\(shape.w) output")
    }
    let position = ValuePosition(layer: layer, layerName: l.spec.name, sample: sample, channel: channel, y: y, x: x,
                                 isVector: shape.h == 1 && shape.w == 1)
    let site = InspectionSite(network: network, layerIndex: layer, layer: l, sample: sample, channel: channel, y: y, x: x,
                              input: layer == 0 ? networkInput : network.outputs[layer - 1], position: position)
    switch l {
    case let conv as Conv2D: return .conv(explainConv(conv, site))
    case let sub as Subsampling: return .pool(explainSubsampling(sub, site))
    case let pool as Pool2D: return .pool(explainPool(pool, site))
    case let pool as AdaptiveAvgPool: return .pool(explainAdaptive(pool, site))
    case let lrn as LocalResponseNorm: return .lrn(explainLRN(lrn, site))
    case let fc as FullyConnected: return .fc(explainFC(fc, site, keep: keepTerms))
    case let rbf as RBFOutput: return .rbf(explainRBF(rbf, site))
    case is Flatten: return .passThrough(explainPassThrough(site, kind: "flatten"))
    case is Dropout: return .passThrough(explainPassThrough(site, kind: "dropout"))
    default:
      throw EngineError(l.spec.name, "the inspector does not know this layer kind")
    }
  }
}
