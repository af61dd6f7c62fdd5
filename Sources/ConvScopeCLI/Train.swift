import ArgumentParser
import ConvEngine
import Foundation

/// `convscope train <model>`: SGD on MNIST or Fashion-MNIST with a live progress line.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a model on the shipped data, with test accuracy after every epoch.")

  @OptionGroup var modelOptions: ModelOptions

  @Option(help: "Passes over the training set.") var epochs: Int
  @Option(help: "Images per optimiser step (default 64).") var batch: Int?
  @Option(help: "Learning rate (default: the model's recipe).") var lr: Float?
  @Option(help: "Momentum (default 0.9).") var momentum: Float?
  @Option(name: .customLong("weight-decay"), help: "L2 weight decay (default: the model's recipe).")
  var weightDecay: Float?
  @Option(help: "Learning-rate schedule: constant, cosine, step or step:EPOCHS:GAMMA.") var schedule: String?
  @Option(help: "Seed for initialisation, shuffling and dropout.") var seed: UInt64 = 1
  @Option(help: "Worker threads (1 = bit-for-bit reproducible run to run).") var threads: Int = 2
  @Option(help: "Initialisation: lecun, he or alexnet (default: the model's).") var initialization: String?
  @Option(help: "Use only the first N training images (quick experiments).") var limit: Int?
  @Option(name: .customLong("test-limit"), help: "Evaluate on the first N test images only.") var testLimit: Int?
  @Option(name: .customLong("rbf-j"), help: "LeNet-5 RBF loss: the constant j of the paper's Eq. 9 (default 5).")
  var rbfJ: Float?
  @Option(help: "Save the weights here (safetensors) after every epoch, atomically.") var save: String?
  @Option(help: "Write every step as a JSON line here.") var log: String?
  @Option(help: "AlexNet augmentation, comma-separated: crop, flip, pca (the paper's: crop,flip,pca).")
  var augment: String?
  @Flag(help: "Print a JSON summary at the end.") var json = false
  @OptionGroup var data: DataOptions

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
    if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
    guard (1...8).contains(threads) else { throw ValidationError("--threads must be 1…8") }
    if let schedule, LRSchedule(schedule) == nil { throw ValidationError("unknown --schedule \(schedule)") }
    if let augment, Augment.parse(augment) == nil {
      throw ValidationError("unknown --augment \(augment); use a comma-separated list of crop, flip, pca")
    }
    if let initialization, InitScheme(rawValue: initialization) == nil {
      throw ValidationError("unknown --initialization \(initialization); choose lecun, he or alexnet")
    }
  }

  func run() throws {
    try CLI.guarded { try train() }
  }

  private func config(for spec: ModelSpec) -> TrainingConfig {
    var c = TrainingRecipe.defaults(for: spec)
    c.epochs = epochs
    if let batch { c.batchSize = batch }
    if let lr { c.learningRate = lr }
    if let momentum { c.momentum = momentum }
    if let weightDecay { c.weightDecay = weightDecay }
    if let schedule, let s = LRSchedule(schedule) { c.schedule = s }
    if let initialization { c.initScheme = InitScheme(rawValue: initialization) }
    if let augment { c.augmentation = Augment.parse(augment) }
    c.seed = seed
    c.threads = threads
    return c
  }

  private func train() throws {
    // AlexNet gets a 10-way fc8 when it trains on the 10-class datasets.
    var spec = try modelOptions.spec(classes: 10)
    if let rbfJ, case .rbf = spec.head { spec.head = .rbf(j: rbfJ) }
    let config = config(for: spec)
    var trainSet = try data.load(.train)
    var testSet = try data.load(.test)
    if let testLimit, testLimit < testSet.count { testSet = testSet.prefix(max(1, testLimit)) }
    if let limit, limit < trainSet.count { trainSet = trainSet.prefix(max(1, limit)) }
    let network = try Network(spec: spec, dropoutSeed: seed)
    network.initialize(seed: seed, scheme: config.initScheme)
    let trainer = try Trainer(network: network, config: config)
    let logger = try log.map { try JSONLinesLog(path: $0) }
    let progress = ProgressLine(interactive: CLI.stdoutIsTerminal, silent: json)
    let steps = trainer.stepsPerEpoch(count: trainSet.count)
    if !json {
      print("training \(spec.name) on \(trainSet.name) (\(trainSet.count.grouped) images), \(epochs) epoch\(epochs == 1 ? "" : "s") × \(steps) steps, "
        + "batch \(config.batchSize), lr \(config.learningRate) \(config.schedule.description), momentum \(config.momentum), "
        + "weight decay \(config.weightDecay), seed \(seed), \(config.threads) threads")
    }
    var epochsDone: [EpochResult] = []
    let runStart = Benchmark.now()
    for epoch in 1...epochs {
      let epochStart = Benchmark.now()
      var lossSum = 0.0, correct = 0.0, seen = 0
      for s in 1...steps {
        let report: StepReport
        do {
          report = try trainer.trainStep(on: trainSet)
        } catch let error as DivergenceError {
          progress.finish()
          try? logger?.event(["event": "diverged", "step": error.step, "epoch": epoch, "lr": Double(error.learningRate)])
          try? logger?.close()
          throw error
        }
        lossSum += report.loss * Double(report.batchSize)
        correct += report.accuracy * Double(report.batchSize)
        seen += report.batchSize
        try logger?.step(report)
        let elapsed = Benchmark.now() - epochStart
        let rate = Double(seen) / max(elapsed, 1e-9)
        let remaining = Double(trainSet.count * (epochs - epoch) + trainSet.count - seen) / rate
        progress.update(epoch: epoch, of: epochs, fraction: Double(s) / Double(steps), loss: lossSum / Double(seen),
                        accuracy: correct / Double(seen), imagesPerSecond: rate, eta: remaining)
      }
      let trainSeconds = Benchmark.now() - epochStart
      let evaluation = trainer.evaluate(on: testSet)
      let result = EpochResult(
        epoch: epoch, trainLoss: lossSum / Double(seen), trainAccuracy: correct / Double(seen),
        testLoss: evaluation.loss, testAccuracy: evaluation.accuracy,
        imagesPerSecond: Double(seen) / trainSeconds, seconds: Benchmark.now() - epochStart)
      epochsDone.append(result)
      progress.finish()
      if !json {
        print(String(format: "epoch %d/%d  train loss %.4f  train acc %.2f%%  test loss %.4f  test acc %.2f%%  %@ img/s  %.1f s",
                     epoch, epochs, result.trainLoss, result.trainAccuracy * 100, result.testLoss,
                     result.testAccuracy * 100, Int(result.imagesPerSecond).grouped, result.seconds))
      }
      try logger?.event(["event": "epoch", "epoch": epoch, "train_loss": result.trainLoss,
                     "train_accuracy": result.trainAccuracy, "test_loss": result.testLoss,
                     "test_accuracy": result.testAccuracy, "images_per_second": result.imagesPerSecond])
      if let save {
        try Checkpoint.save(network, to: save, metadata: [
          "epochs": "\(epoch)", "seed": "\(seed)", "dataset": trainSet.name,
          "test_accuracy": String(format: "%.4f", evaluation.accuracy),
          "command": CommandLine.arguments.dropFirst().joined(separator: " "),
        ])
      }
    }
    try logger?.close()
    let summary = TrainSummary(model: spec.name, dataset: trainSet.name, epochs: epochsDone,
                               seconds: Benchmark.now() - runStart, saved: save)
    if json { print(try CLI.json(summary)) } else if let save { print("saved \(save)") }
  }
}

struct EpochResult: Codable {
  var epoch: Int
  var trainLoss: Double
  var trainAccuracy: Double
  var testLoss: Double
  var testAccuracy: Double
  var imagesPerSecond: Double
  var seconds: Double
}

struct TrainSummary: Codable {
  var model: String
  var dataset: String
  var epochs: [EpochResult]
  var seconds: Double
  var saved: String?
}
