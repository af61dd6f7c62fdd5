/// The three ways the transfer experiment trains the same network on the same few examples.
public enum TransferArm: String, Sendable, Codable, Hashable, CaseIterable {
  /// Pretrained (MNIST) weights; only the classifier layers train, the feature layers are frozen.
  case frozenFeatures = "frozen-features"
  /// Pretrained weights; every layer trains, at a lower learning rate.
  case fineTuneAll = "fine-tune-all"
  /// Seeded random weights; every layer trains.
  case fromScratch = "from-scratch"

  /// A short label for tables and legends.
  public var title: String {
    switch self {
    case .frozenFeatures: return "frozen features"
    case .fineTuneAll: return "fine-tune all"
    case .fromScratch: return "from scratch"
    }
  }

  /// Whether the arm starts from the pretrained weights.
  public var usesPretrainedWeights: Bool { self != .fromScratch }
}
