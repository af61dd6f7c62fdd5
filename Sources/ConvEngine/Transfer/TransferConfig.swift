/// Settings of a transfer experiment. Everything left nil takes a documented default.
public struct TransferConfig: Sendable, Hashable, Codable {
  /// The pretrained model (its weights come from `assets/weights/<model>.safetensors`).
  public var model: String
  /// Labelled Fashion-MNIST training examples, class-balanced (see `ImageDataset.balancedSubset`).
  public var examples: Int
  /// Passes over the examples, the same for every arm; nil: `defaultEpochs(examples:)`.
  public var epochs: Int?
  public var batchSize: Int
  /// Seeds the subset, the from-scratch initialisation, shuffling and dropout.
  public var seed: UInt64
  public var threads: Int
  /// Layers that train in the frozen-features arm; nil: `defaultClassifierLayers(of:)`.
  public var classifierLayers: [String]?
  /// Learning rate of the frozen-features and from-scratch arms; nil: the model's recipe
  /// (lenet5-modern 0.05, lenet5 0.003).
  public var learningRate: Float?
  /// Learning rate of the fine-tune arm; nil: `fineTuneFactor` × the rate above, so the
  /// pretrained features are adjusted rather than overwritten.
  public var fineTuneLearningRate: Float?
  /// Evaluate on the first N test images only (quick runs); nil: all 10,000.
  public var testLimit: Int?
  /// Which arms to run, in this order.
  public var arms: [TransferArm]

  /// The fine-tune arm's rate relative to the others' when not set.
  public static let fineTuneFactor: Float = 0.2

  public init(model: String = "lenet5-modern", examples: Int = 1000, epochs: Int? = nil, batchSize: Int = 32,
              seed: UInt64 = 1, threads: Int = 2, classifierLayers: [String]? = nil, learningRate: Float? = nil,
              fineTuneLearningRate: Float? = nil, testLimit: Int? = nil, arms: [TransferArm] = TransferArm.allCases) {
    self.model = model
    self.examples = examples
    self.epochs = epochs
    self.batchSize = batchSize
    self.seed = seed
    self.threads = threads
    self.classifierLayers = classifierLayers
    self.learningRate = learningRate
    self.fineTuneLearningRate = fineTuneLearningRate
    self.testLimit = testLimit
    self.arms = arms
  }

  /// Epochs when none are given: about 20,000 images per arm, between 3 and 20 passes
  /// (N = 100 and 1,000: 20 epochs; 5,000: 4; 10,000 and 60,000: 3), so small sets get enough
  /// steps to converge (the curves are flat by then) and the full set stays quick. With
  /// evaluation on all 10,000 test images after each epoch, N = 1,000 takes about 15 s in a
  /// release build on two cores.
  public static func defaultEpochs(examples: Int) -> Int {
    min(20, max(3, (20_000 + examples - 1) / max(examples, 1)))
  }

  /// The layers that train in the frozen-features arm by default: the fully connected ones.
  ///
  /// - lenet5-modern: F6 and output (C1, C3 and C5 frozen). C5 is a convolution in the paper
  ///   and plays the first FC layer's role, but it holds 48,120 of the 61,706 parameters:
  ///   freezing it is what keeps the pretrained features.
  /// - lenet5 (1998): F6 only. Its output layer is the RBF with fixed ±1 prototypes, which
  ///   has no trainable parameters, so "the classifier" is F6 learning to map the frozen C5
  ///   features onto the ten fixed codes (Fashion-MNIST's classes reuse the digits' codes).
  public static func defaultClassifierLayers(of spec: ModelSpec) -> [String] {
    spec.layers.compactMap { layer in
      if case .fc = layer.kind { return layer.name }
      return nil
    }
  }
}
