import ConvEngine
import Foundation
import TerminalUI
import Testing
import TestSupport

@testable import ConvScopeApp

/// Explore following (`R`) a run whose model is a model file: the bound maps are a fresh pass
/// of the file's network with the run's weights at the step shown, as for a built-in model.
@Suite(.serialized) struct ExploreLiveModelFileTests {
  static let file = Fixtures.packageRoot + "/lessons/models/lenet5-3x3.convnet"

  @Test func boundMapsOfAModelFileRunAreAFreshPassWithItsWeights() throws {
    let engine = EngineSession()
    var setup = TrainSetup(model: ModelChoice(name: Self.file))
    setup.modelSpec = try ModelFile.read(path: Self.file)
    (setup.limit, setup.epochs, setup.batchSize) = (512, 1, 32)
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1)
    let session = TrainSession(trainer: run.trainer, setup: setup, runID: 1, trainSet: run.trainSet, testSet: run.testSet)
    for _ in 0..<4 { _ = session.advance() }
    engine.training.replace(with: session)

    // Explore on the same file, bound to the run, as the reducer asks for it.
    var state = AppState(size: Size(width: 120, height: 40))
    state.explore = ExploreState(model: Self.file)
    state.explore.spec = setup.modelSpec
    state.train.progress = TrainProgress(model: Self.file, dataset: "mnist")
    state.train.progress?.runID = 1
    let effects = update(&state, .explore(.toggleLive))
    guard case .startEngineWork(.explore(let request)) = try #require(effects.first) else {
      Issue.record("no pass asked for: \(effects)")
      return
    }
    #expect(request == .forward(model: Self.file, input: .dataset("mnist", index: 0), weights: ExploreState.liveWeights,
                                spec: setup.modelSpec))
    guard case .forwardFinished(let trace) = engine.explore(request) else { Issue.record("no live trace"); return }
    let live = try #require(trace.live)
    #expect(live.step == 4 && live.runID == 1)
    #expect(trace.model == "lenet5-3x3")
    #expect(trace.layers.map(\.name) == ["input", "C1a", "C1b", "S2", "C3a", "C3b", "S4", "C5", "F6", "output"])

    let trainer = session.trainer
    let fresh = try Network(spec: try ModelFile.read(path: Self.file))
    for (a, b) in zip(trainer.network.savedParameters, fresh.savedParameters) { b.value.copy(from: a.value) }
    let x = try InputSource.load("mnist:test:0", for: fresh.spec, assets: Fixtures.assets).tensor
    let maps = fresh.layerGradients(for: x, label: 7)
    #expect(trace.layers.count == fresh.layers.count + 1)
    for (i, out) in fresh.outputs.enumerated() {
      #expect(trace.layers[i + 1].values == out.array, "\(trace.layers[i + 1].name) maps")
      #expect(trace.layers[i + 1].gradient == maps.gradients[i].array, "\(trace.layers[i + 1].name) gradient")
    }
    #expect(live.loss == maps.loss)
    #expect(live.ratios.map(\.layer) == ["C1a", "C1b", "C3a", "C3b", "C5", "F6", "output"])

    // The answer is taken by the screen (same model), which now shows the run's pass.
    _ = update(&state, .engineReported(.explore(.forwardFinished(trace))))
    #expect(state.explore.trace?.live?.step == 4)
  }
}
