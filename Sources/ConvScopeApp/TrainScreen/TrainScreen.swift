import ConvEngine

/// The Train screen's part of `update`: pure, like the rest of it. Every change to a run is
/// an effect (a `TrainRequest`); the worker's summaries come back as `TrainEvent`s.
enum TrainScreen {
  static func update(_ state: inout AppState, _ action: TrainAction) -> [Effect] {
    var t = state.train
    defer { state.train = t }
    switch action {
    case .start:
      if t.isRunning, t.progress?.awaitsConfirmation == true {
        // The go-ahead for a long run, paused after its measurement.
        t.progress?.awaitsConfirmation = false
        t.isPaused = false
        return [command(.resume)]
      }
      if t.panel == .mistakes, t.selectedMistake != nil {
        state.train = t
        return openMistake(&state)
      }
      guard !t.isRunning else { return [] }
      return start(t.next, in: &t, comparingWith: [])
    case .startRuns(let setups):
      return startRuns(setups, in: &t)
    case .resumeLatest:
      guard !t.isRunning else { return busy(&t) }
      var setup = t.next
      setup.resume = TrainSetup.latestCheckpoint
      return start(setup, in: &t, comparingWith: [])
    case .stopRun:
      guard t.isRunning else { return [] }
      t.isRunning = false
      t.queue = []
      t.progress?.isFinished = true
      t.progress?.wasStopped = true
      t.progress?.epochETA = nil
      t.message = "Run \(t.runCount) stopped; enter starts a new one."
      return [command(.stop)]
    case .togglePause:
      guard t.isRunning else { return [] }
      t.isPaused.toggle()
      return [command(t.isPaused ? .pause : .resume)]
    case .stepBatch:
      guard t.isRunning else { return [] }
      t.isPaused = true
      return [command(.step)]
    case .stepEpoch:
      guard t.isRunning else { return [] }
      t.isPaused = true
      return [command(.epoch)]
    case .cycleModel:
      guard !t.isRunning else { return busy(&t) }
      let i = TrainSetup.models.firstIndex(of: t.next.model) ?? -1
      t.next.model = TrainSetup.models[(i + 1) % TrainSetup.models.count]
      t.next.modelSpec = nil
      // The recipe's settings differ between models: start the new one from its own.
      (t.next.learningRate, t.next.momentum, t.next.weightDecay, t.next.batchSize) = (nil, nil, nil, nil)
    case .cycleDataset:
      guard !t.isRunning else { return busy(&t) }
      let i = TrainState.datasets.firstIndex(of: t.next.dataset) ?? -1
      t.next.dataset = TrainState.datasets[(i + 1) % TrainState.datasets.count]
    case .cycleEpochs:
      guard !t.isRunning else { return busy(&t) }
      let i = TrainState.epochChoices.firstIndex(of: t.next.epochs) ?? -1
      t.next.epochs = TrainState.epochChoices[(i + 1) % TrainState.epochChoices.count]
    case .cyclePooling:
      guard !t.isRunning else { return busy(&t) }
      let i = TrainState.poolingChoices.firstIndex(of: t.next.pooling) ?? -1
      t.next.pooling = TrainState.poolingChoices[(i + 1) % TrainState.poolingChoices.count]
      // The label makes the two runs of an avg-vs-max comparison easy to tell apart.
      t.next.label = t.next.pooling.map { "\($0.rawValue) pool" }
    case .cycleLimit:
      guard !t.isRunning else { return busy(&t) }
      let i = TrainState.limitChoices.firstIndex(of: t.next.limit) ?? -1
      t.next.limit = TrainState.limitChoices[(i + 1) % TrainState.limitChoices.count]
    case .startTransfer:
      guard !t.isRunning else { return busy(&t) }
      var link = LessonTrain(model: t.next.model.name.hasPrefix("lenet5") ? t.next.model : ModelChoice(name: "lenet5-modern"))
      link.transfer = t.next.limit ?? 1_000
      link.epochs = t.next.epochs
      var runs = TrainSetup.runs(for: link)
      for i in runs.indices { runs[i].seed = t.next.seed }
      return startRuns(runs, in: &t)
    case .changeSeed(let delta):
      guard !t.isRunning else { return busy(&t) }
      t.next.seed = UInt64(max(0, Int(t.next.seed) + delta))
    case .scaleLearningRate(let factor):
      guard t.isRunning else {
        t.next.learningRate = recipe(t.next).learningRate * factor
        return []
      }
      guard let lr = t.learningRate else { return [] }
      t.learningRate = lr * factor
      return [settings(learningRate: lr * factor)]
    case .changeMomentum(let delta):
      let m = t.isRunning ? t.momentum : recipe(t.next).momentum
      guard let m else { return [] }
      let new = min(0.99, max(0, ((m + delta) * 100).rounded() / 100))
      guard t.isRunning else {
        t.next.momentum = new
        return []
      }
      t.momentum = new
      return [settings(momentum: new)]
    case .scaleWeightDecay(let factor):
      let d = t.isRunning ? t.weightDecay : recipe(t.next).weightDecay
      guard let d else { return [] }
      let new = d == 0 ? (factor > 1 ? 1e-4 : 0) : (d * factor < 1e-6 ? 0 : d * factor)
      guard t.isRunning else {
        t.next.weightDecay = new
        return []
      }
      t.weightDecay = new
      return [settings(weightDecay: new)]
    case .scaleBatchSize(let factor):
      let b = t.isRunning ? t.batchSize : recipe(t.next).batchSize
      guard let b else { return [] }
      let new = min(1024, max(1, Int((Double(b) * factor).rounded())))
      guard t.isRunning else {
        t.next.batchSize = new
        return []
      }
      t.batchSize = new
      return [settings(batchSize: new)]
    case .save:
      guard let p = t.targetRun else {
        t.message = "Nothing to save yet: enter starts a run."
        return []
      }
      let path = "\(TrainSetup.runsFolder)/\(fileName(p)).safetensors"
      if t.isRunning, p.runID == t.runCount { return [command(.save(path: path))] }
      t.message = "Saving run \(p.runID)…"
      return [.startEngineWork(.train(.saveEnded(runID: p.runID, path: path)))]
    case .export:
      guard let p = t.targetRun else {
        t.message = "Nothing to export yet: enter starts a run."
        return []
      }
      let stem = "\(TrainSetup.runsFolder)/\(fileName(p))"
      if t.isRunning, p.runID == t.runCount { return [command(.export(stem: stem))] }
      t.message = "Exporting run \(p.runID)…"
      return [.startEngineWork(.train(.exportEnded(runID: p.runID, stem: stem)))]
    case .openMistake:
      state.train = t
      return openMistake(&state)
    case .moveSelection(let delta) where t.panel == .mistakes:
      guard let count = t.progress?.mistakes.count, count > 0 else {
        t.message = "No misclassified images yet: they appear after the first epoch."
        return []
      }
      t.selectedMistake = min(count - 1, max(0, (t.selectedMistake ?? -1) + delta))
    case .moveSelection(let delta):
      // Oldest at the top, as the runs table lists them; the panel shows where the mark is.
      let ids = t.allRuns.map(\.runID)
      guard !ids.isEmpty else {
        t.message = "No runs yet: enter starts one."
        return []
      }
      let current = t.selectedRun.flatMap { ids.firstIndex(of: $0) } ?? ids.count - 1
      let i = min(ids.count - 1, max(0, current + delta))
      t.selectedRun = i == ids.count - 1 ? nil : ids[i]
      t.panel = .runs
    case .cycleCompared:
      let others = t.runs.map(\.runID).filter { $0 != t.progress?.runID }.reversed()
      guard !others.isEmpty else {
        t.message = noEarlierRun
        return []
      }
      // none → newest → older … → none.
      if let current = t.compared.first, let i = others.firstIndex(of: current), others.index(after: i) != others.endIndex {
        t.compared = [others[others.index(after: i)]]
      } else if t.compared.isEmpty {
        t.compared = [others.first!]
      } else {
        t.compared = []
      }
    case .addCompared:
      // Newest first, skipping those already drawn; when all are drawn (or three), start over.
      let others = t.runs.map(\.runID).filter { $0 != t.progress?.runID && !t.compared.contains($0) }.reversed()
      if let id = others.first, t.compared.count < TrainState.maxCompared {
        t.compared.append(id)
      } else if t.runs.isEmpty {
        t.message = noEarlierRun
      } else {
        t.compared = []
      }
    case .toggleChart:
      t.chart = t.chart == .loss ? .accuracy : .loss
    case .toggleLogScale:
      let comparing = t.compared.contains { $0 != t.progress?.runID }
      t.logScale = !t.usesLogScale(comparing: comparing)
    case .toggleZoom:
      t.isZoomed.toggle()
    case .cyclePanel:
      let all = TrainState.Panel.allCases
      t.panel = all[((all.firstIndex(of: t.panel) ?? 0) + 1) % all.count]
    case .timeLapse(let action):
      if let message = t.scrub.apply(action, count: t.progress?.timeLapse?.frames.count ?? 0) { t.message = message }
    case .cycleMapLayer:
      guard let layers = t.progress?.timeLapse?.mapLayers, !layers.isEmpty else {
        t.message = TimeLapseScrub.noFrames
        return []
      }
      guard layers.count > 1 else {
        t.message = "This run's time-lapse keeps \(layers[0].name)'s maps only (--timelapse-layers keeps more)."
        return []
      }
      t.mapLayer = (min(t.mapLayer, layers.count - 1) + 1) % layers.count
    }
    return []
  }

  /// Runs `setups` one after another (stopping a run under way); the chart overlays them.
  private static func startRuns(_ setups: [TrainSetup], in t: inout TrainState) -> [Effect] {
    guard let first = setups.first else { return [] }
    let stop = t.isRunning ? [command(.stop)] : []
    t.isRunning = false
    t.queue = Array(setups.dropFirst())
    // A single run becomes the next one too (enter repeats it, keys tweak it); a
    // comparison leaves the user's own next run alone.
    if setups.count == 1 { t.next = first }
    t.compared = []
    return stop + start(first, in: &t, comparingWith: [])
  }

  /// Begins run `setup`: the previous run joins the list, the chart compares with `ids`.
  private static func start(_ setup: TrainSetup, in t: inout TrainState, comparingWith ids: [Int]) -> [Effect] {
    if let previous = t.progress { t.runs.append(previous) }
    let kept = (t.next, t.queue, t.runs, t.runCount + 1, t.chart, t.logScale, t.panel, t.isZoomed)
    let compared = ids.isEmpty ? t.compared.filter { id in kept.2.contains { $0.runID == id } } : ids
    let (savedSteps, timeLapseLayers, mapLayer) = (t.savedSteps, t.timeLapseLayers, t.mapLayer)
    t = TrainState(isRunning: true)
    (t.next, t.queue, t.runs, t.runCount, t.chart, t.logScale, t.panel, t.isZoomed) = kept
    // The picked map layer stays (clamped where drawn: the next run may keep fewer layers).
    (t.savedSteps, t.timeLapseLayers, t.mapLayer) = (savedSteps, timeLapseLayers, mapLayer)
    t.compared = compared
    t.message = "Loading data and starting run \(t.runCount): \(setup.summary)…"
    var setup = setup
    setup.timeLapseLayers = setup.timeLapseLayers ?? timeLapseLayers
    return [.startEngineWork(.train(.start(setup, runID: t.runCount)))]
  }

  /// Asks the worker for news on quiet turns while a run is active (at most one poll in
  /// flight; the worker publishes at most five summaries a second anyway).
  static func tick(_ state: inout AppState) -> [Effect] {
    // A playing time-lapse moves on while the screen shows it.
    if state.screen == .train { state.train.scrub.tick(count: state.train.progress?.timeLapse?.frames.count ?? 0) }
    guard state.train.isRunning, !state.train.isPolling else { return [] }
    state.train.isPolling = true
    return [.startEngineWork(.train(.poll))]
  }

  /// Opens the picked misclassified test image in Explore, on the run's model (with that
  /// model's shipped weights: the run's own are saved with `w`).
  private static func openMistake(_ state: inout AppState) -> [Effect] {
    let t = state.train
    guard let p = t.progress, let i = t.selectedMistake, p.mistakes.indices.contains(i) else { return [] }
    let m = p.mistakes[i]
    let kind = DatasetKind(rawValue: p.dataset) ?? p.setup.dataset
    let link = LessonExplore(model: p.setup.model, input: .dataset(kind, .test, index: m.index))
    state.statusMessage = "Explore: test image \(m.index) of \(kind.rawValue) (true \(m.label), guessed \(m.predicted) in run \(p.runID))"
    // The app-wide update (this enum has its own, for Train actions only).
    return ConvScopeApp.update(&state, .explore(.setUp(ExploreSetup(link)))) + ConvScopeApp.update(&state, .selectScreen(.explore))
  }

  /// Whether quitting now would lose something (a run training, or runs not saved since
  /// they last trained): then `q` asks first.
  static func quitNeedsAsking(_ state: AppState) -> Bool {
    state.train.isRunning || !state.train.unsavedRuns.isEmpty
  }

  /// Stops the run in progress, if any (before the app quits; a tour showing an earlier step's runs).
  static func stopRun(_ state: inout AppState) -> [Effect] {
    guard state.train.isRunning else { return [] }
    state.train.isRunning = false
    return [command(.stop)]
  }

  static func apply(_ event: TrainEvent, to state: inout AppState) -> [Effect] {
    var t = state.train
    defer { state.train = t }
    t.isPolling = false
    switch event {
    case .progress(let p):
      // A summary of an earlier run (a poll that crossed a restart) changes nothing.
      guard p.runID == t.runCount, t.isRunning else { return [] }
      t.progress = p
      // A run of a model file started without its network (a lesson link's) brings the one it
      // read: the next run keeps it, and `M` then reports what an edit changes.
      if t.next.modelSpec == nil, t.next.model == p.setup.model, let spec = p.setup.modelSpec { t.next.modelSpec = spec }
      // The first summary carries the recipe's settings; after that the keys own them.
      if t.learningRate == nil { t.learningRate = p.learningRate }
      if t.momentum == nil { t.momentum = p.momentum }
      if t.weightDecay == nil { t.weightDecay = p.weightDecay }
      if t.batchSize == nil { t.batchSize = p.batchSize }
      t.isPaused = p.isPaused
      if let path = p.savedPath { t.message = "Saved \(path)" }
      if let step = p.savedStep { t.savedSteps[p.runID] = step }
      if let error = p.saveError { t.message = error }
      if t.message?.hasPrefix("Loading") == true { t.message = nil }
      if p.isFinished, t.isRunning {
        t.isRunning = false
        if let next = t.queue.first {
          // The next run of a comparison: it is drawn over the runs before it.
          t.queue.removeFirst()
          let batch = t.compared + [p.runID]
          return start(next, in: &t, comparingWith: Array(batch.suffix(TrainState.maxCompared)))
        }
      }
    case .saved(let runID, let path, let step):
      t.savedSteps[runID] = step
      t.message = "Saved run \(runID): \(path) (u resumes it; so does train --resume)"
    case .exported(let runID, let files):
      t.message = "Exported run \(runID): \(files)"
    case .writeFailed(let message):
      t.message = message
    case .noSession:
      t.isRunning = false
    case .failed(let message):
      t.isRunning = false
      t.queue = []
      t.message = message
    }
    return []
  }

  /// "lenet5-mnist-seed1-run3".
  private static func fileName(_ p: TrainProgress) -> String {
    "\(p.setup.fileStem)-seed\(p.setup.seed)-run\(p.runID)"
  }

  /// The recipe of the next run's model, with the settings already chosen for it on top.
  private static func recipe(_ setup: TrainSetup) -> (learningRate: Float, momentum: Float, weightDecay: Float, batchSize: Int) {
    let base = (try? setup.model.spec(classes: 10)).map(TrainingRecipe.defaults) ?? TrainingConfig()
    return (setup.learningRate ?? base.learningRate, setup.momentum ?? base.momentum,
            setup.weightDecay ?? base.weightDecay, setup.batchSize ?? base.batchSize)
  }

  private static let noEarlierRun = "No earlier run to compare with yet: finish or stop one, then start another."

  private static func command(_ c: TrainCommand) -> Effect { .startEngineWork(.train(.command(c))) }

  private static func settings(learningRate: Float? = nil, momentum: Float? = nil, weightDecay: Float? = nil,
                               batchSize: Int? = nil) -> Effect {
    command(.settings(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay, batchSize: batchSize))
  }

  private static func busy(_ t: inout TrainState) -> [Effect] {
    t.message = "A run is active: model, data, epochs and seed apply to the next run (E ends this one)."
    return []
  }
}
