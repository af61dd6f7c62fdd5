import ConvEngine
import Foundation

/// One training run on its own thread, at full engine speed. The UI never touches it
/// directly: commands arrive through a lock-protected mailbox (from the engine runner's
/// queue), and the worker publishes a `TrainProgress` summary at most five times a second,
/// which `.poll` requests pick up.
final class TrainSession: @unchecked Sendable {
  /// How often a summary is published while steps run (the UI needs no more).
  static let publishInterval = 0.2

  /// Commands waiting for the worker, and the pause state they produce.
  private struct Mailbox {
    var isPaused = false
    /// Steps still allowed while paused (`s`).
    var stepBudget = 0
    /// Run until the epoch ends, then pause (`n`).
    var toEpochEnd = false
    var savePath: String?
    var stop = false
  }

  let trainer: Trainer
  private let trainSet: ImageDataset
  private let testSet: ImageDataset
  private let condition = NSCondition()
  private var mailbox = Mailbox()
  private var published: TrainProgress
  private var isDone = false

  // Worker-only state (touched by the worker thread, or by tests that drive `advance`).
  private var progress: TrainProgress
  private var monitor = HealthMonitor()
  private var smoothed: Double?
  private var pendingSum = 0.0
  private var pendingCount = 0
  private var epochLoss = 0.0, epochCorrect = 0.0, epochSeen = 0
  private var epochSeconds = 0.0
  private var windowImages = 0
  private var windowSeconds = 0.0
  private var lastPublish = 0.0

  init(trainer: Trainer, model: String, trainSet: ImageDataset, testSet: ImageDataset) {
    self.trainer = trainer
    self.trainSet = trainSet
    self.testSet = testSet
    var p = TrainProgress(model: model, dataset: trainSet.name)
    p.epochs = trainer.config.epochs
    p.stepsPerEpoch = trainer.stepsPerEpoch(count: trainSet.count)
    p.classNames = trainSet.classNames
    p.learningRate = trainer.config.learningRate
    p.momentum = trainer.config.momentum
    p.batchSize = trainer.config.batchSize
    self.progress = p
    self.published = p
    copyKernels()
    published = progress
  }

  /// Builds a fresh run of `model` on `dataset` with the recipe's settings.
  static func make(model: String, dataset: String) throws -> TrainSession {
    guard let kind = DatasetKind(rawValue: dataset) else { throw ExploreError("unknown dataset \(dataset)") }
    let assets = try AssetLocator.assetsDirectory(explicit: nil)
    let trainSet = try ImageDataset.load(kind, split: .train, assetsDirectory: assets)
    let testSet = try ImageDataset.load(kind, split: .test, assetsDirectory: assets)
    let spec = try ModelCatalog.spec(named: model)
    var config = TrainingRecipe.defaults(for: spec)
    // The same threads as `convscope train` uses by default, so speeds compare.
    config.threads = 2
    let network = try Network(spec: spec, dropoutSeed: config.seed)
    network.initialize(seed: config.seed, scheme: config.initScheme)
    let trainer = try Trainer(network: network, config: config)
    return TrainSession(trainer: trainer, model: model, trainSet: trainSet, testSet: testSet)
  }

  /// Starts the worker thread.
  func start() {
    let thread = Thread { [self] in
      while advance() {}
      condition.lock()
      isDone = true
      condition.broadcast()
      condition.unlock()
    }
    thread.name = "convscope.train"
    thread.start()
  }

  /// Hands a command to the worker.
  func send(_ command: TrainCommand) {
    switch command {
    case .settings(let lr, let momentum, let batch):
      // The trainer takes these from any thread, from its next step on, and logs each.
      trainer.update(learningRate: lr, momentum: momentum, batchSize: batch)
      return
    default: break
    }
    condition.lock()
    switch command {
    case .pause: mailbox.isPaused = true
    case .resume:
      mailbox.isPaused = false
      mailbox.stepBudget = 0
      mailbox.toEpochEnd = false
    case .step:
      mailbox.isPaused = true
      mailbox.stepBudget += 1
    case .epoch:
      mailbox.isPaused = true
      mailbox.toEpochEnd = true
    case .save(let path): mailbox.savePath = path
    case .stop: mailbox.stop = true
    case .settings: break
    }
    condition.broadcast()
    condition.unlock()
  }

  /// Stops the worker and waits (briefly) until it has left its loop.
  func stop() {
    send(.stop)
    condition.lock()
    let deadline = Date().addingTimeInterval(5)
    while !isDone, condition.wait(until: deadline) {}
    condition.unlock()
  }

  /// The last published summary, with the pause state as the mailbox has it now (so a
  /// summary published just before a key press does not undo it on screen).
  func snapshot() -> TrainProgress {
    condition.lock()
    defer { condition.unlock() }
    var p = published
    if !p.isFinished { p.isPaused = mailbox.isPaused && mailbox.stepBudget == 0 && !mailbox.toEpochEnd }
    return p
  }

  /// One turn of the worker: obey the mailbox, then run one step unless paused. Returns
  /// false when the run is over.
  func advance() -> Bool {
    condition.lock()
    if let path = mailbox.savePath {
      mailbox.savePath = nil
      condition.unlock()
      save(to: path)
      publish()
      condition.lock()
    }
    if mailbox.stop {
      condition.unlock()
      return false
    }
    let mayStep = !mailbox.isPaused || mailbox.stepBudget > 0 || mailbox.toEpochEnd
    if !mayStep, windowSeconds > 0 {
      // Just paused: show the step it stopped at, not the last 0.2 s summary.
      condition.unlock()
      publish()
      return true
    }
    if !mayStep {
      condition.wait(until: Date().addingTimeInterval(0.25))
      condition.unlock()
      return true
    }
    if mailbox.stepBudget > 0 { mailbox.stepBudget -= 1 }
    // A single step while paused must show at once, not after the next 0.2 s of training.
    let isSingleStep = mailbox.isPaused && !mailbox.toEpochEnd
    let wasPausedByDivergence = progress.divergence != nil
    condition.unlock()
    if wasPausedByDivergence {
      // Resumed after a divergence: the user changed something; watch afresh.
      monitor.reset()
      smoothed = nil
      progress.divergence = nil
    }
    return runStep(publishing: isSingleStep)
  }

  private func runStep(publishing: Bool) -> Bool {
    let start = DispatchTime.now().uptimeNanoseconds
    let report: StepReport
    do {
      report = try trainer.trainStep(on: trainSet)
    } catch let error as DivergenceError {
      var reason = "the loss became \(error.loss) at step \(error.step)"
      var hint = "lower the learning rate (it is \(error.learningRate)) and resume"
      if let r = error.report, case .diverged(let why, let what) = monitor.observe(r) { (reason, hint) = (why, what) }
      diverged(step: error.step, reason: reason, hint: hint, loss: error.loss)
      return true
    } catch {
      progress.saveError = String(describing: error)
      progress.isFinished = true
      publish()
      return false
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    record(report, seconds: seconds)
    if case .diverged(let reason, let hint) = monitor.observe(report) {
      diverged(step: report.step, reason: reason, hint: hint, loss: report.loss)
      return true
    }
    if trainer.epochFinished {
      finishEpoch()
      if trainer.completedEpochs >= progress.epochs {
        progress.isFinished = true
        publish()
        return false
      }
      return true
    }
    if publishing || windowSeconds >= Self.publishInterval { publish() }
    return true
  }

  /// Takes one step into the curve, the epoch sums and the speed window.
  private func record(_ report: StepReport, seconds: Double) {
    let s = smoothed.map { 0.95 * $0 + 0.05 * report.loss } ?? report.loss
    smoothed = s
    pendingSum += s
    pendingCount += 1
    if pendingCount >= progress.lossStride {
      progress.loss.append(pendingSum / Double(pendingCount))
      pendingSum = 0
      pendingCount = 0
      if progress.loss.count > 2000 {
        // Halve the resolution: the curve stays at most 2,000 points however long the run.
        progress.loss = stride(from: 0, to: progress.loss.count - 1, by: 2).map {
          (progress.loss[$0] + progress.loss[$0 + 1]) / 2
        }
        progress.lossStride *= 2
      }
    }
    epochLoss += report.loss * Double(report.batchSize)
    epochCorrect += report.accuracy * Double(report.batchSize)
    epochSeen += report.batchSize
    epochSeconds += seconds
    windowImages += report.batchSize
    windowSeconds += seconds
    progress.elapsed += seconds
    progress.step = report.step
    progress.epoch = report.epoch
    progress.epochFraction = report.epochProgress
    progress.learningRate = report.learningRate
    progress.batchSize = report.batchSize
  }

  private func finishEpoch() {
    progress.isEvaluating = true
    publish()
    let evaluation = trainer.evaluate(on: testSet)
    progress.isEvaluating = false
    progress.epochResults.append(TrainProgress.EpochResult(
      epoch: progress.epoch, trainLoss: epochLoss / Double(max(1, epochSeen)),
      trainAccuracy: epochCorrect / Double(max(1, epochSeen)), testAccuracy: evaluation.accuracy,
      seconds: epochSeconds))
    progress.confusion = evaluation.confusion
    (epochLoss, epochCorrect, epochSeen, epochSeconds) = (0, 0, 0, 0)
    condition.lock()
    if mailbox.toEpochEnd {
      mailbox.toEpochEnd = false
      mailbox.isPaused = true
    }
    condition.unlock()
    publish()
  }

  private func diverged(step: Int, reason: String, hint: String, loss: Double) {
    trainer.mark(.diverged, reason, value: loss)
    progress.divergence = TrainProgress.Divergence(step: step, reason: reason, hint: hint)
    // Stop here, so the user sees it and can change the settings before going on.
    condition.lock()
    mailbox.isPaused = true
    mailbox.stepBudget = 0
    mailbox.toEpochEnd = false
    condition.unlock()
    publish()
  }

  private func save(to path: String) {
    do {
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
      try trainer.save(to: path)
      progress.savedPath = path
      progress.saveError = nil
    } catch {
      progress.saveError = "could not save \(path): \(error)"
    }
  }

  /// Makes the worker's view of the run the one polls see.
  private func publish() {
    if windowSeconds > 0 { progress.imagesPerSecond = Double(windowImages) / windowSeconds }
    (windowImages, windowSeconds) = (0, 0)
    if progress.imagesPerSecond > 0, progress.batchSize > 0 {
      let left = (1 - progress.epochFraction) * Double(trainSet.count)
      progress.epochETA = left / progress.imagesPerSecond
    }
    let settings = trainer.config
    progress.learningRate = trainer.currentLearningRate
    progress.momentum = settings.momentum
    progress.batchSize = settings.batchSize
    progress.stepsPerEpoch = trainer.stepsPerEpoch(count: trainSet.count)
    progress.marks = trainer.events.suffix(50)
    copyKernels()
    condition.lock()
    published = progress
    condition.unlock()
  }

  /// The first conv layer's weights, one plane per filter (mean over input channels).
  private func copyKernels() {
    for layer in trainer.network.layers {
      guard case .conv(let conv) = layer.spec.kind, let weight = layer.parameters.first, weight.dims.count == 4
      else { continue }
      let (out, inC, k) = (weight.dims[0], weight.dims[1], conv.kernel)
      let w = weight.value.array
      var planes = [Float](repeating: 0, count: out * k * k)
      for o in 0..<out {
        for c in 0..<inC {
          for i in 0..<(k * k) { planes[o * k * k + i] += w[(o * inC + c) * k * k + i] / Float(inC) }
        }
      }
      progress.kernels = planes
      progress.kernelCount = out
      progress.kernelSize = k
      return
    }
  }
}
