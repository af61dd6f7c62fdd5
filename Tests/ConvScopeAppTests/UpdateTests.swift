import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// `update` driven through the real input path (`InputRouter` → `KeyMap` → `update`), one
/// table row per behaviour: start state, input events, and what must hold afterwards.
@Suite struct UpdateTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var start: AppState = AppState(size: Size(width: 100, height: 30))
    var events: [InputEvent]
    var screen: Screen? = nil
    var help: Bool? = nil
    var quitPending: Bool? = nil
    var effects: [Effect]? = nil
    var palette: Palette? = nil
    var message: String? = nil
    var presenting: Bool? = nil
    var testDescription: String { name }
  }

  static func key(_ c: Character) -> InputEvent { .key(.char(c)) }
  static func key(_ k: Key, _ modifiers: Modifiers = []) -> InputEvent {
    .key(KeyEvent(k, modifiers: modifiers))
  }

  /// Clicks the middle of a tab as laid out on a 100×30 terminal.
  static func click(_ screen: Screen) -> InputEvent {
    let row = RootView.layout(Rect(x: 0, y: 0, width: 100, height: 30)).tabs
    let rect = RootView.tabs(for: AppState()).hitRects(in: row)[screen.rawValue]
    return .mouse(MouseEvent(x: rect.x + rect.width / 2, y: rect.y, button: .left))
  }

  static var training: AppState {
    var state = AppState(size: Size(width: 100, height: 30))
    state.train.isRunning = true
    return state
  }

  static let stopRun = Effect.startEngineWork(.train(.command(.stop)))
  /// Entering Compare asks for the side-by-side comparison.
  static let comparisonRequest = Effect.startEngineWork(.compare(.build(left: "lenet5", right: "alexnet")))

  static let cases: [Case] = [
    Case(name: "tab goes right", events: [key(.tab)], screen: .train),
    Case(name: "tab wraps after Lessons", events: Array(repeating: key(.tab), count: 4), screen: .explore),
    Case(name: "shift-tab wraps left", events: [key(.backTab)], screen: .lessons),
    Case(name: "shift-tab with a shift modifier", events: [key(.backTab, .shift)], screen: .lessons),
    Case(name: "1 selects Explore", events: [key("3"), key("1")], screen: .explore),
    Case(name: "2 selects Train", events: [key("2")], screen: .train, effects: []),
    Case(name: "3 selects Compare and asks the engine", events: [key("3")], screen: .compare,
         effects: [comparisonRequest]),
    Case(name: "4 selects Lessons", events: [key("4")], screen: .lessons),
    Case(name: "5 is not bound", events: [key("5")], screen: .explore, effects: []),
    Case(name: "click on the Lessons tab", events: [click(.lessons)], screen: .lessons),
    Case(name: "click on the Train tab", events: [click(.train)], screen: .train),
    Case(name: "click below the tabs does nothing",
         events: [.mouse(MouseEvent(x: 3, y: 5, button: .left))], screen: .explore, effects: []),
    Case(name: "right click on a tab does nothing",
         events: [.mouse(MouseEvent(x: 12, y: 0, button: .right))], screen: .explore),
    Case(name: "? opens help", events: [key("?")], help: true),
    Case(name: "? twice closes help", events: [key("?"), key("?")], help: false),
    Case(name: "F1 opens help", events: [key(.function(1))], help: true),
    Case(name: "esc closes help", events: [key("?"), key(.escape)], help: false),
    Case(name: "tab works with help open", events: [key("?"), key(.tab)], screen: .train, help: true),
    Case(name: "q quits at once when idle", events: [key("q")], quitPending: false, effects: [.quitApp]),
    Case(name: "ctrl-c quits", events: [key(.char("c"), .ctrl)], effects: [.quitApp]),
    Case(name: "q asks while training", start: training, events: [key("q")], quitPending: true,
         effects: []),
    // Quitting a run stops its worker first.
    Case(name: "y confirms", start: training, events: [key("q"), key("y")], effects: [stopRun, .quitApp]),
    Case(name: "n keeps going", start: training, events: [key("q"), key("n")], quitPending: false,
         effects: []),
    Case(name: "esc keeps going", start: training, events: [key("q"), key(.escape)],
         quitPending: false, effects: []),
    Case(name: "ctrl-c quits even while asking", start: training,
         events: [key("q"), key(.char("c"), .ctrl)], effects: [stopRun, .quitApp]),
    Case(name: "tabs are ignored while asking", start: training, events: [key("q"), key(.tab)],
         screen: .explore, quitPending: true),
    Case(name: "clicks are ignored while asking", start: training, events: [key("q"), click(.train)],
         screen: .explore, quitPending: true),
    Case(name: "r recomputes on Compare", events: [key("3"), key("r")], screen: .compare,
         effects: [comparisonRequest]),
    Case(name: "r does nothing on Explore", events: [key("r")], effects: []),
    Case(name: "the palette starts as the default", events: [], palette: .standard),
    Case(name: "F6 picks the contrast palette and says so", events: [key(.function(6))], effects: [],
         palette: .contrast, message: "palette: contrast (high contrast, for projectors)"),
    Case(name: "F6 twice: colour-blind safe", events: [key(.function(6)), key(.function(6))], palette: .colorblind,
         message: "palette: colorblind (colour-blind safe)"),
    Case(name: "F6 three times wraps to the default", events: Array(repeating: key(.function(6)), count: 3),
         palette: .standard),
    Case(name: "the palette stays across screens", events: [key(.function(6)), key("2"), key("4"), key("1")],
         screen: .explore, palette: .contrast),
    Case(name: "F6 works on Lessons", events: [key("4"), key(.function(6))], screen: .lessons, palette: .contrast),
    Case(name: "F6 waits while the quit question is open", start: training,
         events: [key("q"), key(.function(6))], quitPending: true, palette: .standard),
    Case(name: "F5 presents, in the contrast palette", events: [key(.function(5))], effects: [], palette: .contrast,
         message: "presenter mode, palette contrast (F5: normal view)", presenting: true),
    Case(name: "F5 twice: the normal view and palette again", events: [key(.function(5)), key(.function(5))],
         palette: .standard, message: "normal view, palette default", presenting: false),
    Case(name: "a palette chosen before presenting is kept", events: [key(.function(6)), key(.function(6)), key(.function(5))],
         palette: .colorblind, presenting: true),
    Case(name: "F6 while presenting goes on from contrast", events: [key(.function(5)), key(.function(6))],
         palette: .colorblind, presenting: true),
    Case(name: "presenting stays across screens", events: [key(.function(5)), key("3"), key("4")], screen: .lessons,
         presenting: true),
  ]

  @Test(arguments: cases) func inputDrivesState(_ c: Case) {
    var state = c.start
    var effects: [Effect] = []
    for event in c.events {
      effects = InputRouter.action(for: event, in: state).map { update(&state, $0) } ?? []
    }
    if let screen = c.screen { #expect(state.screen == screen) }
    if let help = c.help { #expect(state.isHelpVisible == help) }
    if let pending = c.quitPending { #expect(state.isQuitPending == pending) }
    if let expected = c.effects { #expect(effects == expected) }
    if let palette = c.palette { #expect(state.palette == palette) }
    if let message = c.message { #expect(state.statusMessage == message) }
    if let presenting = c.presenting { #expect(state.isPresenting == presenting) }
  }

  @Test func resizeUpdatesTheSizeAndTheTooSmallFlag() {
    var state = AppState(size: Size(width: 100, height: 30))
    #expect(update(&state, .resized(Size(width: 40, height: 10))) == [])
    #expect(state.size == Size(width: 40, height: 10))
    #expect(state.isTooSmall)
    _ = update(&state, InputRouter.action(for: .resize(Size(width: 60, height: 16)), in: state) ?? .tick)
    #expect(!state.isTooSmall)
  }

  @Test func compareAsksTheEngineOnceAndStoresTheAnswer() throws {
    var state = AppState()
    #expect(update(&state, .selectScreen(.compare)) == [Self.comparisonRequest])
    #expect(state.compare.isBuilding)
    // Leaving and coming back while the answer is on its way must not ask again.
    _ = update(&state, .selectScreen(.explore))
    #expect(update(&state, .selectScreen(.compare)) == [])
    let comparison = try ModelComparison.named("lenet5", "alexnet")
    _ = update(&state, .engineReported(.compare(.built(comparison))))
    #expect(state.compare.comparison == comparison && !state.compare.isBuilding)
    #expect(update(&state, .nextScreen) == [])
    #expect(update(&state, .previousScreen) == [])
  }

  @Test func engineFailureIsShownNotRetriedInALoop() {
    var state = AppState()
    _ = update(&state, .selectScreen(.compare))
    let request = EngineRequest.compare(.build(left: "lenet5", right: "alexnet"))
    _ = update(&state, .engineReported(.failed(request, message: "boom")))
    #expect(state.compare.comparisonError == "boom")
    #expect(state.statusMessage == "boom")
    #expect(update(&state, .selectScreen(.compare)) == [])
    #expect(update(&state, .reloadComparison) == [Self.comparisonRequest])
  }

  @Test func tickChangesNothing() {
    // On Train (no work pending); Explore's first tick starts its first forward pass.
    var state = AppState()
    state.screen = .train
    let before = state
    #expect(update(&state, .tick) == [])
    #expect(state == before)
  }
}
