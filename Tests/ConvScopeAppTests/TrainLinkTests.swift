import ConvEngine
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// Following a `convscope:train?…` lesson link starts what it names on the Train screen.
@Suite struct TrainLinkTests {
  static func follow(_ link: String, in state: inout AppState) throws -> [Effect] {
    LessonLinkFollower.follow(try LessonLink(parsing: link), in: &state)
  }

  @Test func aPresetQueuesItsTwoLabelledRuns() throws {
    var state = AppState()
    state.screen = .lessons
    let effects = try Self.follow("convscope:train?preset=relu-vs-tanh&epochs=1", in: &state)
    #expect(state.screen == .train)
    guard case .startEngineWork(.train(.start(let first, runID: 1))) = effects.last else {
      Issue.record("no run started: \(effects)")
      return
    }
    #expect(first.model.name == "lenet5-modern" && first.activation == .relu && first.epochs == 1 && first.label == "ReLU")
    #expect(state.train.queue.map(\.activation) == [.tanh])
    #expect(state.train.next == TrainSetup())  // the user's own next run is left alone
  }

  @Test func aSingleRunLinkStartsItAndBecomesTheNextRun() throws {
    var state = AppState()
    let link = "convscope:train?model=lenet5-modern&dataset=fashion-mnist&weights=assets/weights/lenet5-modern.safetensors"
      + "&freeze=C1,C3,C5&epochs=1"
    let effects = try Self.follow(link, in: &state)
    guard case .startEngineWork(.train(.start(let setup, runID: 1))) = effects.last else {
      Issue.record("no run started: \(effects)")
      return
    }
    #expect(setup.dataset == .fashionMNIST && setup.freeze == ["C1", "C3", "C5"])
    #expect(setup.weights == "assets/weights/lenet5-modern.safetensors")
    #expect(state.train.next == setup)
  }

  @Test func aTransferLinkRunsTheThreeArms() throws {
    var state = AppState()
    let effects = try Self.follow("convscope:train?model=lenet5-modern&transfer=100&epochs=2", in: &state)
    guard case .startEngineWork(.train(.start(let first, runID: 1))) = effects.last else {
      Issue.record("no run started: \(effects)")
      return
    }
    #expect(first.transfer == TrainSetup.Transfer(examples: 100, arm: .frozenFeatures))
    #expect(state.train.queue.compactMap(\.transfer?.arm) == [.fineTuneAll, .fromScratch])
    #expect(throws: (any Error).self) { try LessonLink(parsing: "convscope:train?model=alexnet&transfer=100") }
  }

  /// A lesson's run with shipped weights, frozen layers and `assets/` paths prepares for real.
  @Test func aLinkedRunWithShippedWeightsPrepares() throws {
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"), dataset: .fashionMNIST)
    (setup.weights, setup.freeze, setup.limit, setup.epochs) = ("assets/weights/lenet5-modern.safetensors", ["C1", "C3", "C5"], 64, 1)
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1)
    #expect(run.trainer.config.frozenLayers == ["C1", "C3", "C5"])
    #expect(run.trainSet.count == 64)
  }
}

/// `p` sets the next run's pooling; the run is built with it.
@Suite struct TrainPoolingTests {
  @Test func averagePoolingReachesTheNetwork() throws {
    var state = AppState()
    state.screen = .train
    _ = update(&state, KeyMap.action(for: .char("m"), in: state) ?? .tick)  // lenet5-modern
    for _ in 0..<2 { _ = update(&state, KeyMap.action(for: .char("p"), in: state) ?? .tick) }
    var setup = state.train.next
    #expect(setup.pooling == .average && setup.label == "average pool")
    setup.limit = 32
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1)
    let kinds = run.trainer.network.spec.layers.compactMap { layer -> PoolKind? in
      if case .pool(let kind, _, _) = layer.kind { kind } else { nil }
    }
    #expect(kinds == [.average, .average])
    setup.model = ModelChoice(name: "lenet5")
    #expect(throws: (any Error).self) { try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1) }
  }
}
