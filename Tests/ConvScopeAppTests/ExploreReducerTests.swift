import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// `ExploreScreen.update`, one table row per action and situation: LeNet-5's real pass on
/// test digit 0 at 120×40, a few state changes before the action, and what must hold after
/// (including whether a new forward pass was asked for).
@Suite struct ExploreReducerTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var before: [ExploreAction] = []
    var action: ExploreAction
    /// Whether the action asks the engine for a new forward pass.
    var forward = false
    var check: @Sendable (ExploreState) -> Bool
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "→ steps to the next layer", action: .move(dx: 1, dy: 0), check: { $0.layer == 1 }),
    Case(name: "← stops at the input", action: .move(dx: -1, dy: 0), check: { $0.layer == 0 }),
    Case(name: "↓ selects the next map", before: [.move(dx: 1, dy: 0)], action: .move(dx: 0, dy: 1),
         check: { $0.layer == 1 && $0.selectedMap == 1 }),
    Case(name: "end jumps to the output", action: .jumpLast, check: { $0.layer == 7 }),
    Case(name: "home jumps back to the input", before: [.jumpLast], action: .jumpFirst, check: { $0.layer == 0 }),
    Case(name: "z zooms a map", before: [.move(dx: 1, dy: 0)], action: .toggleZoom, check: { $0.isZoomed }),
    Case(name: "z does not zoom the output's vector", before: [.jumpLast], action: .toggleZoom, check: { !$0.isZoomed }),
    // Zooming puts the cursor at the map's centre (14, 14 of C1's 28×28).
    Case(name: "zoomed, → moves the cursor, not the layer", before: [.move(dx: 1, dy: 0), .toggleZoom],
         action: .move(dx: 1, dy: 0), check: { $0.layer == 1 && $0.cursorX == 15 && $0.cursorY == 14 }),
    Case(name: "esc leaves the zoom", before: [.move(dx: 1, dy: 0), .toggleZoom], action: .back,
         check: { !$0.isZoomed }),
    Case(name: "i opens the explain view", action: .toggleInspector, check: { $0.isInspectorOpen && !$0.isOverview }),
    Case(name: "esc closes the explain view first", before: [.toggleInspector], action: .back,
         check: { !$0.isInspectorOpen }),
    Case(name: "o opens the overview and closes the rest", before: [.toggleInspector], action: .toggleOverview,
         check: { $0.isOverview && !$0.isInspectorOpen && !$0.isZoomed }),
    Case(name: "s cycles the scale from layer to global", action: .cycleScale, check: { $0.scaleMode == .global }),
    Case(name: "k shows the kernels", action: .toggleKernels, check: { $0.showsKernels }),
    Case(name: "n asks for the next test image", action: .stepInput(1), forward: true,
         check: { $0.input == .dataset("mnist", index: 1) && $0.isLoading }),
    Case(name: "t switches to Fashion-MNIST's image", action: .cycleDataset, forward: true,
         check: { $0.input == .dataset("fashion-mnist", index: 0) }),
    Case(name: "* picks the image the seeded generator says", action: .randomInput, forward: true,
         check: { e in
           var rng = SplitMix64(state: ExploreState().randomState)
           let index = Int(rng.next() % UInt64(ExploreState.testImageCount))
           return e.input == .dataset("mnist", index: index) && e.randomState == rng.state
         }),
    Case(name: "m moves on to the next model", action: .cycleModel, forward: true,
         check: { $0.model == ExploreState.models[1] }),
    Case(name: "d starts drawing and runs the blank canvas", action: .toggleDrawing, forward: true,
         check: { $0.isDrawing && !$0.isPenDown && $0.input == .drawing($0.canvas.pixels) }),
    Case(name: "esc leaves drawing", before: [.toggleDrawing], action: .back, check: { !$0.isDrawing }),
    Case(name: "the pen does nothing outside drawing", action: .togglePen, check: { !$0.isPenDown }),
    Case(name: "x without edits does nothing", action: .resetTransforms, check: { $0.input == .dataset("mnist", index: 0) }),
  ]

  @Test(arguments: cases) func action(_ c: Case) throws {
    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = .explore
    let trace = try #require(ExploreTests.lenetTrace)
    state.explore.trace = trace
    for action in c.before { _ = ExploreScreen.update(&state, action) }
    let effects = ExploreScreen.update(&state, c.action)
    let forwards = effects.filter { if case .startEngineWork(.explore(.forward)) = $0 { true } else { false } }
    #expect(forwards.count == (c.forward ? 1 : 0), "\(effects)")
    #expect(c.check(state.explore))
  }
}
