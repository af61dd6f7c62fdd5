/// Everything a backend can report to the app loop.
public enum InputEvent: Sendable, Hashable {
  case key(KeyEvent)
  case mouse(MouseEvent)
  /// The terminal now has this size; the next draw redraws everything.
  case resize(Size)
  /// Nothing happened before the poll timed out; lets the app advance time without sleeping.
  case tick
}
