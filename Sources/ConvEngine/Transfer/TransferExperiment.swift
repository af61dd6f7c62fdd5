/// Live progress of a transfer experiment, in the order it happens.
public enum TransferEvent: Sendable {
  /// An arm's network before training, evaluated on the test set (epoch 0 of its curve).
  case initial(TransferArm, Evaluation)
  /// One optimiser step of an arm.
  case step(TransferArm, StepReport)
  /// An arm finished an epoch and was evaluated on the test set.
  case epoch(TransferArm, TransferEpoch)
}

/// Transfer learning on LeNet-5: the shipped MNIST-trained weights reused for Fashion-MNIST
/// with only N labelled examples, in three arms that share the examples, the epochs, the
/// batch size and the seed:
///
/// - frozen features: pretrained weights, only the classifier layers train;
/// - fine-tune all: pretrained weights, every layer trains at a lower learning rate;
/// - from scratch: seeded random weights, every layer trains.
///
/// Each arm is evaluated on the Fashion-MNIST test set before training and after every
/// epoch. `run` interleaves the arms epoch by epoch, so a live view sees the three curves
/// grow together.
public struct TransferExperiment: Sendable {
  public let config: TransferConfig
  public let spec: ModelSpec
  /// The N labelled training examples (class-balanced, seeded).
  public let train: ImageDataset
  public let test: ImageDataset
  /// The pretrained weights file.
  public let weightsPath: String
  public let pretrained: SafeTensorsFile
  public let epochs: Int
  /// Layers that train in the frozen-features arm.
  public let classifierLayers: [String]
  /// Layers with parameters that stay fixed in the frozen-features arm.
  public let frozenLayers: [String]
  /// Steps in one pass over the N examples (the last batch may be smaller).
  public var stepsPerEpoch: Int { (train.count + config.batchSize - 1) / config.batchSize }

  /// The shipped weights of `model`: `<assets>/weights/<model>.safetensors`.
  public static func shippedWeightsPath(model: String, assetsDirectory: String) -> String {
    (assetsDirectory.hasSuffix("/") ? assetsDirectory : assetsDirectory + "/") + "weights/\(model).safetensors"
  }

  /// Loads Fashion-MNIST from the assets folder and the shipped weights (or `weightsPath`).
  public init(config: TransferConfig, assetsDirectory: String, weightsPath: String? = nil) throws {
    let spec = try ModelCatalog.spec(named: config.model)
    let path = weightsPath ?? Self.shippedWeightsPath(model: spec.name, assetsDirectory: assetsDirectory)
    try self.init(config: config,
                  trainingSet: try ImageDataset.load(.fashionMNIST, split: .train, assetsDirectory: assetsDirectory),
                  testSet: try ImageDataset.load(.fashionMNIST, split: .test, assetsDirectory: assetsDirectory),
                  weightsPath: path)
  }

  /// Uses data already in memory: `trainingSet` is the full set the N examples are drawn from.
  public init(config: TransferConfig, trainingSet: ImageDataset, testSet: ImageDataset, weightsPath: String) throws {
    let spec = try ModelCatalog.spec(named: config.model)
    guard config.examples >= 1, config.batchSize >= 1, (1...8).contains(config.threads) else {
      throw EngineError("transfer", "examples and batch size must be at least 1 and threads 1…8")
    }
    if let epochs = config.epochs, epochs < 1 { throw EngineError("transfer", "epochs must be at least 1, not \(epochs)") }
    guard spec.classes == trainingSet.classNames.count else {
      throw EngineError(spec.name, "has \(spec.classes) outputs but \(trainingSet.name) has "
        + "\(trainingSet.classNames.count) classes")
    }
    guard AssetLocator.isRegularFile(weightsPath) else {
      throw EngineError(weightsPath, "no pretrained weights for \(spec.name) here; transfer starts from a model "
        + "trained on MNIST (lenet5 and lenet5-modern ship theirs in assets/weights)")
    }
    let file = try SafeTensors.read(path: weightsPath)
    // Check the file fits the model now, not halfway through a run.
    try Checkpoint.apply(file, source: weightsPath, to: try Network(spec: spec))

    let layersWithParameters = spec.layers.filter { !$0.parametersFree }.map(\.name)
    let classifier = config.classifierLayers ?? TransferConfig.defaultClassifierLayers(of: spec)
    for name in classifier where !layersWithParameters.contains(name) {
      throw EngineError(name, "is not a trainable layer of \(spec.name); choose from "
        + layersWithParameters.joined(separator: ", "))
    }
    guard !classifier.isEmpty else { throw EngineError("transfer", "the frozen-features arm needs at least one layer to train") }

    self.config = config
    self.spec = spec
    self.weightsPath = weightsPath
    self.pretrained = file
    self.epochs = config.epochs ?? TransferConfig.defaultEpochs(examples: config.examples)
    self.classifierLayers = classifier
    self.frozenLayers = layersWithParameters.filter { !classifier.contains($0) }
    train = config.examples == trainingSet.count ? trainingSet
      : try trainingSet.balancedSubset(count: config.examples, seed: config.seed)
    test = config.testLimit.map { testSet.prefix(max(1, $0)) } ?? testSet
  }

  /// The base learning rate of an arm (see `TransferConfig.learningRate`, `fineTuneLearningRate`).
  public func learningRate(for arm: TransferArm) -> Float {
    let base = config.learningRate ?? TrainingRecipe.defaults(for: spec).learningRate
    if arm == .fineTuneAll { return config.fineTuneLearningRate ?? base * TransferConfig.fineTuneFactor }
    return base
  }

  /// The model's recipe with this experiment's epochs, batch, seed, threads, the arm's rate and frozen layers.
  public func trainingConfig(for arm: TransferArm) -> TrainingConfig {
    var c = TrainingRecipe.defaults(for: spec)
    c.epochs = epochs
    c.batchSize = config.batchSize
    c.seed = config.seed
    c.threads = config.threads
    c.learningRate = learningRate(for: arm)
    c.frozenLayers = arm == .frozenFeatures ? Set(frozenLayers) : []
    return c
  }

  /// A trainer for `arm` with its starting weights loaded (pretrained) or seeded (from scratch).
  public func makeTrainer(for arm: TransferArm) throws -> Trainer {
    let c = trainingConfig(for: arm)
    let network = try Network(spec: spec, dropoutSeed: config.seed)
    if arm.usesPretrainedWeights {
      try Checkpoint.apply(pretrained, source: weightsPath, to: network)
    } else {
      network.initialize(seed: config.seed, scheme: c.initScheme)
    }
    return try Trainer(network: network, config: c)
  }

  /// Runs the arms, epoch by epoch in turn, reporting every step and evaluation to `progress`
  /// (which may throw, e.g. `CancellationError`, to stop the run).
  public func run(progress: (TransferEvent) throws -> Void = { _ in }) throws -> TransferResult {
    let start = Benchmark.now()
    var arms: [TransferArm] = []
    for arm in config.arms where !arms.contains(arm) { arms.append(arm) }
    var runs = try arms.map { arm -> ArmRun in
      let trainer = try makeTrainer(for: arm)
      // The result is a report (JSON): it keeps counts, not the gallery's mistakes.
      var initial = trainer.evaluate(on: test)
      initial.mistakes = []
      try progress(.initial(arm, initial))
      return ArmRun(arm: arm, trainer: trainer, initial: initial)
    }
    for epoch in 1...epochs {
      for i in runs.indices {
        let t0 = Benchmark.now()
        var lossSum = 0.0, correct = 0.0, seen = 0
        for _ in 0..<stepsPerEpoch {
          let report = try runs[i].trainer.trainStep(on: train)
          lossSum += report.loss * Double(report.batchSize)
          correct += report.accuracy * Double(report.batchSize)
          seen += report.batchSize
          runs[i].stepLoss.append(report.loss)
          try progress(.step(runs[i].arm, report))
        }
        let evaluation = runs[i].trainer.evaluate(on: test)
        let result = TransferEpoch(epoch: epoch, trainLoss: lossSum / Double(max(seen, 1)),
                                   trainAccuracy: correct / Double(max(seen, 1)), testLoss: evaluation.loss,
                                   testAccuracy: evaluation.accuracy, seconds: Benchmark.now() - t0)
        runs[i].epochs.append(result)
        runs[i].finalEvaluation = evaluation
        runs[i].finalEvaluation.mistakes = []
        runs[i].seconds += result.seconds
        try progress(.epoch(runs[i].arm, result))
      }
    }
    return TransferResult(
      model: spec.name, dataset: train.name, pretrainedWeights: weightsPath,
      pretrainedOn: pretrained.metadata["dataset"] ?? "unknown", examples: train.count,
      classCounts: train.labelHistogram, epochs: epochs, batchSize: config.batchSize, stepsPerEpoch: stepsPerEpoch,
      testImages: test.count, seed: config.seed, classifierLayers: classifierLayers, frozenLayers: frozenLayers,
      arms: runs.map { $0.result(experiment: self) }, seconds: Benchmark.now() - start)
  }

  /// One arm in progress.
  private struct ArmRun {
    let arm: TransferArm
    let trainer: Trainer
    let initial: Evaluation
    var finalEvaluation: Evaluation
    var epochs: [TransferEpoch] = []
    var stepLoss: [Double] = []
    var seconds = 0.0

    init(arm: TransferArm, trainer: Trainer, initial: Evaluation) {
      self.arm = arm
      self.trainer = trainer
      self.initial = initial
      finalEvaluation = initial
    }

    func result(experiment: TransferExperiment) -> TransferArmResult {
      let frozen = trainer.config.frozenLayers
      let trainable = trainer.network.layers.filter { !$0.parameters.isEmpty && !frozen.contains($0.spec.name) }
      let count = trainable.flatMap(\.parameters).reduce(0) { total, p in
        total + (p.mask.map { mask in mask.lazy.filter { $0 != 0 }.count } ?? p.count)
      }
      return TransferArmResult(arm: arm, trainableLayers: trainable.map(\.spec.name), trainableParameters: count,
                               learningRate: experiment.learningRate(for: arm), initial: initial, epochs: epochs,
                               finalEvaluation: finalEvaluation, stepLoss: stepLoss, seconds: seconds)
    }
  }
}

fileprivate extension LayerSpec {
  /// Whether the layer has no trainable parameters (pooling, LRN, dropout, flatten, the RBF output).
  var parametersFree: Bool {
    switch kind {
    case .conv, .fc, .subsample: return false
    case .pool, .adaptiveAvgPool, .lrn, .dropout, .flatten, .rbf: return true
    }
  }
}
