import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// Explore bound to a training run (`R`): the maps and gradients are a fresh pass with the
/// run's weights at the step shown, the reducer binds, refreshes and unbinds, and the live
/// panel draws the gradient and the update ratios.
@Suite(.serialized) struct ExploreLiveTests {
  /// An engine whose training slot holds a LeNet-5 (ReLU) run that has taken `steps` steps,
  /// stepped here without a worker thread (one thread: the same run every time).
  static func engine(steps: Int) throws -> (EngineSession, TrainSession) {
    let engine = EngineSession()
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (512, 1, 32)
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1)
    let session = TrainSession(trainer: run.trainer, setup: setup, runID: 1, trainSet: run.trainSet, testSet: run.testSet)
    for _ in 0..<steps { _ = session.advance() }
    engine.training.replace(with: session)
    return (engine, session)
  }

  static let liveForward = ExploreRequest.forward(model: "lenet5", input: .dataset("mnist", index: 0),
                                                  weights: ExploreState.liveWeights)

  static func liveTrace(_ engine: EngineSession) throws -> ExploreTrace {
    let event = engine.explore(liveForward)
    guard case .forwardFinished(let trace) = event else { throw ExploreError("no live trace: \(event)") }
    return trace
  }

  @Test func boundMapsAreAFreshPassWithTheRunsWeightsAtThatStep() throws {
    let (engine, session) = try Self.engine(steps: 5)
    let trace = try Self.liveTrace(engine)
    let live = try #require(trace.live)
    #expect(live.step == 5 && live.runID == 1 && !live.isFinal)
    #expect(trace.model == "lenet5-modern")
    // A network of its own, loaded with the trainer's weights as they are now (step 5).
    let trainer = session.trainer
    let fresh = try Network(spec: trainer.network.spec)
    for (a, b) in zip(trainer.network.savedParameters, fresh.savedParameters) { b.value.copy(from: a.value) }
    let x = try InputSource.load("mnist:test:0", for: fresh.spec, assets: Fixtures.assets).tensor
    let maps = fresh.layerGradients(for: x, label: 7)
    #expect(trace.trueLabel == 7 && live.label == 7)
    #expect(trace.layers.count == fresh.layers.count + 1)
    for (i, out) in fresh.outputs.enumerated() {
      #expect(trace.layers[i + 1].values == out.array, "\(trace.layers[i + 1].name) maps")
      #expect(trace.layers[i + 1].gradient == maps.gradients[i].array, "\(trace.layers[i + 1].name) gradient")
    }
    #expect(trace.layers[0].gradient.isEmpty)
    #expect(live.loss == maps.loss)
    #expect(live.ratios == trainer.updateRatios())
    #expect(live.ratios.map(\.layer) == ["C1", "C3", "C5", "F6", "output"])
    #expect(live.ratios.allSatisfy { ($0.ratio ?? 0) > 0 })

    // The explain view works on the live pass like on shipped weights.
    let explained = engine.explore(.explain(model: "lenet5", input: .dataset("mnist", index: 0),
                                            key: ExploreValueKey(layer: 1, channel: 0, y: 14, x: 14), width: 60,
                                            weights: ExploreState.liveWeights))
    guard case .explained(let explanation) = explained else { Issue.record("\(explained)"); return }
    #expect(explanation.agrees)

    // Five more steps: the next refresh is of step 10, with other maps.
    for _ in 0..<5 { _ = session.advance() }
    let later = try Self.liveTrace(engine)
    #expect(later.live?.step == 10)
    #expect(later.layers[1].values != trace.layers[1].values)
  }

  @Test func withoutARunTheLiveViewSaysWhereToStartOne() {
    let event = EngineSession().explore(Self.liveForward)
    #expect(event == .failed("no training run to follow: start one on the Train screen (2), then press R here"))
  }

  // MARK: - The reducer

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    /// Whether a run exists (the Train screen has its progress).
    var hasRun = true
    var before: [ExploreAction] = []
    var action: ExploreAction
    /// The weights the forward pass asked for uses (nil: no pass asked for).
    var forward: String??
    var check: @Sendable (AppState) -> Bool
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "R without a run says where to start one", hasRun: false, action: .toggleLive, forward: .none,
         check: { !$0.explore.isLive && $0.statusMessage?.hasPrefix("no training run to follow") == true }),
    Case(name: "R binds to the run and asks for its weights", action: .toggleLive,
         forward: .some(ExploreState.liveWeights),
         check: { $0.explore.isLive && $0.explore.isLoading && $0.statusMessage?.hasPrefix("following run 1 live") == true }),
    Case(name: "R again goes back to the model's own weights", before: [.toggleLive], action: .toggleLive,
         forward: .some(nil), check: { !$0.explore.isLive && $0.explore.weightsFile == nil }),
    Case(name: "m leaves the run for the next model", before: [.toggleLive], action: .cycleModel, forward: .some(nil),
         check: { !$0.explore.isLive }),
    Case(name: "bound, a quiet turn short of the refresh asks for nothing",
         before: [.toggleLive], action: .open, forward: .none,
         check: { $0.explore.isLive && $0.explore.liveTicks == 1 }),
  ]

  static func state(hasRun: Bool) throws -> AppState {
    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = .explore
    state.explore.trace = ExploreTests.lenetTrace
    if hasRun { state.train.progress = TrainProgress(model: "lenet5-modern", dataset: "mnist") }
    state.train.progress?.runID = 1
    return state
  }

  @Test(arguments: cases) func reducer(_ c: Case) throws {
    var state = try Self.state(hasRun: c.hasRun)
    for action in c.before { _ = ExploreScreen.update(&state, action) }
    let effects = ExploreScreen.update(&state, c.action)
    let forwards = effects.compactMap { effect -> String?? in
      if case .startEngineWork(.explore(.forward(_, _, let weights, _))) = effect { return .some(weights) }
      return nil
    }
    switch c.forward {
    case .none: #expect(forwards.isEmpty, "\(effects)")
    case .some(let weights): #expect(forwards == [weights], "\(effects)")
    }
    #expect(c.check(state))
  }

  @Test func boundRefreshesEverySixQuietTurnsOneAtATime() throws {
    var state = try Self.state(hasRun: true)
    _ = ExploreScreen.update(&state, .toggleLive)
    let (engine, _) = try Self.engine(steps: 3)
    _ = update(&state, .engineReported(.explore(engine.explore(Self.liveForward))))
    #expect(state.explore.trace?.live?.step == 3 && !state.explore.isLoading)
    var asked: [Int] = []
    for turn in 1...13 {
      let effects = ExploreScreen.update(&state, .open)
      if !effects.isEmpty { asked.append(turn) }
      if turn == 6 { #expect(state.explore.isLoading) }
    }
    // The sixth turn asks; while that pass is out nothing more is asked (turns 12, 13).
    #expect(asked == [6])
    _ = update(&state, .engineReported(.explore(engine.explore(Self.liveForward))))
    for _ in 1...6 { _ = ExploreScreen.update(&state, .open) }
    #expect(state.explore.isLoading)
  }

  @Test func aStaleOrFailedPassAfterUnbindingIsHandled() throws {
    var state = try Self.state(hasRun: true)
    let (engine, _) = try Self.engine(steps: 2)
    let live = engine.explore(Self.liveForward)
    // Not bound: a live answer (from before R was pressed again) is dropped.
    let shown = state.explore.trace
    _ = update(&state, .engineReported(.explore(live)))
    #expect(state.explore.trace == shown)
    // Bound, and the run goes away: back to the model's weights, with the reason.
    _ = ExploreScreen.update(&state, .toggleLive)
    let effects = update(&state, .engineReported(.explore(.failed("no training run to follow"))))
    #expect(!state.explore.isLive)
    #expect(state.statusMessage == "no training run to follow")
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: .dataset("mnist", index: 0))))])
  }

  // MARK: - The screen

  /// Explore bound to a 5-step run, on C1.
  static func boundAtC1(size: Size) throws -> AppState {
    let (engine, _) = try engine(steps: 5)
    var state = AppState(size: size)
    state.screen = .explore
    state.explore.isLive = true
    state.explore.trace = try liveTrace(engine)
    state.explore.layer = 1
    return state
  }

  @Test(arguments: [(80, 24), (100, 30), (120, 40), (200, 60)]) func livePanelSnapshot(size: (Int, Int)) throws {
    var state = try Self.boundAtC1(size: Size(width: size.0, height: size.1))
    state.explore.selectedMap = 2
    let text = ScreenSnapshotTests.draw(state, width: size.0, height: size.1)
    #expect(text.contains("live · step 5 · run 1"))
    #expect(text.contains("∂loss/∂C1 map 2:"))
    #expect(text.contains("‖Δw‖/‖w‖ per step:"))
    #expect(text.contains("output 2.9e-02 ok"))
    Snapshot.assert(text, named: "explore-live-c1-\(size.0)x\(size.1)")
  }

  /// C1's 28×28 gradient is drawn at one pixel per value where the panel is 28 columns wide
  /// (120×40: 14 half-block rows of 28), as wide as the panel at 100×30 (26), and no smaller
  /// than 18×18 at 80×24, with the whole ratio table each time.
  @Test(arguments: [(80, 24, 9, 18), (100, 30, 13, 26), (120, 40, 14, 28)]) func theGradientPictureKeepsItsSize(
    size: (Int, Int, Int, Int)
  ) throws {
    let state = try Self.boundAtC1(size: Size(width: size.0, height: size.1))
    let lines = ScreenSnapshotTests.draw(state, width: size.0, height: size.1).split(separator: "\n").map(Array.init)
    let title = try #require(lines.firstIndex { String($0).contains("∂loss/∂C1 map 0") })
    let column = try #require((0..<lines[title].count).first { lines[title][$0...].starts(with: "∂loss") })
    // The picture's rows: half blocks from the title's column down, and how wide each is.
    let widths = lines[(title + 1)...].map { line in line.dropFirst(column).prefix { $0 == "▀" }.count }.prefix { $0 > 0 }
    #expect(widths.count >= size.2)
    #expect(widths.allSatisfy { $0 >= size.3 })
    #expect(lines.contains { $0.contains("output 2.9e-02 ok") })
  }

  /// The panel's rows go to the picture first; the words give way in a fixed order.
  @Test func theLivePanelPlanGivesWayInOrder() {
    let long = ["a", "b", "c", "d"], short = ["a", "b"]
    func plan(_ height: Int, native: Int = 14) -> ExploreLivePanel.Plan {
      .make(height: height, nativePicture: native, enlargedPicture: height / 2, tableRows: 8, long: long, short: short)
    }
    // Room for everything: the run line, picture with legend, gap, long sentence.
    #expect(plan(34) == .init(runLine: true, pictureRows: 17, legendInTitle: false, gap: 1, sentence: long))
    #expect(plan(31) == .init(runLine: true, pictureRows: 16, legendInTitle: false, gap: 1, sentence: long))
    #expect(plan(30) == .init(runLine: true, pictureRows: 16, legendInTitle: false, gap: 0, sentence: short))
    #expect(plan(27) == .init(runLine: false, pictureRows: 16, legendInTitle: false, gap: 0, sentence: short))
    #expect(plan(26) == .init(runLine: false, pictureRows: 15, legendInTitle: true, gap: 0, sentence: short))
    #expect(plan(24) == .init(runLine: false, pictureRows: 15, legendInTitle: true, gap: 0, sentence: []))
    // Shorter: the picture shrinks, keeping the short sentence while the map keeps two
    // thirds of its rows.
    #expect(plan(22) == .init(runLine: false, pictureRows: 11, legendInTitle: true, gap: 0, sentence: short))
    #expect(plan(19) == .init(runLine: false, pictureRows: 10, legendInTitle: true, gap: 0, sentence: []))
    // No picture (the input layer): one line says so.
    #expect(plan(13, native: 0) == .init(runLine: true, pictureRows: 1, legendInTitle: false, gap: 0, sentence: short))
    #expect(plan(12, native: 0) == .init(runLine: false, pictureRows: 1, legendInTitle: false, gap: 0, sentence: short))
  }
}
