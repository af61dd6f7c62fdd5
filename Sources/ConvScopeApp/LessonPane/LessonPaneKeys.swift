import TerminalUI

/// The docked lesson's rows of the key table. `D`, `O` and `{`/`}` work on every screen the
/// pane docks beside, whichever side has the keys; the reading keys only while the pane has
/// them (the screen's own keys then wait, so ↑/↓ never do two things at once).
enum LessonPaneKeys {
  private static func shown(_ state: AppState) -> Bool { LessonPaneLayout(state).isShown }

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char("O")], label: "O", description: "Lesson pane: move the keys between the docked lesson and the screen",
      footer: "focus", scope: .docking, footerWhen: shown, action: .lessonPane(.switchFocus)),
    KeyBinding(
      [.char("]"), .char("[")], label: "]/[", description: "Lesson pane: focus the next / previous link",
      footer: "links", scope: .lessonPane, action: { .lessonPane(.moveLinkFocus($0.key == .char("]") ? 1 : -1)) }),
    KeyBinding(
      [KeyEvent(.enter)], label: "enter", description: "Lesson pane: follow the focused link (it acts on the screen beside)",
      footer: "follow", scope: .lessonPane, action: .lessonPane(.followLink)),
    KeyBinding(
      [KeyEvent(.down), KeyEvent(.up), KeyEvent(.pageDown), KeyEvent(.pageUp), .char(" ")], label: "↓/↑ pgdn/pgup",
      description: "Lesson pane: scroll the lesson a line / a page", footer: "scroll", scope: .lessonPane,
      action: { event in
        switch event.key {
        case .down: .lessonPane(.scroll(1))
        case .up: .lessonPane(.scroll(-1))
        case .pageUp: .lessonPane(.page(-1))
        default: .lessonPane(.page(1))
        }
      }),
    KeyBinding(
      [.char("D")], label: "D",
      description: "Explore, Train, Compare: dock the open lesson beside the screen (below it under 110 columns), or close it",
      footer: "close lesson", scope: .docking, footerWhen: { $0.lessonPane.isOpen }, action: .lessonPane(.toggle)),
    KeyBinding(
      [.char("{"), .char("}")], label: "{/}", description: "Lesson pane: narrower / wider (or drag its edge)",
      scope: .docking, action: { .lessonPane(.resize($0.key == .char("}") ? 1 : -1)) }),
  ]
}
