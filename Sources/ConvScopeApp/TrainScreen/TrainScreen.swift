/// The Train screen's part of `update`: pure, like the rest of it. Every change to a run is
/// an effect (a `TrainRequest`); the worker's summaries come back as `TrainEvent`s.
enum TrainScreen {
  static func update(_ state: inout AppState, _ action: TrainAction) -> [Effect] {
    var t = state.train
    defer { state.train = t }
    switch action {
    case .start:
      guard !t.isRunning else { return [] }
      let keep = (t.model, t.dataset)
      t = TrainState(isRunning: true)
      (t.model, t.dataset) = keep
      t.message = "Loading \(t.dataset) and starting \(t.model)…"
      return [.startEngineWork(.train(.start(model: t.model, dataset: t.dataset)))]
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
      t.model = next(after: t.model, in: TrainState.models)
    case .cycleDataset:
      guard !t.isRunning else { return busy(&t) }
      t.dataset = next(after: t.dataset, in: TrainState.datasets)
    case .scaleLearningRate(let factor):
      guard t.isRunning, let lr = t.learningRate else { return [] }
      t.learningRate = lr * factor
      return [command(.settings(learningRate: lr * factor, momentum: nil, batchSize: nil))]
    case .changeMomentum(let delta):
      guard t.isRunning, let m = t.momentum else { return [] }
      let new = min(0.99, max(0, ((m + delta) * 100).rounded() / 100))
      t.momentum = new
      return [command(.settings(learningRate: nil, momentum: new, batchSize: nil))]
    case .scaleBatchSize(let factor):
      guard t.isRunning, let b = t.batchSize else { return [] }
      let new = min(1024, max(1, Int((Double(b) * factor).rounded())))
      t.batchSize = new
      return [command(.settings(learningRate: nil, momentum: nil, batchSize: new))]
    case .save:
      guard t.isRunning || t.progress != nil else { return [] }
      return [command(.save(path: "runs/\(t.model)-\(t.dataset).safetensors"))]
    }
    return []
  }

  /// Asks the worker for news on quiet turns while a run is active (at most one poll in
  /// flight; the worker publishes at most five summaries a second anyway).
  static func tick(_ state: inout AppState) -> [Effect] {
    guard state.train.isRunning, !state.train.isPolling else { return [] }
    state.train.isPolling = true
    return [.startEngineWork(.train(.poll))]
  }

  /// Stops the worker before the app quits.
  static func stopForQuit(_ state: inout AppState) -> [Effect] {
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
      t.progress = p
      // The first summary carries the recipe's settings; after that the keys own them.
      if t.learningRate == nil { t.learningRate = p.learningRate }
      if t.momentum == nil { t.momentum = p.momentum }
      if t.batchSize == nil { t.batchSize = p.batchSize }
      t.isPaused = p.isPaused
      if p.isFinished { t.isRunning = false }
      if let path = p.savedPath { t.message = "Saved checkpoint to \(path)" }
      if let error = p.saveError { t.message = error }
      if t.message?.hasPrefix("Loading") == true { t.message = nil }
    case .noSession:
      t.isRunning = false
    case .failed(let message):
      t.isRunning = false
      t.message = message
    }
    return []
  }

  private static func command(_ c: TrainCommand) -> Effect { .startEngineWork(.train(.command(c))) }

  private static func busy(_ t: inout TrainState) -> [Effect] {
    t.message = "A run is active: the model and dataset apply to the next run."
    return []
  }

  private static func next(after value: String, in list: [String]) -> String {
    list[((list.firstIndex(of: value) ?? -1) + 1) % list.count]
  }
}
