import ConvEngine
import Foundation

/// A run ready to train: the trainer with its starting weights, the data, and (when the run
/// continues a saved one) the metrics recorded before the checkpoint.
struct PreparedRun {
  let trainer: Trainer
  let trainSet: ImageDataset
  let testSet: ImageDataset
  /// The saved run's metrics up to the checkpoint's step, so the curve continues.
  let earlier: RunRecord?
  /// The checkpoint actually resumed (with `TrainSetup.latestCheckpoint` resolved).
  let resumedFrom: String?
  /// The model as read for this run, before the setup's changes (activation, dropout…).
  let modelSpec: ModelSpec
}

extension TrainSetup {
  /// Where the Train screen keeps checkpoints and metrics (relative to the working directory).
  public static let runsFolder = "runs"

  /// Loads the data and builds the trainer this setup describes (on the worker: it reads
  /// files). Errors name the file or the setting at fault.
  /// `weights` with a lesson's `assets/…` path re-rooted at the assets folder in use.
  private func weightsPath(assets: String) -> String? {
    weights.map { LessonPaths.underAssets($0, assetsDirectory: assets) ?? $0 }
  }

  /// `datasets` keeps what it reads for the next run (the workbench passes its session's).
  func prepare(assetsDirectory assets: String, threads: Int = 2, runsFolder: String = TrainSetup.runsFolder,
               datasets: DatasetCache = DatasetCache()) throws -> PreparedRun
  {
    if let transfer { return try prepareTransfer(transfer, assets: assets, threads: threads, datasets: datasets) }
    let base = try modelSpec ?? model.spec(classes: 10)
    var spec = base
    if let activation { spec = spec.replacingHiddenActivations(with: activation) }
    if let dropout {
      guard spec.hasDropout else { throw EngineError(spec.name, "has no dropout layer to change") }
      spec = spec.replacingDropout(p: dropout)
    }
    if let pooling {
      guard spec.hasPooling else {
        throw EngineError(spec.name, "has no max or average pooling layer to change (LeNet-5 1998 subsamples with trainable "
          + "coefficients; choose lenet5-modern or AlexNet)")
      }
      spec = spec.replacingPooling(with: pooling)
    }
    let fullTrainSet = try datasets.dataset(dataset, split: .train, assetsDirectory: assets)
    let testSet = try datasets.dataset(dataset, split: .test, assetsDirectory: assets)
    var trainSet = limit.map { fullTrainSet.prefix(max(1, min($0, fullTrainSet.count))) } ?? fullTrainSet

    var config = TrainingRecipe.defaults(for: spec)
    config.seed = seed
    config.threads = threads
    if let initialization { config.initScheme = initialization }
    if let freeze { config.frozenLayers = Set(freeze) }
    apply(to: &config)
    let network = try Network(spec: spec, dropoutSeed: config.seed)
    network.initialize(seed: config.seed, scheme: config.initScheme)
    if let weights = weightsPath(assets: assets) {
      try Checkpoint.apply(try SafeTensors.read(path: weights), source: weights, to: network)
    }
    let trainer = try Trainer(network: network, config: config)
    guard let resume else {
      return PreparedRun(trainer: trainer, trainSet: trainSet, testSet: testSet, earlier: nil, resumedFrom: nil, modelSpec: base)
    }
    let path = resume == Self.latestCheckpoint ? try newestCheckpoint(in: runsFolder) : resume
    let saved = try TrainerState.read(path: path)
    // The screen's size choice does not apply: the saved epoch order fixes the set.
    trainSet = try saved.trainingSet(from: fullTrainSet, limit: nil, path: path)
    try trainer.restore(saved, source: path)
    trainer.mark(.resumed, "resumed from \(path) at step \(trainer.step)")
    // Settings chosen on the screen for this run win over the saved ones (each is logged).
    var resumed = trainer.config
    apply(to: &resumed)
    trainer.config = resumed
    var earlier = try? RunRecord.read(path: Self.metricsPath(forCheckpoint: path))
    earlier?.truncate(afterStep: trainer.step)
    return PreparedRun(trainer: trainer, trainSet: trainSet, testSet: testSet, earlier: earlier, resumedFrom: path, modelSpec: base)
  }

  /// The optimiser settings this setup fixes, over `config`.
  private func apply(to config: inout TrainingConfig) {
    if let epochs { config.epochs = epochs }
    if let learningRate { config.learningRate = learningRate }
    if let momentum { config.momentum = momentum }
    if let weightDecay { config.weightDecay = weightDecay }
    if let batchSize { config.batchSize = batchSize }
    if let augment { config.augmentation = Augmentation(parsing: augment.joined(separator: ",")) }
  }

  private func prepareTransfer(_ t: Transfer, assets: String, threads: Int, datasets: DatasetCache) throws -> PreparedRun {
    let config = TransferConfig(
      model: model.name, examples: t.examples, epochs: epochs, batchSize: batchSize ?? 32, seed: seed,
      threads: threads, learningRate: learningRate, arms: [t.arm])
    let experiment = try TransferExperiment(
      config: config,
      trainingSet: try datasets.dataset(.fashionMNIST, split: .train, assetsDirectory: assets),
      testSet: try datasets.dataset(.fashionMNIST, split: .test, assetsDirectory: assets),
      weightsPath: weightsPath(assets: assets) ?? TransferExperiment.shippedWeightsPath(model: model.name, assetsDirectory: assets))
    let trainer = try experiment.makeTrainer(for: t.arm)
    return PreparedRun(trainer: trainer, trainSet: experiment.train, testSet: experiment.test, earlier: nil, resumedFrom: nil,
                       modelSpec: trainer.network.spec)
  }

  /// The newest checkpoint in `runs/` whose name starts with this setup's model and data.
  func newestCheckpoint(in folder: String) throws -> String {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var best: (path: String, date: Date)?
    // A checkpoint's time-lapse (`x.timelapse.safetensors`) is saved beside it, not a checkpoint.
    for name in names where name.hasSuffix(".safetensors") && !name.hasSuffix(".timelapse.safetensors")
      && name.hasPrefix(fileStem + "-") {
      let path = folder + "/" + name
      let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
      if best == nil || date > best!.date { best = (path, date) }
    }
    guard let best else {
      throw EngineError(folder, "has no saved \(fileStem) run to resume (press w during a run to save one)")
    }
    return best.path
  }

  /// `runs/x.safetensors` → `runs/x.jsonl`: the metrics saved with a checkpoint.
  static func metricsPath(forCheckpoint path: String) -> String {
    (path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path) + ".jsonl"
  }
}
