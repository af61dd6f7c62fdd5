import ConvEngine
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// The Train screen's `update` logic (pure), the quit question while a run is active, and
/// the worker's divergence handling on a tiny real run.
@Suite struct TrainScreenTests {
  static func running() -> AppState {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(TrainScreenSnapshotTests.progress()))))
    return state
  }

  static func command(_ c: TrainCommand) -> Effect { .startEngineWork(.train(.command(c))) }

  @Test func enterStartsOneRun() {
    var state = AppState()
    state.screen = .train
    let effects = update(&state, KeyMap.action(for: KeyEvent(.enter), in: state) ?? .tick)
    #expect(effects == [.startEngineWork(.train(.start(model: "lenet5", dataset: "mnist")))])
    #expect(state.isTrainingRunning)
    #expect(update(&state, .train(.start)).isEmpty)
  }

  @Test func modelAndDatasetAreChosenWithKeys() {
    var state = AppState()
    state.screen = .train
    for c: Character in ["m", "t"] { _ = update(&state, KeyMap.action(for: .char(c), in: state) ?? .tick) }
    let effects = update(&state, .train(.start))
    #expect(effects == [.startEngineWork(.train(.start(model: "lenet5-modern", dataset: "fashion-mnist")))])
  }

  @Test func spacePausesAndResumes() {
    var state = Self.running()
    #expect(update(&state, .train(.togglePause)) == [Self.command(.pause)])
    #expect(state.train.isPaused)
    #expect(update(&state, .train(.togglePause)) == [Self.command(.resume)])
    #expect(!state.train.isPaused)
  }

  @Test func stepAndEpochLeaveTheRunPaused() {
    var state = Self.running()
    #expect(update(&state, KeyMap.action(for: .char("s"), in: state) ?? .tick) == [Self.command(.step)])
    #expect(state.train.isPaused)
    #expect(update(&state, KeyMap.action(for: .char("n"), in: state) ?? .tick) == [Self.command(.epoch)])
    #expect(state.train.isPaused)
  }

  @Test func liveSettingsGoToTheWorker() {
    var state = Self.running()
    #expect(update(&state, .train(.scaleLearningRate(0.5)))
      == [Self.command(.settings(learningRate: 0.025, momentum: nil, batchSize: nil))])
    #expect(update(&state, .train(.scaleLearningRate(2)))
      == [Self.command(.settings(learningRate: 0.05, momentum: nil, batchSize: nil))])
    #expect(update(&state, .train(.changeMomentum(0.05)))
      == [Self.command(.settings(learningRate: nil, momentum: 0.95, batchSize: nil))])
    _ = update(&state, .train(.changeMomentum(0.5)))
    #expect(state.train.momentum == 0.99)
    #expect(update(&state, .train(.scaleBatchSize(2)))
      == [Self.command(.settings(learningRate: nil, momentum: nil, batchSize: 128))])
    // A later summary does not undo what the keys asked for.
    _ = update(&state, .engineReported(.train(.progress(TrainScreenSnapshotTests.progress()))))
    #expect(state.train.batchSize == 128)
  }

  @Test func settingsNeedARun() {
    var state = AppState()
    state.screen = .train
    #expect(update(&state, .train(.scaleLearningRate(2))).isEmpty)
    #expect(update(&state, .train(.togglePause)).isEmpty)
  }

  @Test func quitWhileRunningAsksAndThenStopsTheWorker() {
    var state = Self.running()
    #expect(update(&state, KeyMap.action(for: .char("q"), in: state) ?? .tick).isEmpty)
    #expect(state.isQuitPending)
    #expect(update(&state, KeyMap.action(for: .char("y"), in: state) ?? .tick) == [Self.command(.stop), .quitApp])
  }

  @Test func ticksPollOneAtATime() {
    var state = Self.running()
    #expect(update(&state, .tick) == [.startEngineWork(.train(.poll))])
    #expect(update(&state, .tick).isEmpty)
    var done = TrainScreenSnapshotTests.progress()
    done.isFinished = true
    _ = update(&state, .engineReported(.train(.progress(done))))
    #expect(!state.isTrainingRunning)
    #expect(update(&state, .tick).isEmpty)
  }

  @Test func saveWritesUnderRuns() {
    var state = Self.running()
    #expect(update(&state, .train(.save)) == [Self.command(.save(path: "runs/lenet5-mnist.safetensors"))])
  }

  /// A huge learning rate on a tiny real run: the worker pauses and says what happened.
  @Test func hugeLearningRateDivergesAndPauses() throws {
    let data = try Fixtures.mnistTest(first: 256)
    let spec = try ModelCatalog.spec(named: "lenet5-modern")
    var config = TrainingRecipe.defaults(for: spec)
    config.learningRate = 1e8
    config.batchSize = 32
    config.threads = 1
    let network = try Network(spec: spec, dropoutSeed: 1)
    network.initialize(seed: 1, scheme: config.initScheme)
    let session = TrainSession(
      trainer: try Trainer(network: network, config: config), model: "lenet5-modern", trainSet: data, testSet: data)
    for _ in 0..<12 where session.snapshot().divergence == nil { _ = session.advance() }
    let progress = session.snapshot()
    let divergence = try #require(progress.divergence)
    #expect(progress.isPaused)
    #expect(!divergence.hint.isEmpty)

    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(progress))))
    #expect(state.train.isPaused)
    let text = TrainScreenSnapshotTests.draw(state)
    #expect(text.contains("Diverged at step"))
    #expect(text.contains("Try:"))
  }
}
