import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Explore screen drawn into a `MemoryBackend` at the four sizes the issue names: LeNet-5
/// C1, C3 zoomed and explained, the output, and AlexNet conv1 on a photo.
@Suite struct ExploreSnapshotTests {
  static let alexTrace: ExploreTrace? = ExploreTests.trace(model: "alexnet", input: .photo("chelsea"))
  static let sizes = [(80, 24), (100, 30), (120, 40), (200, 60)]

  static func draw(_ state: AppState, width: Int, height: Int) -> String {
    ScreenSnapshotTests.draw(state, width: width, height: height)
  }

  static func state(_ trace: ExploreTrace?, model: String, layer: Int, width: Int, height: Int) -> AppState {
    var state = AppState(size: Size(width: width, height: height))
    state.explore = ExploreState(model: model)
    if model == "alexnet" { state.explore.input = .photo("chelsea") }
    state.explore.trace = trace
    state.explore.layer = layer
    if let l = state.explore.currentLayer {
      state.explore.cursorY = l.height / 2
      state.explore.cursorX = l.width / 2
    }
    return state
  }

  /// The state after the engine answered what the screen asked for (the explanation).
  static func settled(_ state: AppState) -> AppState {
    var state = state
    var effects = ExploreScreen.syncExplain(&state)
    while let effect = effects.first {
      effects.removeFirst()
      guard case .startEngineWork(.explore(let request)) = effect else { continue }
      effects += update(&state, .engineReported(.explore(testEngine.explore(request))))
    }
    return state
  }

  @Test(arguments: sizes) func lenetC1(size: (Int, Int)) {
    let state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 1, width: size.0, height: size.1)
    let text = Self.draw(state, width: size.0, height: size.1)
    #expect(text.contains("C1 6×28×28"))
    Snapshot.assert(text, named: "explore-lenet5-c1-\(size.0)x\(size.1)")
  }

  @Test(arguments: sizes) func lenetC3ZoomedAndExplained(size: (Int, Int)) {
    var state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: size.0, height: size.1)
    state.explore.isZoomed = true
    state.explore.selectedMap = 4
    Snapshot.assert(Self.draw(state, width: size.0, height: size.1), named: "explore-lenet5-c3-zoom-\(size.0)x\(size.1)")
    state.explore.isInspectorOpen = true
    state = Self.settled(state)
    let text = Self.draw(state, width: size.0, height: size.1)
    #expect(text.contains("C3 map 4 at row 5, col 5"))
    Snapshot.assert(text, named: "explore-lenet5-c3-explain-\(size.0)x\(size.1)")
  }

  @Test(arguments: sizes) func lenetOutput(size: (Int, Int)) {
    let state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 7, width: size.0, height: size.1)
    let text = Self.draw(state, width: size.0, height: size.1)
    #expect(text.contains("Prediction: 7"))
    #expect(text.contains("true label: 7"))
    #expect(!text.contains("100.00%"))
    Snapshot.assert(text, named: "explore-lenet5-output-\(size.0)x\(size.1)")
  }

  @Test(arguments: sizes) func alexnetConv1OnAPhoto(size: (Int, Int)) {
    let state = Self.state(Self.alexTrace, model: "alexnet", layer: 1, width: size.0, height: size.1)
    let text = Self.draw(state, width: size.0, height: size.1)
    #expect(text.contains("UNTRAINED"))
    #expect(text.contains("conv1 · conv · 96×55×55"))
    Snapshot.assert(text, named: "explore-alexnet-conv1-\(size.0)x\(size.1)")
  }

  /// At 200×60 a zoomed C1 map and the map in the explain view are at least twice their
  /// native 28×28 (half blocks: 28 columns and 14 rows are 1×).
  @Test func c1IsDrawnLargeAt200x60() throws {
    var state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 1, width: 200, height: 60)
    state.explore.isZoomed = true
    let layout = ExploreLayout(size: state.size)
    let zoomed = Heatmap(values: [Float](repeating: 0, count: 784), rows: 28, cols: 28, squarePixels: true)
      .renderedSize(in: Rect(x: 0, y: 0, width: layout.main.width, height: layout.main.height - 1))
    #expect(zoomed.width >= 56 && zoomed.height >= 28)
    let trace = try #require(ExploreTests.lenetTrace)
    let rows = ExploreExplainView.mapRows(state.explore, trace: trace, in: layout.explainPictures, mode: .halfBlock)
    let pictures = HeatmapGrid(count: 1, mapRows: 28, mapCols: 28,
                               area: Size(width: layout.explainPictures.width, height: rows), mode: .halfBlock, labelRows: 0)
    #expect(pictures.zoom >= 2)
  }

  @Test func kernelsOfC3AreTheSixtyOfTableI() {
    var state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: 120, height: 40)
    state.explore.showsKernels = true
    #expect(Self.draw(state, width: 120, height: 40).contains("60 kernels 5×5"))
    state.explore.layer = 1
    #expect(Self.draw(state, width: 120, height: 40).contains("6 kernels 5×5"))
  }

  @Test func asciiAndPlainLocalesSpellSymbolsInWords() {
    var state = Self.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: 120, height: 40)
    state.explore.isInspectorOpen = true
    state = Self.settled(state)
    let text = ScreenSnapshotTests.draw(state, width: 120, height: 40, depth: .mono, unicode: false)
    // The footer's key names are the backend's to spell (its per-cell fallback).
    let screen = (text.components(separatedBy: "\n\n").first ?? text).split(separator: "\n").dropLast().joined()
    let isASCII = screen.allSatisfy { $0.isASCII }
    #expect(isASCII)
    #expect(screen.contains("sum x.w"))
    Snapshot.assert(text, named: "explore-lenet5-c3-explain-120x40-ascii-mono")
  }
}
