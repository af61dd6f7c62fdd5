/// The inspector's answer for one value of the last forward pass, by layer kind.
public enum Explanation: Sendable {
  case conv(ConvExplanation)
  /// Max, average and adaptive average pooling, and LeNet-5's sub-sampling.
  case pool(PoolExplanation)
  case lrn(LRNExplanation)
  case fc(FCExplanation)
  case rbf(RBFExplanation)
  /// The class probabilities (layer index `network.layers.count`).
  case softmax(SoftmaxExplanation)
  /// Flatten and Dropout: no arithmetic at inference.
  case passThrough(PassThroughExplanation)

  /// The kind-specific explanation.
  public var detail: any LayerExplanation {
    switch self {
    case .conv(let e): e
    case .pool(let e): e
    case .lrn(let e): e
    case .fc(let e): e
    case .rbf(let e): e
    case .softmax(let e): e
    case .passThrough(let e): e
    }
  }

  public var position: ValuePosition { detail.position }
  /// The value recomputed in Double from the layer's input and parameters.
  public var recomputed: Double { detail.recomputed }
  /// The value the engine stored.
  public var engineValue: Float { detail.engineValue }
  public var comparisons: [ValueComparison] { detail.comparisons }

  /// The explanation as text, lines at most `maxWidth` characters; large patches and long
  /// term lists are cut to `limits` with a line saying what was left out (totals never are).
  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    detail.lines(maxWidth: maxWidth, limits: limits)
  }
}
