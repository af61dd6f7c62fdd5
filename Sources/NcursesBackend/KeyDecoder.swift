import CNcurses
import TerminalUI

/// Turns what `wget_wch` returns into TerminalUI key events.
///
/// ncurses reports special keys (arrows, function keys, …) as `KEY_*` codes with status
/// `KEY_CODE_YES`, and everything else as a character, control characters included. Letters
/// such as h/j/k/l stay plain characters: what they mean is the app's business.
enum KeyDecoder {
  /// A special key code (status `KEY_CODE_YES`); nil for codes we do not map.
  static func special(_ code: Int32) -> KeyEvent? {
    switch code {
    case KEY_UP: return KeyEvent(.up)
    case KEY_DOWN: return KeyEvent(.down)
    case KEY_LEFT: return KeyEvent(.left)
    case KEY_RIGHT: return KeyEvent(.right)
    case KEY_SR: return KeyEvent(.up, modifiers: .shift)
    case KEY_SF: return KeyEvent(.down, modifiers: .shift)
    case KEY_SLEFT: return KeyEvent(.left, modifiers: .shift)
    case KEY_SRIGHT: return KeyEvent(.right, modifiers: .shift)
    case KEY_HOME: return KeyEvent(.home)
    case KEY_END: return KeyEvent(.end)
    case KEY_SHOME: return KeyEvent(.home, modifiers: .shift)
    case KEY_SEND: return KeyEvent(.end, modifiers: .shift)
    case KEY_PPAGE: return KeyEvent(.pageUp)
    case KEY_NPAGE: return KeyEvent(.pageDown)
    case KEY_BTAB: return KeyEvent(.backTab)
    case KEY_BACKSPACE: return KeyEvent(.backspace)
    case KEY_DC: return KeyEvent(.delete)
    case KEY_ENTER: return KeyEvent(.enter)
    default:
      // Function keys occupy KEY_F(0)…KEY_F(63); xterm sends shifted F1–F12 as F13–F24.
      let n = code - cn_key_f(0)
      if n >= 1, n <= 63 { return KeyEvent(.function(Int(n))) }
      return nil
    }
  }

  /// A character (status `OK`), including control characters such as Ctrl-C (3) or Esc (27).
  static func character(_ value: UInt32) -> KeyEvent? {
    switch value {
    case 9: return KeyEvent(.tab)
    case 10, 13: return KeyEvent(.enter)
    case 27: return KeyEvent(.escape)
    case 8, 127: return KeyEvent(.backspace)
    case 0: return KeyEvent(.char(" "), modifiers: .ctrl)
    case 1...26:
      // Ctrl-A … Ctrl-Z arrive as 1…26 (minus the ones above, which are Tab/Enter/Backspace).
      guard let scalar = Unicode.Scalar(value + 96) else { return nil }
      return KeyEvent(.char(Character(scalar)), modifiers: .ctrl)
    case 28...31:
      let symbols: [Character] = ["\\", "]", "^", "_"]
      return KeyEvent(.char(symbols[Int(value) - 28]), modifiers: .ctrl)
    default:
      guard let scalar = Unicode.Scalar(value) else { return nil }
      return KeyEvent(.char(Character(scalar)))
    }
  }

  /// A key pressed with Alt, which terminals send as Esc followed by the key.
  static func withAlt(_ event: KeyEvent) -> KeyEvent {
    var result = event
    result.modifiers.insert(.alt)
    return result
  }

  /// The pending mouse event after `KEY_MOUSE`, if it is a press, release or wheel step.
  static func mouse() -> MouseEvent? {
    var x: Int32 = 0
    var y: Int32 = 0
    var button: Int32 = 0
    var kind: Int32 = 0
    var mods: Int32 = 0
    guard cn_read_mouse(&x, &y, &button, &kind, &mods) == 1 else { return nil }
    let buttons: [MouseEvent.Button] = [.left, .middle, .right, .wheelUp, .wheelDown]
    guard button >= 1, button <= 5 else { return nil }
    return MouseEvent(
      x: Int(x), y: Int(y), button: buttons[Int(button) - 1], kind: kind == 1 ? .release : .press,
      modifiers: Modifiers(rawValue: UInt8(truncatingIfNeeded: mods)))
  }
}
