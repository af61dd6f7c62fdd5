import ArgumentParser
import ConvEngine
import Foundation

/// `convscope train <model>`: SGD on MNIST or Fashion-MNIST with a live progress line.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a model on the shipped data, with test accuracy after every epoch.")

  @OptionGroup var modelOptions: ModelOptions

  @Option(help: "Passes over the training set (with --resume: the total, counting the epochs already done).")
  var epochs: Int
  @Option(help: "Images per optimiser step (default 64).") var batch: Int?
  @Option(help: "Learning rate (default: the model's recipe).") var lr: Float?
  @Option(help: "Momentum (default 0.9).") var momentum: Float?
  @Option(name: .customLong("weight-decay"), help: "L2 weight decay (default: the model's recipe).")
  var weightDecay: Float?
  @Option(help: "Learning-rate schedule: constant, cosine, step or step:EPOCHS:GAMMA.") var schedule: String?
  @Option(help: "Seed for initialisation, shuffling and dropout (default 1; a resumed run keeps its own).")
  var seed: UInt64?
  @Option(help: "Worker threads (1 = bit-for-bit reproducible run to run; default 2, or the resumed run's).")
  var threads: Int?
  @Option(help: "Initialisation: lecun, he, he-zero (He weights, biases and output layer 0) or alexnet (default: the recipe's).") var initialization: String?
  @Option(help: "Use only the first N training images (quick experiments; at least 1).") var limit: Int?
  @Option(name: .customLong("test-limit"), help: "Evaluate on the first N test images only (0: no testing at all).")
  var testLimit: Int?
  @Option(name: .customLong("rbf-j"), help: "LeNet-5 RBF loss: the constant j of the paper's Eq. 9 (default 5).")
  var rbfJ: Float?
  @Option(help: "Save the weights and the training state here (safetensors) after every epoch, atomically.")
  var save: String?
  @Flag(name: .customLong("weights-only"),
        help: "With --save: write the weights alone, without the training state (a file to ship or share; --resume cannot continue it).")
  var weightsOnly = false
  @Option(help: "Continue the run saved in this file by --save; settings given here override the saved ones.")
  var resume: String?
  @Option(help: "Export the run's metrics here after every epoch: CSV for a name ending in .csv, JSON Lines for .jsonl.")
  var metrics: String?
  @Option(help: "Write every step as a JSON line here.") var log: String?
  @Option(help: "AlexNet augmentation, comma-separated: crop, flip, pca (the paper's: crop,flip,pca); AlexNet models only.")
  var augment: String?
  @Option(help: "With --save: keep the first layer's kernels and the first test image's maps at chosen layers every STEPS steps (thinned to fit 8 MiB), saved beside the checkpoint as RUN.timelapse.safetensors (see convscope timelapse).")
  var timelapse: Int?
  @Option(help: "With --timelapse: the layers whose maps it keeps, comma-separated (e.g. C1,C3,C5), or all (every conv layer); default: the first two conv layers.")
  var timelapseLayers: String?
  @Flag(help: "Print a JSON summary at the end.") var json = false
  @OptionGroup var data: DataOptions

  func validate() throws {
    guard (1...TrainerState.Limits.epochs).contains(epochs) else {
      throw ValidationError("--epochs must be 1…\(TrainerState.Limits.epochs)")
    }
    if let batch, !(1...TrainerState.Limits.batchSize).contains(batch) {
      throw ValidationError("--batch must be 1…\(TrainerState.Limits.batchSize)")
    }
    if let lr, !(lr.isFinite && lr > 0 && lr <= TrainerState.Limits.learningRate) {
      throw ValidationError("--lr must be a positive number")
    }
    if let momentum, !(momentum.isFinite && (0...1).contains(momentum)) {
      throw ValidationError("--momentum must be 0…1")
    }
    if let weightDecay, !(weightDecay.isFinite && (0...TrainerState.Limits.weightDecay).contains(weightDecay)) {
      throw ValidationError("--weight-decay must be 0 or more")
    }
    if let threads, !(1...8).contains(threads) { throw ValidationError("--threads must be 1…8") }
    // A run needs at least one image to step on; "train on none" is not a run.
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (the training images to use), got \(limit)") }
    if let testLimit, testLimit < 0 {
      throw ValidationError("--test-limit must be 0 (no testing) or more, got \(testLimit)")
    }
    if testLimit == 0, timelapse != nil {
      throw ValidationError("--timelapse follows the first test image, and --test-limit 0 leaves none")
    }
    if let schedule, LRSchedule(schedule) == nil { throw ValidationError("unknown --schedule \(schedule)") }
    if let augment, Augment.parse(augment) == nil {
      throw ValidationError("unknown --augment \(augment); use a comma-separated list of crop, flip, pca")
    }
    if let initialization, InitScheme(rawValue: initialization) == nil {
      throw ValidationError("unknown --initialization \(initialization); choose lecun, he, he-zero or alexnet")
    }
    if weightsOnly && save == nil { throw ValidationError("--weights-only needs --save FILE") }
    if let timelapse {
      guard save != nil else { throw ValidationError("--timelapse needs --save FILE (the time-lapse is saved beside it)") }
      guard (1...1_000_000).contains(timelapse) else { throw ValidationError("--timelapse must be 1…1000000 steps") }
    }
    if timelapseLayers != nil, timelapse == nil { throw ValidationError("--timelapse-layers needs --timelapse STEPS") }
    if let metrics, !metrics.lowercased().hasSuffix(".csv") && !metrics.lowercased().hasSuffix(".jsonl") {
      throw ValidationError("--metrics \(metrics): the name must end in .csv or .jsonl")
    }
  }

  func run() throws {
    try CLI.guarded { try train() }
  }

  /// The recipe's settings with this command line's options on top.
  private func config(for spec: ModelSpec) -> TrainingConfig {
    var c = overridden(TrainingRecipe.defaults(for: spec))
    if let initialization { c.initScheme = InitScheme(rawValue: initialization) }
    c.seed = seed ?? 1
    c.threads = threads ?? 2
    return c
  }

  /// `base` with the options that may change during a run (and on resume) applied.
  private func overridden(_ base: TrainingConfig) -> TrainingConfig {
    var c = base
    c.epochs = epochs
    if let batch { c.batchSize = batch }
    if let lr { c.learningRate = lr }
    if let momentum { c.momentum = momentum }
    if let weightDecay { c.weightDecay = weightDecay }
    if let schedule, let s = LRSchedule(schedule) { c.schedule = s }
    if let augment { c.augmentation = Augment.parse(augment) }
    return c
  }

  private func train() throws {
    // Refuse outputs that cannot be written now, not after the first epoch has trained; and
    // remove what saves into those folders left when a process was killed mid-save.
    for path in [save, metrics].compactMap({ $0 }) {
      try FileIO.checkWritable(path)
      FileIO.removeStaleTemporaries(in: FileIO.folder(of: path))
    }
    let saved = try resume.map { try TrainerState.read(path: $0) }
    // AlexNet gets a 10-way fc8 when it trains on the 10-class datasets.
    var spec = try modelOptions.spec(classes: 10)
    // Crops, flips and colour shifts are AlexNet's: LeNet-5's inputs are 28×28 digits padded
    // to 32×32, with no border to crop from and no colour, so the option would do nothing.
    if augment != nil, spec.preprocessing != .imageNet {
      throw ValidationError("--augment works on the AlexNet models only; \(spec.name) trains on its digits as they are")
    }
    if case .rbf = spec.head, let j = rbfJ ?? saved?.rbfJ { spec.head = .rbf(j: j) }
    var trainSet = try data.load(.train, for: spec)
    var testSet = try data.load(.test, for: spec)
    if let testLimit, testLimit < testSet.count { testSet = testSet.prefix(testLimit) }
    if let saved, let resume { trainSet = try saved.trainingSet(from: trainSet, limit: limit, path: resume) }
    else if let limit, limit < trainSet.count { trainSet = trainSet.prefix(limit) }

    let trainer: Trainer
    if let saved, let resume {
      var config = saved.config
      config.threads = threads ?? saved.config.threads
      let network = try Network(spec: spec, dropoutSeed: config.seed)
      trainer = try Trainer(network: network, config: config)
      try trainer.restore(saved, source: resume)
      trainer.mark(.resumed, "resumed from \(resume) at step \(trainer.step)")
      // Options given now change the saved settings; the trainer logs each change.
      trainer.config = overridden(trainer.config)
    } else {
      let config = config(for: spec)
      let network = try Network(spec: spec, dropoutSeed: config.seed)
      network.initialize(seed: config.seed, scheme: config.initScheme)
      trainer = try Trainer(network: network, config: config)
    }
    let config = trainer.config
    let recorder = try timelapse.map { try timeLapseRecorder(trainer: trainer, spec: spec, testSet: testSet, every: $0) }
    recorder?.offer(step: trainer.step)
    let run = TrainingRun(trainer: trainer, trainSet: trainSet, testSet: testSet,
                          earlier: try earlierRecord(trainer: trainer))
    let logger = try log.map { try JSONLinesLog(path: $0) }
    let progress = ProgressLine(interactive: CLI.stdoutIsTerminal, silent: json)
    let firstEpoch = trainer.completedEpochs + 1
    if !json {
      let what = "\(spec.name) on \(trainSet.name) (\(trainSet.count.grouped) images), "
      if let resume {
        print("resuming \(what)from \(resume) at step \(trainer.step) (\(trainer.completedEpochs) of \(epochs) epochs done)")
      }
      print("training \(what)\(epochs) epoch\(epochs == 1 ? "" : "s") × \(trainer.stepsPerEpoch(count: trainSet.count)) steps, "
        + "batch \(config.batchSize), lr \(config.learningRate) \(config.schedule.description), momentum \(config.momentum), "
        + "weight decay \(config.weightDecay), seed \(config.seed), \(config.threads) threads")
    }
    var epochsDone: [RunRecord.Epoch] = []
    let runStart = Benchmark.now()
    for epoch in firstEpoch..<(max(firstEpoch, epochs + 1)) {
      repeat {
        switch try run.step() {
        case .diverged(let divergence):
          // A NaN, or a finite loss that explodes, stops the run (exit code 3).
          progress.finish()
          try? logger?.event(["event": "diverged", "step": divergence.step, "epoch": epoch,
                              "lr": Double(divergence.error.learningRate)])
          try? logger?.close()
          try? writeMetrics(run)
          throw divergence.error
        case .trained(let report, let wall):
          // The summary carries what the Train screen measures: the run's estimate and the
          // test accuracy checked during each epoch (the checks cost a tenth of a test set
          // each, so they are made only when asked for).
          if json { _ = run.measure(after: report, wallSeconds: wall) }
          recorder?.offer(step: trainer.step)
          try logger?.step(report)
          let sums = run.tally
          let rate = sums.imagesPerSecond
          let remaining = (Double(trainSet.count * (epochs - epoch)) + Double(trainSet.count) * (1 - report.epochProgress)) / rate
          progress.update(epoch: epoch, of: epochs, fraction: report.epochProgress, loss: sums.meanLoss,
                          accuracy: sums.accuracy, imagesPerSecond: rate, eta: remaining)
        }
      } while !run.epochFinished
      let testStart = Benchmark.now()
      let (result, _) = run.finishEpoch()
      epochsDone.append(result)
      progress.finish()
      if !json {
        // The epoch's time as the user waited it: training, then the test set.
        let seconds = result.wallSeconds + (Benchmark.now() - testStart)
        let test = result.testLoss.flatMap { loss in result.testAccuracy.map { (loss, $0) } }
          .map { String(format: "test loss %.4f  test acc %.2f%%", $0.0, $0.1 * 100) } ?? "not tested (--test-limit 0)"
        print(String(format: "epoch %d/%d  train loss %.4f  train acc %.2f%%  %@  %@ img/s  %.1f s",
                     epoch, epochs, result.trainLoss, result.trainAccuracy * 100, test,
                     Int(result.imagesPerSecond).grouped, seconds))
      }
      var fields: [String: Any] = ["event": "epoch", "epoch": epoch, "train_loss": result.trainLoss,
                                   "train_accuracy": result.trainAccuracy, "images_per_second": result.imagesPerSecond]
      if let loss = result.testLoss, let accuracy = result.testAccuracy {
        (fields["test_loss"], fields["test_accuracy"]) = (loss, accuracy)
      }
      try logger?.event(fields)
      if let save {
        let metadata = run.checkpointMetadata
          .merging(["command": CommandLine.arguments.dropFirst().joined(separator: " ")]) { _, new in new }
          .merging(alexNetShape(spec)) { _, new in new }
        // The velocities double an AlexNet's file; a shipped file needs the weights only.
        if weightsOnly { try Checkpoint.save(trainer.network, to: save, metadata: metadata) }
        else { try trainer.save(to: save, metadata: metadata) }
        try recorder?.timeLapse.write(to: TimeLapse.path(forCheckpoint: save))
      }
      try writeMetrics(run)
      // A closed pipe or a full disk under standard output ends the run here (exit 1).
      try ProcessGuard.checkStandardOutput()
    }
    try logger?.close()
    try writeMetrics(run)
    if firstEpoch > epochs && !json {
      print("the run in \(resume ?? "the checkpoint") has already done \(trainer.completedEpochs) epochs; nothing to train "
        + "(raise --epochs to go on)")
    }
    let summary = TrainSummary(model: spec.name, dataset: trainSet.name, epochs: epochsDone,
                               seconds: Benchmark.now() - runStart, saved: save, resumedFrom: resume,
                               step: trainer.step, metrics: metrics, estimate: run.estimate, accuracyChecks: run.checks,
                               checkImages: run.checkSet.count)
    if json { print(try CLI.json(summary)) } else if let save { print("saved \(save)") }
  }

  /// A recorder on the first test image (the Train screen's sample), continuing the
  /// time-lapse saved beside the checkpoint a resumed run came from.
  private func timeLapseRecorder(trainer: Trainer, spec: ModelSpec, testSet: ImageDataset, every: Int) throws
    -> TimeLapseRecorder
  {
    let input = Tensor(zeros: spec.input.batch(1))  // (1, C, H, W)
    InputEncoder.fill(input, labels: nil, from: testSet, indices: 0..<1, preprocessing: spec.preprocessing)
    // A name this model lacks is an error here (the workbench, whose runs change model, skips it).
    let layers = try timelapseLayers.map {
      try TimeLapse.mapLayers(named: $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                              in: trainer.network)
    }
    guard let recorder = TimeLapseRecorder(network: trainer.network, input: input, mapLayers: layers, every: every) else {
      throw EngineError(spec.name, "has no convolution layer to make a time-lapse of")
    }
    if let resume, FileManager.default.fileExists(atPath: TimeLapse.path(forCheckpoint: resume)) {
      recorder.resume(from: try TimeLapse.read(path: TimeLapse.path(forCheckpoint: resume)))
    }
    return recorder
  }

  /// What `evaluate` and `forward` need to rebuild an AlexNet from the file alone: its width
  /// and input size (LeNet-5 has neither).
  private func alexNetShape(_ spec: ModelSpec) -> [String: String] {
    guard ModelCatalog.isResizable(modelOptions.model) else { return [:] }
    return ["width": "\(modelOptions.width ?? 1)", "input_size": "\(spec.input.h)"]
  }

  /// When resuming onto an existing metrics file, that file's record up to the checkpoint's
  /// step (so the curve continues where the checkpoint left off); nil for a new record.
  private func earlierRecord(trainer: Trainer) throws -> RunRecord? {
    guard resume != nil, let metrics, FileManager.default.fileExists(atPath: metrics) else { return nil }
    do {
      var record = try RunRecord.read(path: metrics)
      record.truncate(afterStep: trainer.step)
      return record
    } catch let error as EngineError {
      // Never overwrite history that could not be read: the user decides what to do with it.
      throw EngineError(metrics, "cannot continue these metrics (\(error.problem)); the file is kept as it is: "
        + "move it away, or pass another --metrics, to resume")
    }
  }

  /// Writes the metrics file (when asked for), with the trainer's events.
  private func writeMetrics(_ run: TrainingRun) throws {
    guard let metrics else { return }
    try run.currentRecord.write(to: metrics)
  }
}

struct TrainSummary: Codable {
  var model: String
  var dataset: String
  /// One entry per epoch trained by this command (the engine's epoch record).
  var epochs: [RunRecord.Epoch]
  var seconds: Double
  var saved: String?
  var resumedFrom: String?
  /// Optimiser steps taken in the whole run (including those before a resume).
  var step: Int
  var metrics: String?
  /// How long the run would take, from its first timed steps and one timed check (the Train
  /// screen's estimate); nil when too few steps ran to time.
  var estimate: RunEstimate?
  /// Test accuracy on the first `checkImages` test images, about ten times an epoch.
  var accuracyChecks: [TrainingRun.AccuracyCheck]
  var checkImages: Int
}
