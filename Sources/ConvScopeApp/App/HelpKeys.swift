import TerminalUI

/// Scrolling the help overlay. While help is open the arrow, page, Home and End keys move it
/// (the screen behind is not what the user is looking at), so they are read before the key
/// table; every other key keeps its meaning, so Esc, `?` and Tab still work as before.
enum HelpKeys {
  /// The scroll action for `key` while help is open, else nil.
  static func action(for key: KeyEvent, in state: AppState) -> Action? {
    guard state.isHelpVisible, !state.isQuitPending, key.modifiers.isEmpty else { return nil }
    let page = overlay(for: state).pageSize(in: body(of: state))
    switch key.key {
    case .up, .char("k"): return .scrollHelp(-1)
    case .down, .char("j"): return .scrollHelp(1)
    case .pageUp: return .scrollHelp(-page)
    case .pageDown: return .scrollHelp(page)
    // Farther than any help is long; `scroll` clamps it.
    case .home: return .scrollHelp(-10_000)
    case .end: return .scrollHelp(10_000)
    default: return nil
    }
  }

  /// Moves the help by `rows`, kept between the top and the last useful row.
  static func scroll(_ state: inout AppState, by rows: Int) {
    guard state.isHelpVisible else { return }
    let limit = overlay(for: state).maxScroll(in: body(of: state))
    state.helpScroll = min(limit, max(0, state.helpScroll + rows))
  }

  /// The overlay as `RootView` draws it (same title and entries, so the sizes agree).
  static func overlay(for state: AppState) -> HelpOverlay {
    HelpOverlay(
      title: "Keys · \(state.screen.title)", entries: KeyMap.helpEntries(for: state.screen), scroll: state.helpScroll)
  }

  private static func body(of state: AppState) -> Rect {
    RootView.layout(Rect(state.terminalSize)).body
  }
}
