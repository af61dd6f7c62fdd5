import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Explore screen's pure update, its canvas, and its engine work.
@Suite struct ExploreTests {
  /// LeNet-5 on test digit 0, computed by the engine exactly as the app does.
  static let lenetTrace: ExploreTrace? = trace(model: "lenet5", input: .dataset("mnist", index: 0))

  static func trace(model: String, input: ExploreInput) -> ExploreTrace? {
    guard case .forwardFinished(let trace) = testEngine.explore(.forward(model: model, input: input)) else {
      return nil
    }
    return trace
  }

  static func state(size: Size = Size(width: 120, height: 40)) -> AppState {
    var state = AppState(size: size)
    state.explore.trace = lenetTrace
    return state
  }

  @Test func openingRequestsOneForwardPass() {
    var state = AppState()
    let effects = update(&state, .tick)
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: .dataset("mnist", index: 0))))])
    #expect(state.explore.isLoading)
    #expect(update(&state, .tick).isEmpty)
  }

  @Test func traceHasEveryLayerAndThePrediction() throws {
    let trace = try #require(Self.lenetTrace)
    #expect(trace.layers.map(\.name) == ["input", "C1", "S2", "C3", "S4", "C5", "F6", "output"])
    #expect(trace.layers[3].shapeText == "16×10×10")
    #expect(trace.top.first?.name == "7")
    #expect(!trace.isUntrained)
  }

  @Test func steppingIsInstantAndClamped() {
    var state = Self.state()
    #expect(update(&state, .explore(.move(dx: 1, dy: 0))).isEmpty)
    #expect(state.explore.layer == 1)
    _ = update(&state, .explore(.jumpLast))
    #expect(state.explore.layer == 7)
    _ = update(&state, .explore(.move(dx: 1, dy: 0)))
    #expect(state.explore.layer == 7)
    _ = update(&state, .explore(.jumpFirst))
    _ = update(&state, .explore(.move(dx: -1, dy: 0)))
    #expect(state.explore.layer == 0)
  }

  @Test func pagingStaysInsideTheLayer() {
    var state = Self.state(size: Size(width: 80, height: 24))
    _ = update(&state, .explore(.move(dx: 3, dy: 0)))  // C3, 16 maps
    let perPage = state.explore.mapsPerPage(size: state.size)
    #expect(perPage < 16)
    _ = update(&state, .explore(.page(1)))
    #expect(state.explore.page == 1)
    #expect(state.explore.selectedMap == perPage)
    _ = update(&state, .explore(.page(10)))
    #expect(state.explore.page == (16 + perPage - 1) / perPage - 1)
    _ = update(&state, .explore(.page(-10)))
    #expect(state.explore.page == 0)
  }

  @Test func zoomMovesTheCursorAndExplainAsksTheEngine() {
    var state = Self.state()
    _ = update(&state, .explore(.move(dx: 3, dy: 0)))
    // A new layer puts the cursor in the middle of its maps.
    #expect(state.explore.cursorX == 5 && state.explore.cursorY == 5)
    #expect(update(&state, .explore(.toggleZoom)).isEmpty)
    #expect(state.explore.isZoomed && !state.explore.isInspectorOpen)
    _ = update(&state, .explore(.move(dx: 1, dy: 1)))
    #expect(state.explore.layer == 3)
    #expect(state.explore.cursorX == 6 && state.explore.cursorY == 6)
    _ = update(&state, .explore(.move(dx: 100, dy: 0)))
    #expect(state.explore.cursorX == 9)
    let effects = update(&state, .explore(.toggleInspector))
    let key = ExploreValueKey(layer: 3, channel: 0, y: 6, x: 9)
    let width = ExploreLayout(size: state.size).explainText.width
    #expect(effects == [.startEngineWork(.explore(.explain(
      model: "lenet5", input: .dataset("mnist", index: 0), key: key, width: width)))])
    // The same value again asks nothing; the next map asks for it.
    #expect(update(&state, .explore(.cycleScale)).isEmpty)
    #expect(update(&state, .explore(.selectMap(1))).count == 1)
    #expect(state.explore.selectedMap == 1)
  }

  @Test func slidingWalksTheWindowInReadingOrder() {
    var state = Self.state()
    _ = update(&state, .explore(.move(dx: 3, dy: 0)))
    _ = update(&state, .explore(.toggleInspector))
    state.explore.cursorY = 0
    state.explore.cursorX = 9
    _ = update(&state, .explore(.slide(1)))
    #expect(state.explore.cursorY == 1 && state.explore.cursorX == 0)
    _ = update(&state, .explore(.slide(-1)))
    #expect(state.explore.cursorY == 0 && state.explore.cursorX == 9)
    state.explore.cursorY = 9
    _ = update(&state, .explore(.slide(1)))
    #expect(state.explore.cursorY == 0 && state.explore.cursorX == 0)
  }

  @Test func inspectorAgreesWithTheEngine() throws {
    let key = ExploreValueKey(layer: 3, channel: 0, y: 1, x: 1)
    let request = ExploreRequest.explain(model: "lenet5", input: .dataset("mnist", index: 0), key: key, width: 40)
    guard case .explained(let explanation) = testEngine.explore(request) else {
      Issue.record("no explanation")
      return
    }
    let lines = explanation.lines
    #expect(explanation.key == key && explanation.agrees)
    #expect(lines.first?.contains("C3 map 0") == true)
    let value = try #require(Self.lenetTrace?.layers[3].value(channel: 0, y: 1, x: 1))
    #expect(lines.joined().contains(String(format: "%.4f", value)))
  }

  @Test func drawingProducesTheExpectedPixels() {
    var canvas = ExploreCanvas()
    canvas.penSize = 0
    canvas.movePen(dx: -100, dy: -100)
    canvas.paint()
    #expect(canvas.pixels[0] == 255)
    #expect(canvas.pixels.filter { $0 > 0 }.count == 1)
    canvas.penSize = 1
    canvas.movePen(dx: 5, dy: 5)
    canvas.paint()
    // A 3×3 blob: full ink in the middle, softer ink on the 8 around it.
    #expect(canvas.pixels[5 * 28 + 5] == 255)
    #expect(canvas.pixels[4 * 28 + 4] == 160)
    #expect(canvas.pixels.filter { $0 > 0 }.count == 10)
    canvas.clear()
    #expect(canvas.pixels == [UInt8](repeating: 0, count: 784))
  }

  @Test func drawingFeedsTheCanvasToTheNetwork() {
    var state = Self.state()
    _ = update(&state, .explore(.toggleDrawing))
    let effects = update(&state, .explore(.paint))
    guard case .drawing(let pixels) = state.explore.input else {
      Issue.record("input is not the drawing")
      return
    }
    #expect(pixels.count == 784 && pixels[14 * 28 + 14] == 255)
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: .drawing(pixels))))])
  }

  @Test func inputBrowsingWraps() {
    var state = Self.state()
    _ = update(&state, .explore(.stepInput(-1)))
    #expect(state.explore.input == .dataset("mnist", index: 9999))
    _ = update(&state, .explore(.cycleDataset))
    #expect(state.explore.input == .dataset("fashion-mnist", index: 9999))
  }
}
