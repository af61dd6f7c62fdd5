import ConvEngine
import Testing

@testable import ConvScopeApp

/// `TrainScreen.update`, one table row per action and situation: the state it starts from
/// (idle or with a run going), the action, the effects it must ask for, and what must hold
/// of the Train state afterwards.
@Suite struct TrainReducerTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var running = false
    var action: TrainAction
    /// nil: not checked here (the row's `check` says what matters).
    var effects: [Effect]? = []
    var check: @Sendable (TrainState) -> Bool = { _ in true }
    var testDescription: String { name }
  }

  static func command(_ c: TrainCommand) -> Effect { .startEngineWork(.train(.command(c))) }

  /// The next run's recipe for LeNet-5 (1998), the default model, as the engine sets it.
  static let recipe = TrainingRecipe.defaults(for: try! ModelChoice(name: "lenet5").spec(classes: 10))

  static func state(running: Bool) -> AppState {
    var state = AppState()
    state.screen = .train
    guard running else { return state }
    state.train = TrainState(isRunning: true)
    state.train.runCount = 1
    (state.train.learningRate, state.train.momentum, state.train.weightDecay, state.train.batchSize) = (0.01, 0.9, 5e-4, 32)
    return state
  }

  static let busy = "A run is active: model, data, epochs and seed apply to the next run (E ends this one)."

  static let cases: [Case] = [
    Case(name: "start asks the worker for run 1", action: .start,
         effects: [.startEngineWork(.train(.start(TrainSetup(), runID: 1)))],
         check: { $0.isRunning && $0.runCount == 1 && $0.message?.hasPrefix("Loading data and starting run 1") == true }),
    Case(name: "start while running does nothing", running: true, action: .start, check: { $0.runCount == 1 }),
    Case(name: "stop ends the run and empties the queue", running: true, action: .stopRun, effects: [command(.stop)],
         check: { !$0.isRunning && $0.queue.isEmpty && $0.message == "Run 1 stopped; enter starts a new one." }),
    Case(name: "stop without a run does nothing", action: .stopRun, check: { !$0.isRunning }),
    Case(name: "space pauses a run", running: true, action: .togglePause, effects: [command(.pause)], check: { $0.isPaused }),
    Case(name: "space without a run does nothing", action: .togglePause, check: { !$0.isPaused }),
    Case(name: "one batch leaves the run paused", running: true, action: .stepBatch, effects: [command(.step)],
         check: { $0.isPaused }),
    Case(name: "one epoch leaves the run paused", running: true, action: .stepEpoch, effects: [command(.epoch)],
         check: { $0.isPaused }),
    Case(name: "m picks the next model and drops the old recipe", action: .cycleModel,
         check: { $0.next.model == ModelChoice(name: "lenet5-modern") && $0.next.learningRate == nil }),
    Case(name: "m while running only says why", running: true, action: .cycleModel,
         check: { $0.next.model == ModelChoice(name: "lenet5") && $0.message == busy }),
    Case(name: "t picks Fashion-MNIST", action: .cycleDataset, check: { $0.next.dataset == .fashionMNIST }),
    Case(name: "e picks one epoch", action: .cycleEpochs, check: { $0.next.epochs == 1 }),
    Case(name: "p picks max pooling and labels the run", action: .cyclePooling,
         check: { $0.next.pooling == .max && $0.next.label == "max pool" }),
    Case(name: "l picks 100 training images", action: .cycleLimit, check: { $0.next.limit == 100 }),
    Case(name: "r adds one to the seed", action: .changeSeed(1), check: { $0.next.seed == 2 }),
    Case(name: "the seed stays at 0 or more", action: .changeSeed(-5), check: { $0.next.seed == 0 }),
    Case(name: "] doubles the next run's learning rate", action: .scaleLearningRate(2),
         check: { $0.next.learningRate == recipe.learningRate * 2 }),
    Case(name: "] doubles a running run's learning rate live", running: true, action: .scaleLearningRate(2),
         effects: [command(.settings(learningRate: 0.02, momentum: nil, weightDecay: nil, batchSize: nil))],
         check: { $0.learningRate == 0.02 }),
    Case(name: "momentum rises live and stops at 0.99", running: true, action: .changeMomentum(0.5),
         effects: [command(.settings(learningRate: nil, momentum: 0.99, weightDecay: nil, batchSize: nil))],
         check: { $0.momentum == 0.99 }),
    Case(name: "momentum of the next run", action: .changeMomentum(-0.05),
         check: { $0.next.momentum == min(0.99, max(0, ((recipe.momentum - 0.05) * 100).rounded() / 100)) }),
    Case(name: "weight decay halves live", running: true, action: .scaleWeightDecay(0.5),
         effects: [command(.settings(learningRate: nil, momentum: nil, weightDecay: 2.5e-4, batchSize: nil))]),
    Case(name: "batch doubles live and is kept to 1024", running: true, action: .scaleBatchSize(64),
         effects: [command(.settings(learningRate: nil, momentum: nil, weightDecay: nil, batchSize: 1024))],
         check: { $0.batchSize == 1024 }),
    Case(name: "batch of the next run halves", action: .scaleBatchSize(0.5),
         check: { $0.next.batchSize == max(1, Int((Double(recipe.batchSize) * 0.5).rounded())) }),
    Case(name: "saving needs a run", action: .save,
         check: { $0.message == "Nothing to save yet: enter starts a run." }),
    Case(name: "export needs a run", action: .export,
         check: { $0.message == "Nothing to export yet: enter starts a run." }),
    Case(name: "c with no earlier run says so", action: .cycleCompared,
         check: { $0.compared.isEmpty && $0.message?.hasPrefix("No earlier run") == true }),
    Case(name: "C with no earlier run says so", action: .addCompared,
         check: { $0.compared.isEmpty && $0.message?.hasPrefix("No earlier run") == true }),
    Case(name: "a shows accuracy", action: .toggleChart, check: { $0.chart == .accuracy }),
    Case(name: "g turns the log scale on", action: .toggleLogScale, check: { $0.logScale == true }),
    Case(name: "v shows the mistakes", action: .cyclePanel, check: { $0.panel == .mistakes }),
    Case(name: "T starts the three transfer arms, first one now", action: .startTransfer, effects: nil,
         check: { $0.isRunning && $0.queue.count == 2 && $0.runCount == 1 }),
  ]

  @Test(arguments: cases) func action(_ c: Case) {
    var state = Self.state(running: c.running)
    let effects = TrainScreen.update(&state, c.action)
    if let expected = c.effects { #expect(effects == expected) }
    #expect(c.check(state.train), "\(state.train.message ?? "")")
  }

  /// Presses of `e` walk the epoch choices in order; the last wraps to the model's own.
  @Test func epochChoicesWrapAround() {
    var state = Self.state(running: false)
    var seen: [Int?] = []
    for _ in TrainState.epochChoices.indices {
      _ = TrainScreen.update(&state, .cycleEpochs)
      seen.append(state.train.next.epochs)
    }
    #expect(seen == Array(TrainState.epochChoices.dropFirst()) + [nil])
  }
}
