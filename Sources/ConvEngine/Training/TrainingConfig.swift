/// Settings of one training run.
public struct TrainingConfig: Sendable, Equatable {
  public var epochs: Int = 1
  public var batchSize: Int = 64
  public var learningRate: Float = 0.01
  public var momentum: Float = 0.9
  public var weightDecay: Float = 0
  public var schedule: LRSchedule = .constant
  public var seed: UInt64 = 1
  /// Worker threads (data-parallel replicas); 1 gives bit-for-bit reproducible runs.
  public var threads: Int = 2
  public var initScheme: InitScheme? = nil
  /// AlexNet-style augmentation of the training images (nil: none). Needs `.imageNet` inputs.
  public var augmentation: Augmentation? = nil
  /// Names of layers (as `summary --json` prints them, e.g. `conv1`) whose parameters stay
  /// fixed: no gradient step, no momentum, no weight decay. Transfer learning freezes the
  /// pretrained features and trains only the new head.
  public var frozenLayers: Set<String> = []

  public init() {}
}
