/// Variants of a model for experiments that change one design choice and keep the rest
/// (the Train screen's ReLU-vs-tanh and dropout demonstrations), and AlexNet sized down.
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

  /// The same layout with every conv's maps and every hidden fc's units × `width` (rounded,
  /// at least 1), an input of `inputSize` pixels a side (nil keeps the file's), and
  /// `classes` outputs: AlexNet's layouts sized down to train live on a CPU
  /// (`alexnet --width 0.25 --input-size 67`). A conv whose maps a grouped conv reads, or
  /// that is grouped itself, keeps a count its groups divide (rounded up). The name and
  /// title say what changed (`alexnet@0.25-67px`); the family stays the model's.
  public func resized(width: Double, inputSize: Int?, classes: Int) -> ModelSpec {
    var copy = self
    let side = inputSize ?? input.h
    let convGroups = layers.map { layer -> Int? in
      if case .conv(let c) = layer.kind { c.groups } else { nil }
    }
    func scaled(_ n: Int, multipleOf m: Int = 1) -> Int {
      let n = max(1, Int((Double(n) * width).rounded()))
      return max(m, (n + m - 1) / m * m)
    }
    for i in copy.layers.indices {
      switch copy.layers[i].kind {
      case .conv(var c) where c.table == nil:
        // The next conv reads these maps in its groups (pooling and LRN keep the count).
        let reader = convGroups[(i + 1)...].lazy.compactMap { $0 }.first ?? 1
        var multiple = c.groups
        while multiple % reader != 0 { multiple += c.groups }
        c.outChannels = scaled(c.outChannels, multipleOf: multiple)
        copy.layers[i].kind = .conv(c)
      case .fc(let outputs):
        copy.layers[i].kind = .fc(outputs: i == layers.count - 1 ? classes : scaled(outputs))
      default:
        break
      }
    }
    copy.input = Shape(n: 1, c: input.c, h: side, w: side)
    copy.classes = classes
    if width != 1 {
      copy.name += "@\(width)"
      copy.title += ", width ×\(width)"
    }
    if side != input.h { copy.name += "-\(side)px" }
    return copy
  }
}
