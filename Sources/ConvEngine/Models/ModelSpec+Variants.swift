/// Variants of a model for experiments that change one design choice and keep the rest
/// (the Train screen's ReLU-vs-tanh and dropout demonstrations).
extension ModelSpec {
  /// The same model with `activation` in every hidden layer that has a nonlinearity; the
  /// output layer and layers without one (pooling, LRN, the RBF head) stay as they are.
  public func replacingHiddenActivations(with activation: Activation) -> ModelSpec {
    var copy = self
    let last = layers.lastIndex { layer in
      switch layer.kind {
      case .conv, .fc: true
      default: false
      }
    }
    for i in copy.layers.indices where copy.layers[i].activation != .identity && i != last {
      copy.layers[i].activation = activation
    }
    copy.notes.append("hidden activations replaced by \(activation.rawValue)")
    return copy
  }

  /// The same model with every dropout layer's drop probability set to `p` (0 turns it off).
  public func replacingDropout(p: Float) -> ModelSpec {
    var copy = self
    for i in copy.layers.indices {
      if case .dropout = copy.layers[i].kind { copy.layers[i].kind = .dropout(p: p) }
    }
    copy.notes.append("dropout p = \(p)")
    return copy
  }

  /// The same model with every pooling layer taking `kind` (same window and stride).
  /// LeNet-5 (1998)'s trainable subsampling layers are not pooling layers and stay as they are.
  public func replacingPooling(with kind: PoolKind) -> ModelSpec {
    var copy = self
    for i in copy.layers.indices {
      if case .pool(_, let size, let stride) = copy.layers[i].kind { copy.layers[i].kind = .pool(kind, size: size, stride: stride) }
    }
    copy.notes.append("\(kind.rawValue) pooling")
    return copy
  }

  /// Whether the model has any (max or average) pooling layer.
  public var hasPooling: Bool {
    layers.contains { if case .pool = $0.kind { true } else { false } }
  }

  /// Whether the model has any dropout layer.
  public var hasDropout: Bool {
    layers.contains { if case .dropout = $0.kind { true } else { false } }
  }
}
