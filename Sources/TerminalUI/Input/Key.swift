/// A key on the keyboard, independent of how the terminal encoded it.
public enum Key: Sendable, Hashable, CustomStringConvertible {
  case char(Character)
  case up, down, left, right
  case home, end, pageUp, pageDown
  case tab, backTab, enter, escape, backspace, delete
  /// F1–F12 (and beyond, if the terminal reports them).
  case function(Int)

  public var description: String {
    switch self {
    case .char(" "): "space"
    case .char(let c): String(c)
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .home: "home"
    case .end: "end"
    case .pageUp: "pgup"
    case .pageDown: "pgdn"
    case .tab: "tab"
    case .backTab: "shift-tab"
    case .enter: "enter"
    case .escape: "esc"
    case .backspace: "backspace"
    case .delete: "del"
    case .function(let n): "F\(n)"
    }
  }
}
