import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Explore screen drawn into a `MemoryBackend` for LeNet-5 and AlexNet at two sizes.
@Suite struct ExploreSnapshotTests {
  static let alexTrace: ExploreTrace? = ExploreTests.trace(model: "alexnet", input: .photo("chelsea"))

  static func draw(_ state: AppState, width: Int, height: Int) -> String {
    ScreenSnapshotTests.draw(state, width: width, height: height)
  }

  static func state(_ trace: ExploreTrace?, model: String, layer: Int, width: Int, height: Int) -> AppState {
    var state = AppState(size: Size(width: width, height: height))
    state.explore = ExploreState(model: model)
    state.explore.trace = trace
    state.explore.layer = layer
    return state
  }

  @Test(arguments: [(120, 40), (80, 24)]) func lenetC3(size: (Int, Int)) {
    let state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: size.0, height: size.1)
    let text = Self.draw(state, width: size.0, height: size.1)
    #expect(text.contains("C3 16×10×10"))
    Snapshot.assert(text, named: "explore-lenet5-c3-\(size.0)x\(size.1)")
  }

  @Test(arguments: [(120, 40), (80, 24)]) func alexnetConv1(size: (Int, Int)) {
    let state = Self.state(Self.alexTrace, model: "alexnet", layer: 1, width: size.0, height: size.1)
    let text = Self.draw(state, width: size.0, height: size.1)
    #expect(text.contains("UNTRAINED"))
    #expect(text.contains("conv1 · conv · 96×55×55"))
    Snapshot.assert(text, named: "explore-alexnet-conv1-\(size.0)x\(size.1)")
  }

  @Test func lenetZoomedWithInspector() {
    var state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: 120, height: 40)
    state.explore.isZoomed = true
    state.explore.isInspectorOpen = true
    state.explore.inspectorLines = ["C3 map 0 at row 0, col 0 (sample 0)"]
    Snapshot.assert(Self.draw(state, width: 120, height: 40), named: "explore-lenet5-c3-zoom-120x40")
  }

  @Test func lenetKernels() {
    var state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 1, width: 120, height: 40)
    state.explore.showsKernels = true
    let text = Self.draw(state, width: 120, height: 40)
    #expect(text.contains("6 kernels 5×5"))
  }

  @Test func outputShowsTopClasses() {
    let state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 7, width: 120, height: 40)
    #expect(Self.draw(state, width: 120, height: 40).contains("Prediction (top 5 of 10 classes)"))
  }
}
