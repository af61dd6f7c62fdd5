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
    #expect(effects == [.startEngineWork(.train(.start(TrainSetup(), runID: 1)))])
    #expect(state.isTrainingRunning)
    #expect(update(&state, .train(.start)).isEmpty)
  }

  @Test func modelAndDatasetAreChosenWithKeys() {
    var state = AppState()
    state.screen = .train
    for c: Character in ["m", "t"] { _ = update(&state, KeyMap.action(for: .char(c), in: state) ?? .tick) }
    let effects = update(&state, .train(.start))
    let expected = TrainSetup(model: ModelChoice(name: "lenet5-modern"), dataset: .fashionMNIST)
    #expect(effects == [.startEngineWork(.train(.start(expected, runID: 1)))])
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
      == [Self.command(.settings(learningRate: 0.025, momentum: nil, weightDecay: nil, batchSize: nil))])
    #expect(update(&state, .train(.scaleLearningRate(2)))
      == [Self.command(.settings(learningRate: 0.05, momentum: nil, weightDecay: nil, batchSize: nil))])
    #expect(update(&state, .train(.changeMomentum(0.05)))
      == [Self.command(.settings(learningRate: nil, momentum: 0.95, weightDecay: nil, batchSize: nil))])
    _ = update(&state, .train(.changeMomentum(0.5)))
    #expect(state.train.momentum == 0.99)
    #expect(update(&state, .train(.scaleBatchSize(2)))
      == [Self.command(.settings(learningRate: nil, momentum: nil, weightDecay: nil, batchSize: 128))])
    // A later summary does not undo what the keys asked for.
    _ = update(&state, .engineReported(.train(.progress(TrainScreenSnapshotTests.progress()))))
    #expect(state.train.batchSize == 128)
  }

  /// Without a run the same keys set up the next one, from the model's recipe.
  @Test func settingsWithoutARunShapeTheNextRun() {
    var state = AppState()
    state.screen = .train
    #expect(update(&state, .train(.scaleLearningRate(2))).isEmpty)
    #expect(update(&state, .train(.togglePause)).isEmpty)
    for c: Character in ["e", "R", "R", "}", "+"] { _ = update(&state, KeyMap.action(for: .char(c), in: state) ?? .tick) }
    let next = state.train.next
    #expect(next.learningRate == 0.006)  // lenet5's recipe: 0.003
    #expect(next.epochs == 1)
    #expect(next.seed == 3)
    #expect(next.weightDecay == 1e-4)  // from the recipe's 0
    #expect(next.batchSize == 128)
    let effects = update(&state, .train(.start))
    #expect(effects == [.startEngineWork(.train(.start(next, runID: 1)))])
  }

  /// Runs are kept; `c` overlays earlier ones in turn; a summary of an old run is ignored.
  @Test func runsAreKeptAndCompared() {
    var state = Self.running()
    var first = TrainScreenSnapshotTests.progress()
    first.isFinished = true
    _ = update(&state, .engineReported(.train(.progress(first))))
    #expect(!state.isTrainingRunning)
    _ = update(&state, .train(.start))
    #expect(state.train.runCount == 2)
    #expect(state.train.runs.map(\.runID) == [1])
    // A late summary of run 1 must not replace run 2's.
    _ = update(&state, .engineReported(.train(.progress(first))))
    #expect(state.train.progress == nil)
    var second = TrainScreenSnapshotTests.progress()
    second.runID = 2
    _ = update(&state, .engineReported(.train(.progress(second))))
    #expect(state.train.progress?.runID == 2)
    _ = update(&state, .train(.cycleCompared))
    #expect(state.train.compared == [1])
    _ = update(&state, .train(.cycleCompared))
    #expect(state.train.compared.isEmpty)
  }

  /// `C` draws several earlier runs at once: any two runs can be compared, not only with the current one.
  @Test func capitalCAddsRunsAlongside() {
    var state = Self.running()
    for id in 1...3 {
      var p = TrainScreenSnapshotTests.progress()
      p.runID = id
      p.isFinished = true
      _ = update(&state, .engineReported(.train(.progress(p))))
      _ = update(&state, .train(.start))
    }
    #expect(state.train.runs.map(\.runID) == [1, 2, 3])
    for expected in [[3], [3, 2], [3, 2, 1], []] {
      _ = update(&state, KeyMap.action(for: .char("C"), in: state) ?? .tick)
      #expect(state.train.compared == expected)
    }
  }

  /// A two-run comparison: the second run starts when the first ends and is drawn over it.
  @Test func queuedRunsStartInTurnAndCompare() {
    var state = AppState()
    state.screen = .train
    var relu = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    relu.label = "ReLU"
    var tanh = relu
    tanh.activation = .tanh
    tanh.label = "tanh"
    #expect(update(&state, .train(.startRuns([relu, tanh]))) == [.startEngineWork(.train(.start(relu, runID: 1)))])
    var done = TrainScreenSnapshotTests.progress()
    done.isFinished = true
    let effects = update(&state, .engineReported(.train(.progress(done))))
    #expect(effects == [.startEngineWork(.train(.start(tanh, runID: 2)))])
    #expect(state.train.compared == [1])
    #expect(state.train.queue.isEmpty)
  }

  @Test func stopEndsTheRunAndKeepsIt() {
    var state = Self.running()
    #expect(update(&state, KeyMap.action(for: .char("E"), in: state) ?? .tick) == [Self.command(.stop)])
    #expect(!state.isTrainingRunning)
    #expect(TrainScreenSnapshotTests.draw(state).contains("ended early ·"))
    _ = update(&state, .train(.start))
    #expect(state.train.runs.count == 1)
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
    #expect(update(&state, .train(.save)) == [Self.command(.save(path: "runs/lenet5-mnist-seed1-run1.safetensors"))])
    #expect(update(&state, .train(.export)) == [Self.command(.export(stem: "runs/lenet5-mnist-seed1-run1"))])
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
      trainer: try Trainer(network: network, config: config), setup: TrainSetup(), runID: 1, trainSet: data, testSet: data)
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

/// The transfer experiment from the Train screen: three labelled runs with the chosen N.
@Suite struct TrainTransferKeyTests {
  @Test func capitalTStartsTheThreeArmsWithTheChosenSize() {
    var state = AppState()
    state.screen = .train
    for c: Character in ["l", "l"] { _ = update(&state, KeyMap.action(for: .char(c), in: state) ?? .tick) }
    #expect(state.train.next.limit == 1_000)
    let effects = update(&state, KeyMap.action(for: .char("T"), in: state) ?? .tick)
    guard case .startEngineWork(.train(.start(let first, runID: 1))) = effects.first else {
      Issue.record("no run started: \(effects)")
      return
    }
    #expect(first.transfer == TrainSetup.Transfer(examples: 1_000, arm: .frozenFeatures))
    #expect(first.model.name == "lenet5")  // the next run's model; its shipped MNIST weights are the start
    #expect(state.train.queue.map { $0.transfer?.arm } == [.fineTuneAll, .fromScratch])
    #expect(state.train.queue.allSatisfy { $0.transfer?.examples == 1_000 && $0.dataset == .fashionMNIST })
  }
}
