/// What the toolkit needs from a real or fake terminal: its size and capabilities, a way to
/// draw changed cells, and a way to read input.
///
/// Backends are classes because they stand for one shared device; `Terminal` holds one.
public protocol TerminalBackend: AnyObject {
  /// Current size in cells.
  var size: Size { get }
  /// How many colours the terminal can show; `Terminal` approximates styles to this.
  var colorDepth: ColorDepth { get }
  /// Whether box drawing, block and braille characters are safe to use.
  var unicode: Bool { get }
  /// Draws the given cells (continuation cells of wide characters need no drawing).
  func draw(_ changes: [CellChange])
  /// Makes everything drawn so far visible.
  func flush()
  /// The next input event, waiting at most `milliseconds`; nil if nothing arrived in time.
  func nextEvent(timeout milliseconds: Int) -> InputEvent?
  /// Hands the terminal to another program (an editor) while `body` runs, in the state it
  /// was in before the app took it, then takes it back. What was drawn is gone afterwards:
  /// the caller repaints every cell (`Terminal.invalidate`).
  func suspended<T>(_ body: () throws -> T) rethrows -> T
}

extension TerminalBackend {
  /// A backend that is no real terminal (in memory, a recording) has nothing to hand over.
  public func suspended<T>(_ body: () throws -> T) rethrows -> T { try body() }
}
