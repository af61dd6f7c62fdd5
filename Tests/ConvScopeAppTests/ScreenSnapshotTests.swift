import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// Every screen drawn through `Terminal` into a `MemoryBackend`, compared cell for cell
/// (text grid plus style runs) with the files in `__Snapshots__/`.
@Suite struct ScreenSnapshotTests {
  /// The Compare screen's numbers, computed by the engine exactly as the app does.
  static let comparison: ModelComparison? = {
    guard case .compare(.built(let c)) = testEngine.perform(.compare(.build(left: "lenet5", right: "alexnet")))
    else { return nil }
    return c
  }()

  static func draw(
    _ state: AppState, width: Int = 100, height: Int = 30, depth: ColorDepth = .c256,
    unicode: Bool = true
  ) -> String {
    let backend = MemoryBackend(width: width, height: height, colorDepth: depth, unicode: unicode)
    var state = state
    state.size = backend.size
    var terminal = Terminal(backend: backend)
    terminal.draw { frame in render(state, into: &frame) }
    return backend.buffer.snapshot() + "\n\n" + backend.buffer.styleSnapshot()
  }

  static func state(_ screen: Screen) -> AppState {
    var state = AppState(lessons: testLessons)
    state.screen = screen
    if screen == .compare { state.compare.comparison = comparison }
    return state
  }

  @Test(arguments: Screen.allCases) func screenAt100x30(_ screen: Screen) {
    Snapshot.assert(Self.draw(Self.state(screen)), named: "\(screen.title.lowercased())-100x30")
  }

  @Test func tooSmallAt40x10() {
    Snapshot.assert(Self.draw(AppState(), width: 40, height: 10), named: "too-small-40x10")
  }

  @Test func helpOverlay() {
    var state = Self.state(.explore)
    state.isHelpVisible = true
    Snapshot.assert(Self.draw(state), named: "help-100x30")
  }

  @Test func quitQuestion() {
    var state = Self.state(.train)
    state.train.isRunning = true
    state.isQuitPending = true
    Snapshot.assert(Self.draw(state), named: "quit-question-100x30")
  }

  @Test func compareAtTheMinimumSizeInASCIIMono() {
    Snapshot.assert(
      Self.draw(Self.state(.compare), width: 60, height: 16, depth: .mono, unicode: false),
      named: "compare-60x16-ascii-mono")
  }

  @Test func compareWhileLoading() {
    var state = Self.state(.compare)
    state.compare = CompareState()
    state.compare.isBuilding = true
    let text = Self.draw(state)
    #expect(text.contains("Building the comparison…"))
    #expect(!text.contains("60,000"))
  }
}
