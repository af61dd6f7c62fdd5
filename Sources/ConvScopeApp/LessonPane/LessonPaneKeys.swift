import TerminalUI

/// The docked lesson's rows of the key table. `D` and `O` work on every screen the pane
/// docks beside, whichever side has the keys; the reading keys (and `-`/`+` for its size)
/// only while the pane has them: the screen's own keys then wait, so ↑/↓ never do two things
/// at once.
enum LessonPaneKeys {
  /// The footer names `O` while the pane has the keys, and beside the screen (from 110
  /// columns); below it, the footer has no room left beside the screen's keys, and the pane's
  /// own title says "O: keys" instead.
  private static func footerShowsFocus(_ state: AppState) -> Bool {
    let layout = LessonPaneLayout(state)
    return layout.isShown && (state.lessonPane.focus == .pane || layout.arrangement == .beside)
  }

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char("O")], label: "O", description: "switch the keys between the docked lesson and the screen",
      footer: "focus", scope: .docking, footerWhen: footerShowsFocus, action: .lessonPane(.switchFocus)),
    // One row for the reading keys, so the help of every screen still fits its terminal.
    KeyBinding(
      [KeyEvent(.down), KeyEvent(.up), KeyEvent(.pageDown), KeyEvent(.pageUp), .char(" "), .char("]"), .char("["),
       KeyEvent(.enter), .char("-"), .char("+"), .char("=")],
      label: "↓/↑ ]/[ enter", description: "Lesson pane: scroll (pgdn/pgup), pick a link, follow it; -/+ size",
      footer: "read", scope: .lessonPane, action: read),
    KeyBinding(
      [.char("D")], label: "D", description: "dock the open lesson beside this screen, or close it",
      scope: .docking, action: .lessonPane(.toggle)),
    KeyBinding(
      [.char("D")], label: "D", description: "Lessons: read this lesson beside the last screen (Explore, Train or Compare)",
      scope: .screens([.lessons]), action: .lessonPane(.dockBesideLastScreen)),
  ]

  /// What a reading key does in the pane.
  private static func read(_ event: KeyEvent) -> Action? {
    let action: LessonPaneAction
    switch event.key {
    case .down: action = .scroll(1)
    case .up: action = .scroll(-1)
    case .pageDown, .char(" "): action = .page(1)
    case .pageUp: action = .page(-1)
    case .char("]"): action = .moveLinkFocus(1)
    case .char("["): action = .moveLinkFocus(-1)
    case .enter: action = .followLink
    case .char("-"): action = .resize(-1)
    case .char("+"), .char("="): action = .resize(1)
    default: return nil
    }
    return .lessonPane(action)
  }
}
