import TerminalUI

/// The Compare screen's rows of the key table (besides `r`, which recomputes the totals).
enum CompareKeys {
  static let scope = KeyBinding.Scope.screens([.compare])

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char(">"), .char("<")], label: ">/<", description: "Compare: pick the next / previous layer of the table",
      scope: scope, action: { .compare(.movePick($0.key == .char(">") ? 1 : -1)) }),
    KeyBinding(
      [.char("m")], label: "m", description: "Compare: measure both models' speed (jumps to the results)",
      footer: "measure", scope: scope, action: .compare(.remeasure)),
    KeyBinding(
      [KeyEvent(.down), KeyEvent(.up)], label: "↓/↑", description: "Compare: scroll",
      scope: scope, action: { .compare(.scroll($0.key == .down ? 1 : -1)) }),
    KeyBinding(
      [KeyEvent(.pageDown), KeyEvent(.pageUp), .char(" ")], label: "pgdn/pgup",
      description: "Compare: scroll a page", scope: scope,
      action: { .compare(.page($0.key == .pageUp ? -1 : 1)) }),
    KeyBinding(
      [KeyEvent(.home), KeyEvent(.end)], label: "home/end", description: "Compare: top / bottom",
      scope: scope, action: { .compare(.scrollToEnd(top: $0.key == .home)) }),
  ]
}
