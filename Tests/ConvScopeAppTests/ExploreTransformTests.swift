import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Explore screen's input edits (pure pixel functions and their actions), mouse drawing,
/// and the width-reduced AlexNet in the model cycle.
@Suite struct ExploreTransformTests {
  /// A blank 28×28 image with one bright pixel at (y, x).
  static func dot(y: Int, x: Int) -> [UInt8] {
    var p = [UInt8](repeating: 0, count: 784)
    p[y * 28 + x] = 200
    return p
  }

  @Test func shiftMovesAPixelAndDropsWhatFallsOff() {
    let right = ExploreTransform.shift(dx: 1, dy: 0).apply(to: Self.dot(y: 5, x: 7))
    #expect(right[5 * 28 + 8] == 200 && right[5 * 28 + 7] == 0)
    let up = ExploreTransform.shift(dx: 0, dy: -1).apply(to: Self.dot(y: 5, x: 7))
    #expect(up[4 * 28 + 7] == 200)
    let gone = ExploreTransform.shift(dx: 1, dy: 0).apply(to: Self.dot(y: 3, x: 27))
    #expect(gone.allSatisfy { $0 == 0 })
  }

  @Test func invertMapsBlackAndWhite() {
    var p = [UInt8](repeating: 0, count: 784)
    p[0] = 255
    p[1] = 100
    let inverted = ExploreTransform.invert.apply(to: p)
    #expect(inverted[0] == 0 && inverted[1] == 155 && inverted[2] == 255)
    #expect(ExploreTransform.invert.apply(to: inverted) == p)
  }

  @Test func rotatingAFullTurnIsTheIdentity() {
    let image = (0..<784).map { UInt8(($0 * 37) % 256) }
    let once = ExploreTransform.rotate(degrees: 360).apply(to: image)
    #expect(zip(once, image).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
  }

  @Test func rotatingAQuarterTurnIsClockwise() {
    // One pixel above the centre block goes to the right of it.
    let turned = ExploreTransform.rotate(degrees: 90).apply(to: Self.dot(y: 6, x: 13))
    let brightest = turned.indices.max { turned[$0] < turned[$1] } ?? 0
    #expect(brightest / 28 == 13 && brightest % 28 >= 20)
  }

  @Test func noiseIsSeededAndBounded() {
    let image = [UInt8](repeating: 128, count: 784)
    let a = ExploreTransform.noise(seed: 7).apply(to: image)
    #expect(a == ExploreTransform.noise(seed: 7).apply(to: image))
    #expect(a != ExploreTransform.noise(seed: 8).apply(to: image))
    #expect(a.allSatisfy { (64...192).contains($0) })
    #expect(a != image)
  }

  @Test func transformKeysEditTheDatasetInputAndRerun() {
    var state = ExploreTests.state()
    let effects = update(&state, .explore(.transform(.shift(dx: 1, dy: 0))))
    let shifted = ExploreInput.transformed(.dataset("mnist", index: 0), [.shift(dx: 1, dy: 0)])
    #expect(state.explore.input == shifted)
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: shifted)))])
    _ = update(&state, .explore(.transform(.invert)))
    #expect(state.explore.input == .transformed(.dataset("mnist", index: 0), [.shift(dx: 1, dy: 0), .invert]))
    #expect(state.explore.input.title == "mnist test #0 · shift +1,0 · inverted (x resets)")
    // The read-out adds the edits up.
    for edit in [ExploreTransform.shift(dx: 2, dy: -1), .rotate(degrees: 15), .rotate(degrees: 15), .invert] {
      _ = update(&state, .explore(.transform(edit)))
    }
    #expect(state.explore.input.title == "mnist test #0 · shift +3,-1 · rot 30° (x resets)")
    // x undoes them all.
    let reset = update(&state, .explore(.resetTransforms))
    #expect(state.explore.input == .dataset("mnist", index: 0))
    #expect(reset == [.startEngineWork(.explore(.forward(model: "lenet5", input: .dataset("mnist", index: 0))))])
    _ = update(&state, .explore(.transform(.invert)))
    // The next image starts without edits.
    _ = update(&state, .explore(.stepInput(1)))
    #expect(state.explore.input == .dataset("mnist", index: 1))
  }

  @Test func penDownDrawsStrokesAndTheDrawingSurvivesAModelSwitch() {
    var state = ExploreTests.state()
    _ = update(&state, .explore(.toggleDrawing))
    state.explore.canvas.penSize = 0
    _ = update(&state, .explore(.togglePen))
    #expect(state.explore.isPenDown)
    for _ in 0..<4 { _ = update(&state, .explore(.move(dx: 1, dy: 0))) }
    // The starting pixel and the four the pen moved over.
    #expect(state.explore.canvas.pixels.filter { $0 > 0 }.count == 5)
    _ = update(&state, .explore(.togglePen))
    _ = update(&state, .explore(.move(dx: 0, dy: 1)))
    #expect(state.explore.canvas.pixels.filter { $0 > 0 }.count == 5)
    let drawn = state.explore.canvas.pixels
    let effects = update(&state, .explore(.cycleModel))
    #expect(state.explore.model == "lenet5-modern")
    #expect(state.explore.input == .drawing(drawn) && state.explore.isDrawing)
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5-modern", input: .drawing(drawn))))])
    // The small AlexNet reads digits too, with its MNIST weights for a drawing.
    _ = update(&state, .explore(.cycleModel))
    #expect(state.explore.model == ExploreState.smallAlexNet && state.explore.input == .drawing(drawn))
    #expect(state.explore.weightsFile == "assets:weights/alexnet-small-mnist.safetensors")
  }

  @Test func transformsEditADrawingInPlace() {
    var state = ExploreTests.state()
    _ = update(&state, .explore(.toggleDrawing))
    _ = update(&state, .explore(.paint))
    _ = update(&state, .explore(.transform(.shift(dx: 2, dy: 0))))
    #expect(state.explore.canvas.pixels[14 * 28 + 16] == 255)
    #expect(state.explore.input == .drawing(state.explore.canvas.pixels))
  }

  @Test func theEnginePredictsOnATransformedDigit() throws {
    let input = ExploreInput.transformed(.dataset("mnist", index: 0), [.shift(dx: 1, dy: 0)])
    let trace = try #require(ExploreTests.trace(model: "lenet5", input: input))
    // A one-pixel shift does not fool a convolutional network on this clear 7.
    #expect(trace.top.first?.name == "7")
    let inverted = ExploreInput.transformed(.dataset("mnist", index: 0), [.invert])
    #expect(ExploreTests.trace(model: "lenet5", input: inverted) != trace)
  }

  @Test func cellToPixelMappingCoversTheCanvas() throws {
    let area = Rect(x: 10, y: 5, width: 60, height: 20)
    // Row 0 of the area is the help line; the canvas starts one row down, two pixel rows per cell.
    #expect(ExploreCanvasView.pixel(at: Point(x: 10, y: 5), in: area) == nil)
    let first = try #require(ExploreCanvasView.pixel(at: Point(x: 10, y: 6), in: area))
    #expect(first.y == 0 && first.x == 0)
    // The bottom-right cell of the drawn heatmap reads the last pixel column and row pair.
    let drawn = Heatmap(values: [Float](repeating: 0, count: 784), rows: 28, cols: 28)
      .renderedSize(in: ExploreCanvasView.canvasRoom(in: area))
    let last = try #require(ExploreCanvasView.pixel(at: Point(x: 10 + drawn.width - 1, y: 6 + drawn.height - 1), in: area))
    #expect(last.x == 27 && last.y >= 26)
    #expect(ExploreCanvasView.pixel(at: Point(x: 10 + drawn.width, y: 6), in: area) == nil)
    #expect(ExploreCanvasView.pixel(at: Point(x: 10, y: 6 + drawn.height), in: area) == nil)
  }

  @Test func clickingTheCanvasInksIt() throws {
    var state = ExploreTests.state()
    _ = update(&state, .explore(.toggleDrawing))
    let main = ExploreLayout(size: state.size).main
    let click = MouseEvent(x: main.x + 4, y: main.y + 2, button: .left)
    let action = try #require(InputRouter.action(for: .mouse(click), in: state))
    let p = try #require(ExploreCanvasView.pixel(at: click.point, in: main))
    #expect(action == .explore(.paintCell(y: p.y, x: p.x)))
    _ = update(&state, action)
    #expect(state.explore.canvas.pixels[p.y * 28 + p.x] == 255)
    var drag = click
    drag.kind = .drag
    #expect(InputRouter.action(for: .mouse(drag), in: state) != nil)
    // Not drawing: the canvas is not there, so the click does nothing.
    _ = update(&state, .explore(.toggleDrawing))
    #expect(InputRouter.action(for: .mouse(click), in: state) == nil)
  }

  @Test func theModelCycleIncludesTheTrainedSmallAlexNet() {
    var state = ExploreTests.state()
    for _ in 0..<2 { _ = update(&state, .explore(.cycleModel)) }
    // The quarter-width AlexNet convscope trained: it keeps the test image, with the weights
    // trained on that image's dataset (t switches both).
    #expect(state.explore.model == "alexnet@0.25-67px")
    #expect(state.explore.input == .dataset("mnist", index: 0))
    #expect(state.explore.weightsFile == "assets:weights/alexnet-small-mnist.safetensors")
    _ = update(&state, .explore(.cycleDataset))
    #expect(state.explore.weightsFile == "assets:weights/alexnet-small-fashion-mnist.safetensors")
    // The full-size AlexNet looks at photos.
    _ = update(&state, .explore(.cycleModel))
    #expect(state.explore.model == "alexnet")
    #expect(state.explore.input == .photo("chelsea"))
  }
}
