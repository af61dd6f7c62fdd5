import TerminalUI
import Testing

@testable import ConvScopeApp

/// The help overlay on terminals too small for it: it scrolls with the arrow and page keys,
/// and uses two columns where the terminal is wide enough.
@Suite struct HelpScrollTests {
  static func helpState(width: Int, height: Int, screen: Screen = .explore) -> AppState {
    var state = AppState(size: Size(width: width, height: height))
    state.screen = screen
    state.isHelpVisible = true
    return state
  }

  static func press(_ key: KeyEvent, _ state: inout AppState) {
    if let action = InputRouter.action(for: .key(key), in: state) { _ = update(&state, action) }
  }

  @Test func scrollingReachesEveryEntryAt110x24() {
    var state = Self.helpState(width: 110, height: 24)
    let entries = KeyMap.helpEntries(for: .explore)
    var seen = Set<String>()
    for _ in 0..<entries.count {
      let text = KeyMapTests.renderedText(state)
      for entry in entries where text.contains(entry.description) { seen.insert(entry.description) }
      Self.press(KeyEvent(.down), &state)
    }
    #expect(seen.count == entries.count)
    // The arrows moved the help, not the Explore screen behind it.
    #expect(state.explore.selectedMap == 0 && state.explore.layer == 0)
    #expect(state.helpScroll > 0)
    let last = KeyMapTests.renderedText(state)
    #expect(last.contains("above"))
  }

  @Test func pageKeysAndHomeEndStayInRange() {
    var state = Self.helpState(width: 110, height: 24)
    let overlay = HelpKeys.overlay(for: state)
    let body = RootView.layout(Rect(state.size)).body
    let limit = overlay.maxScroll(in: body)
    #expect(limit > 0)
    Self.press(KeyEvent(.end), &state)
    #expect(state.helpScroll == limit)
    Self.press(KeyEvent(.pageDown), &state)
    #expect(state.helpScroll == limit)
    Self.press(KeyEvent(.pageUp), &state)
    #expect(state.helpScroll == max(0, limit - overlay.pageSize(in: body)))
    Self.press(KeyEvent(.home), &state)
    #expect(state.helpScroll == 0)
    Self.press(KeyEvent(.up), &state)
    #expect(state.helpScroll == 0)
    // Closing and reopening starts at the top again.
    Self.press(KeyEvent(.end), &state)
    Self.press(.char("?"), &state)
    Self.press(.char("?"), &state)
    #expect(state.isHelpVisible && state.helpScroll == 0)
  }

  @Test func aWideTerminalShowsTwoColumnsWithNothingHidden() {
    // 200 columns: Explore's longest key description (79 characters) makes a column 94 wide,
    // so two need 195. (At 160×30 the help was one column that happened to fit 26 rows; the
    // lesson pane's three rows no longer do.)
    let state = Self.helpState(width: 200, height: 30)
    let overlay = HelpKeys.overlay(for: state)
    // Two columns: half the rows (rounded up) between the border's two rows.
    let entries = KeyMap.helpEntries(for: .explore).count
    #expect(overlay.box(in: RootView.layout(Rect(state.terminalSize)).body).height == (entries + 1) / 2 + 2)
    let text = KeyMapTests.renderedText(state)
    for entry in KeyMap.helpEntries(for: .explore) {
      #expect(text.contains(entry.description), "\(entry.description)")
    }
    #expect(!text.contains("more:"))
  }

  @Test func arrowsKeepTheirMeaningWhenHelpIsClosed() {
    var state = ExploreTests.state()
    Self.press(KeyEvent(.right), &state)
    #expect(state.explore.layer == 1 && state.helpScroll == 0)
  }

  @Test func scrolledHelpSnapshot() {
    var state = Self.helpState(width: 100, height: 30)
    Self.press(KeyEvent(.pageDown), &state)
    Snapshot.assert(ScreenSnapshotTests.draw(state), named: "help-scrolled-100x30")
  }
}
