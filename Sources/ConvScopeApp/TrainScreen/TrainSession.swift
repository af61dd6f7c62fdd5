import ConvEngine
import Foundation

/// One training run on its own thread, at full engine speed. The UI never touches it
/// directly: commands arrive through a lock-protected mailbox (from the engine runner's
/// queue), and the worker publishes a `TrainProgress` summary at most five times a second,
/// which `.poll` requests pick up.
final class TrainSession: @unchecked Sendable {
  /// How often a summary is published while steps run (the UI needs no more).
  static let publishInterval = 0.2
  /// Misclassified images kept for the gallery.
  static let galleryLimit = 24
  /// Runs estimated to take longer than this (seconds) wait for the user's go-ahead on screen.
  static let confirmAbove = 180.0

  /// Commands waiting for the worker, and the pause state they produce.
  private struct Mailbox {
    var isPaused = false
    /// Steps still allowed while paused (`s`).
    var stepBudget = 0
    /// Run until the epoch ends, then pause (`n`).
    var toEpochEnd = false
    var savePath: String?
    var exportStem: String?
    var stop = false
  }

  /// The engine's driver of the run: steps, epoch sums and clocks, metrics, divergence.
  let run: TrainingRun
  var trainer: Trainer { run.trainer }
  /// Which run of the session this is (the ended runs `TrainWork` keeps are filed under it).
  let runID: Int
  private var trainSet: ImageDataset { run.trainSet }
  private var testSet: ImageDataset { run.testSet }
  private let condition = NSCondition()
  private var mailbox = Mailbox()
  private var published: TrainProgress
  private var isDone = false
  /// Whether `start` has launched the worker (a session never started has none to wait for).
  private var hasWorker = false
  /// Explore's live view: the run's copy of the weights (refilled in place; made at the
  /// first copy), and until when (uptime seconds) someone is watching. Copies are only taken
  /// while watched, so a run nobody follows pays nothing (guarded by `condition`).
  private var live: LiveSnapshot?
  private var liveWatchedUntil = 0.0
  /// How long one request keeps copies coming (Explore asks every few hundred ms).
  static let liveWatchSeconds = 2.0

  // Worker-only state (touched by the worker thread, or by tests that drive `advance`).
  private var progress: TrainProgress
  private var pendingSum = 0.0
  private var pendingCount = 0
  private var windowImages = 0
  private var windowSeconds = 0.0
  /// The run's time-lapse (first-layer kernels and the sample's maps at the chosen layers
  /// every `timeLapseEvery` steps, within `TimeLapse.defaultBudget`), which also draws the
  /// sample's maps now for each summary; nil for a network without a conv layer.
  private let recorder: TimeLapseRecorder?
  /// A run estimated to take longer than this (seconds) waits for the go-ahead.
  private let askAbove: Double?

  init(trainer: Trainer, setup: TrainSetup, runID: Int, trainSet: ImageDataset, testSet: ImageDataset,
       earlier: RunRecord? = nil, resumedFrom: String? = nil, askAbove: Double? = nil) {
    let run = TrainingRun(trainer: trainer, trainSet: trainSet, testSet: testSet, earlier: earlier)
    self.run = run
    self.runID = runID
    self.askAbove = askAbove
    let spec = trainer.network.spec
    var p = TrainProgress(model: spec.name, dataset: trainSet.name)
    p.runID = runID
    p.setup = setup
    p.epochs = trainer.config.epochs
    p.stepsPerEpoch = trainer.stepsPerEpoch(count: trainSet.count)
    p.trainImages = trainSet.count
    p.classNames = trainSet.classNames
    p.learningRate = trainer.config.learningRate
    p.momentum = trainer.config.momentum
    p.weightDecay = trainer.config.weightDecay
    p.batchSize = trainer.config.batchSize
    p.resumedFrom = resumedFrom
    p.step = trainer.step
    p.probeImages = run.checkSet.count
    p.probeEvery = run.checkEvery
    self.progress = p
    self.published = p
    let sample = Tensor(zeros: spec.input.batch(1))  // [1, C, H, W]: the sample test image, encoded once
    // A fixed, seed-independent sample: the first test image (as `train --timelapse` takes it).
    InputEncoder.fill(sample, labels: nil, from: testSet, indices: 0..<1, preprocessing: spec.preprocessing)
    recorder = TimeLapseRecorder(network: trainer.network, input: sample,
                                 mapLayers: Self.timeLapseLayers(setup.timeLapseLayers, in: trainer.network),
                                 every: Self.timeLapseEvery)
    progress.sampleIndex = 0
    progress.sampleLabel = testSet.count > 0 ? Int(testSet.labels[0]) : 0
    if let earlier { replay(earlier) }
    if let resumedFrom { continueTimeLapse(of: resumedFrom) }
    recorder?.offer(step: trainer.step)
    showPictures()
    published = progress
    // Quitting stops a test pass between batches instead of waiting for it to end.
    run.cancellation = { [weak self] in self?.isStopping ?? true }
  }

  /// Whether the worker has been told to stop (the run's test passes ask between batches).
  var isStopping: Bool {
    condition.lock()
    defer { condition.unlock() }
    return mailbox.stop
  }

  /// Steps between the time-lapse's frames at first (it thins itself as the run grows).
  static let timeLapseEvery = 10

  /// Carries on the time-lapse saved beside the checkpoint a resumed run continues; one that
  /// cannot be read is named on the message line and a new one starts.
  private func continueTimeLapse(of checkpoint: String) {
    let path = TimeLapse.path(forCheckpoint: checkpoint)
    guard let recorder, FileManager.default.fileExists(atPath: path) else { return }
    do {
      recorder.resume(from: try TimeLapse.read(path: path))
    } catch {
      progress.saveError = "\(error); its time-lapse starts again at step \(trainer.step.grouped)"
    }
  }

  /// Builds run `runID` as `setup` describes (loads data and weights: call off the UI thread).
  static func make(_ setup: TrainSetup, runID: Int, datasets: DatasetCache) throws -> TrainSession {
    let assets = try AssetLocator.assetsDirectory(explicit: nil)
    // The same threads as `convscope train` uses by default, so speeds compare.
    let run = try setup.prepare(assetsDirectory: assets, threads: 2, datasets: datasets)
    // A model file read as the run starts (a lesson link's run) goes back with the network
    // read, so the screen knows what `M` changes (`TrainScreen.apply`).
    var setup = setup
    if setup.modelSpec == nil, ModelFile.isModelFile(setup.model.name) { setup.modelSpec = run.modelSpec }
    return TrainSession(trainer: run.trainer, setup: setup, runID: runID, trainSet: run.trainSet, testSet: run.testSet,
                        earlier: run.earlier, resumedFrom: run.resumedFrom, askAbove: confirmAbove)
  }

  /// Starts the worker thread.
  func start() {
    condition.lock()
    hasWorker = true
    condition.unlock()
    let thread = Thread { [self] in
      while advance() {}
      // The run is over: keep the weights and the state `w` saves, free the rest (a full
      // AlexNet's batch and test buffers and gradients; measured in README, "Train").
      trainer.releaseBuffers()
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
    if case .settings(let lr, let momentum, let decay, let batch) = command {
      // The trainer takes these from any thread, from its next step on, and logs each.
      trainer.update(learningRate: lr, momentum: momentum, weightDecay: decay, batchSize: batch)
      return
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
    case .export(let stem): mailbox.exportStem = stem
    case .stop: mailbox.stop = true
    case .settings: break
    }
    condition.broadcast()
    condition.unlock()
  }

  /// Stops the worker and waits until it has left its loop (a step, an evaluation or a save
  /// under way finishes first, so no file is left half written).
  func stop() {
    send(.stop)
    condition.lock()
    // No deadline: returning while the thread still runs is what let the process exit
    // under it. A step, an evaluation or a save always ends.
    while hasWorker, !isDone { condition.wait() }
    condition.unlock()
  }

  /// Whether the worker has left its loop (the run finished, or was stopped).
  var hasEnded: Bool {
    condition.lock()
    defer { condition.unlock() }
    return isDone
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
    let savePath = mailbox.savePath, exportStem = mailbox.exportStem
    (mailbox.savePath, mailbox.exportStem) = (nil, nil)
    if savePath != nil || exportStem != nil {
      condition.unlock()
      if let savePath { save(to: savePath) }
      if let exportStem { export(stem: exportStem) }
      publish()
      run.pauseClock()  // file writing is not training time
      condition.lock()
    }
    if mailbox.stop {
      condition.unlock()
      return false
    }
    let mayStep = !mailbox.isPaused || mailbox.stepBudget > 0 || mailbox.toEpochEnd
    if !mayStep, isLiveWatched, live?.latest.step != trainer.step {
      // Paused while Explore follows the run: hand it the weights of the step it stopped at.
      condition.unlock()
      takeLiveSnapshot(isFinal: false)
      return true
    }
    if !mayStep {
      run.pauseClock()  // a pause is not part of the epoch's wall time
      if windowSeconds > 0 {
        // Just paused: show the step it stopped at, not the last 0.2 s summary.
        condition.unlock()
        publish()
        return true
      }
      _ = condition.wait(until: Date().addingTimeInterval(0.25))
      condition.unlock()
      return true
    }
    if mailbox.stepBudget > 0 { mailbox.stepBudget -= 1 }
    // A single step while paused must show at once, not after the next 0.2 s of training.
    let isSingleStep = mailbox.isPaused && !mailbox.toEpochEnd
    let wasPausedByDivergence = progress.divergence != nil
    condition.unlock()
    // Going on is the go-ahead; the first step after it is published at once, so the screen
    // does not show the question again until the next summary.
    let goAhead = progress.awaitsConfirmation
    progress.awaitsConfirmation = false
    if wasPausedByDivergence {
      // Resumed after a divergence: the user changed something; watch afresh.
      run.watchAfresh()
      progress.divergence = nil
    }
    return runStep(publishing: isSingleStep || goAhead)
  }

  private func runStep(publishing: Bool) -> Bool {
    let outcome: TrainingRun.Outcome
    do {
      outcome = try run.step()
    } catch {
      progress.saveError = String(describing: error)
      progress.isFinished = true
      publish()
      return false
    }
    let report: StepReport, wall: Double
    switch outcome {
    case .diverged(let divergence):
      // A finite loss that exploded was a step taken: it belongs on the curve.
      if let taken = divergence.recorded { show(taken) }
      diverged(divergence)
      return true
    case .trained(let r, let w):
      (report, wall) = (r, w)
    }
    show(report)
    recorder?.offer(step: report.step)
    // The estimate and the accuracy checks are the engine's (the same in `train --json`).
    let estimated = run.measure(after: report, wallSeconds: wall)
    (progress.testCurve, progress.estimate) = (run.checks, run.estimate)
    if estimated, let askAbove, let e = run.estimate, e.remainingSeconds > askAbove, !trainer.epochFinished {
      waitForGoAhead()
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

  /// Pauses a long run after its measurement until the user says go (Enter or space).
  private func waitForGoAhead() {
    condition.lock()
    mailbox.isPaused = true
    mailbox.stepBudget = 0
    mailbox.toEpochEnd = false
    condition.unlock()
    progress.awaitsConfirmation = true
    publish()
  }

  /// Takes one step into the curve and the speed window (the run keeps its sums and record).
  private func show(_ report: StepReport) {
    addToCurve(step: report.step, epochs: Double(report.epoch - 1) + report.epochProgress, loss: report.loss)
    windowImages += report.batchSize
    windowSeconds += report.seconds
    progress.elapsed += report.seconds
    progress.step = report.step
    progress.epoch = report.epoch
    progress.epochFraction = report.epochProgress
    progress.learningRate = report.learningRate
    progress.batchSize = report.batchSize
  }

  /// Adds one step's loss to the curve, merging pairs of points when it gets too long.
  private func addToCurve(step: Int, epochs: Double, loss: Double) {
    pendingSum += loss
    pendingCount += 1
    guard pendingCount >= progress.curveStride else { return }
    progress.curve.append(TrainProgress.CurvePoint(step: step, epochs: epochs, loss: pendingSum / Double(pendingCount)))
    (pendingSum, pendingCount) = (0, 0)
    if progress.curve.count >= TrainProgress.maxCurvePoints {
      // Halve the resolution: the curve stays short however long the run.
      let c = progress.curve
      progress.curve = stride(from: 0, to: c.count - 1, by: 2).map {
        TrainProgress.CurvePoint(step: c[$0 + 1].step, epochs: c[$0 + 1].epochs, loss: (c[$0].loss + c[$0 + 1].loss) / 2)
      }
      progress.curveStride *= 2
    }
  }

  /// Rebuilds the curve and the epoch table of a resumed run from its saved metrics.
  private func replay(_ earlier: RunRecord) {
    let perEpoch = Double(max(1, progress.stepsPerEpoch))
    for s in earlier.steps { addToCurve(step: s.step, epochs: Double(s.step) / perEpoch, loss: s.loss) }
    progress.epochResults = earlier.epochs
    progress.elapsed = earlier.steps.last?.elapsed ?? 0
  }

  private func finishEpoch() {
    progress.isEvaluating = true
    publish()
    let (result, evaluation) = run.finishEpoch()
    progress.isEvaluating = false
    progress.epochResults.append(result)
    TrainEpochLog.append(progress, result)
    // The screen always tests on the whole test set, so there is an evaluation to show.
    if let evaluation {
      progress.confusion = evaluation.confusion
      progress.mistakes = evaluation.mistakes.prefix(Self.galleryLimit).map {
        TrainProgress.Mistake(index: $0.index, label: $0.label, predicted: $0.predicted,
                              pixels: Array(testSet.image($0.index)), side: testSet.cols)
      }
    }
    condition.lock()
    if mailbox.toEpochEnd {
      mailbox.toEpochEnd = false
      mailbox.isPaused = true
    }
    condition.unlock()
    publish()
  }

  private func diverged(_ divergence: TrainingRun.Divergence) {
    progress.divergence = TrainProgress.Divergence(step: divergence.step, reason: divergence.reason, hint: divergence.hint)
    // Stop here, so the user sees it and can change the settings before going on.
    condition.lock()
    mailbox.isPaused = true
    mailbox.stepBudget = 0
    mailbox.toEpochEnd = false
    condition.unlock()
    publish()
  }

  /// The run's state and metrics as they are now (on the worker's thread, or once it has
  /// stopped): what `w` and `x` write, now or after the run has ended.
  func archive() -> RunArchive {
    RunArchive(state: trainer.state(), record: run.currentRecord,
               metadata: run.checkpointMetadata.merging(["run": progress.setup.summary]) { _, new in new },
               timeLapse: recorder?.timeLapse)
  }

  /// Writes the checkpoint and its metrics (see `RunArchive.save`).
  private func save(to path: String) {
    do {
      try archive().save(to: path)
      progress.savedPath = path
      progress.savedStep = trainer.step
      progress.saveError = nil
    } catch {
      progress.saveError = "could not save \(path): \(error)"
    }
  }

  /// Writes the metrics as CSV and JSON Lines.
  private func export(stem: String) {
    do {
      try archive().export(stem: stem)
      progress.savedPath = stem + ".csv and .jsonl"
      progress.saveError = nil
    } catch {
      progress.saveError = "could not export \(stem): \(error)"
    }
  }

  /// Makes the worker's view of the run the one polls see.
  private func publish() {
    if windowSeconds > 0 { progress.imagesPerSecond = Double(windowImages) / windowSeconds }
    (windowImages, windowSeconds) = (0, 0)
    if progress.isFinished {
      progress.epochETA = nil  // nothing left to wait for: no stale countdown on screen
    } else if progress.imagesPerSecond > 0, progress.batchSize > 0 {
      let left = (1 - progress.epochFraction) * Double(trainSet.count)
      progress.epochETA = left / progress.imagesPerSecond
    }
    let settings = trainer.config
    progress.learningRate = trainer.currentLearningRate
    progress.momentum = settings.momentum
    progress.weightDecay = settings.weightDecay
    progress.batchSize = settings.batchSize
    progress.stepsPerEpoch = trainer.stepsPerEpoch(count: trainSet.count)
    progress.probeEvery = run.checkEvery
    progress.marks = trainer.events.suffix(50)
    showPictures()
    condition.lock()
    published = progress
    let watched = isLiveWatched
    condition.unlock()
    if watched { takeLiveSnapshot(isFinal: progress.isFinished) }
  }

  // MARK: - Explore's live view

  /// Whether Explore asked for the weights lately (call with `condition` locked).
  private var isLiveWatched: Bool { Self.uptime() < liveWatchedUntil }

  private static func uptime() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// Copies the weights as they are now (on the worker, between steps) for `liveWeights`,
  /// into the run's one snapshot (made at the first copy).
  private func takeLiveSnapshot(isFinal: Bool) {
    if let snapshot = condition.withLock({ live }) {
      snapshot.take(from: trainer, isFinal: isFinal)
    } else {
      let snapshot = LiveSnapshot(trainer: trainer, runID: runID, dataset: trainSet.name, classNames: trainSet.classNames,
                                  isFinal: isFinal)
      condition.withLock { live = snapshot }
    }
    condition.lock()
    condition.broadcast()
    condition.unlock()
  }

  /// The run's weights for Explore's live view, as of the newest step the worker has copied,
  /// and a note that someone is watching (the worker then copies at each summary, five times a
  /// second, and at once when paused). The first call waits up to half a second for a copy.
  /// Once the worker has left its loop, the trainer is idle and is copied here directly.
  func liveWeights() -> LiveSnapshot? {
    condition.lock()
    liveWatchedUntil = Self.uptime() + Self.liveWatchSeconds
    condition.broadcast()  // a paused worker wakes and copies the step it stopped at
    let deadline = Date().addingTimeInterval(0.5)
    while hasWorker, !isDone, live == nil, Date() < deadline { _ = condition.wait(until: deadline) }
    let workerGone = !hasWorker || isDone
    var snapshot = live
    condition.unlock()
    if workerGone, snapshot?.latest.step != trainer.step || snapshot?.latest.isFinal != true {
      takeLiveSnapshot(isFinal: hasEnded)
      snapshot = condition.withLock { live }
    }
    return snapshot
  }

  /// The first conv layer's kernels (one plane per filter, the mean over input channels) and
  /// the time-lapse's first map layer's maps of the sample image with the weights as they are
  /// now (the deeper ones are computed only for kept frames), and the time-lapse so far.
  private func showPictures() {
    guard let recorder, let now = recorder.picture(step: trainer.step, mapLayers: 1) else { return }
    let lapse = recorder.timeLapse
    progress.kernels = now.kernels
    progress.kernelLayer = lapse.layer
    progress.kernelCount = lapse.kernelCount
    progress.kernelSize = lapse.kernelSize
    progress.sampleMaps = now.maps.first ?? []
    progress.sampleMapLayer = lapse.mapLayers.first?.name ?? ""
    progress.sampleMapCount = lapse.mapLayers.first?.count ?? 0
    progress.sampleMapSide = lapse.mapLayers.first?.side ?? 0
    progress.timeLapse = lapse
  }

  /// The layers whose maps the run's time-lapse keeps: those of `names` this model has with
  /// maps (`all`: every conv layer), else the first two conv layers (`TimeLapse.defaultMapLayers`).
  static func timeLapseLayers(_ names: [String]?, in network: Network) -> [Int]? {
    let chosen = Set((names ?? []).flatMap { (try? TimeLapse.mapLayers(named: [$0], in: network)) ?? [] })
    return chosen.isEmpty ? nil : chosen.sorted()
  }
}
