import CNcurses
import TerminalUI

/// Writes single cells into a curses window as wide characters with attributes and a pair.
///
/// One `setcchar` + `mvwadd_wch` per cell: TerminalUI already sends only the cells that
/// changed, and ncurses batches the terminal output in `doupdate`, so per-cell calls are
/// cheap next to the bytes a full heatmap frame puts on the wire (see `convscope bench`).
final class CellWriter {
  private let window: UnsafeMutablePointer<WINDOW>
  private let unicode: Bool
  /// Scratch space for one grapheme: up to CCHARW_MAX (5) scalars plus the terminator.
  private let characters: UnsafeMutablePointer<wchar_t>
  private static let maxScalars = 5

  init(window: UnsafeMutablePointer<WINDOW>, unicode: Bool) {
    self.window = window
    self.unicode = unicode
    characters = .allocate(capacity: CellWriter.maxScalars + 1)
    characters.initialize(repeating: 0, count: CellWriter.maxScalars + 1)
  }

  deinit {
    characters.deallocate()
  }

  /// Draws `cell` at (x, y) with colour pair `pair`.
  func put(_ cell: Cell, x: Int, y: Int, pair: Int32) {
    let symbol = unicode ? cell.symbol : AsciiFallback.map(cell.symbol)
    var count = 0
    if let ascii = symbol.asciiValue {
      // Control characters would move the cursor; ScreenBuffer never stores them, but a
      // stray one must not corrupt the screen.
      characters[0] = wchar_t(ascii < 32 || ascii == 127 ? 32 : ascii)
      count = 1
    } else {
      for scalar in symbol.unicodeScalars.prefix(CellWriter.maxScalars) {
        characters[count] = wchar_t(bitPattern: scalar.value)
        count += 1
      }
    }
    characters[count] = 0
    let style = cell.style
    let attributes = cn_attrs(
      style.bold ? 1 : 0, style.dim ? 1 : 0, style.underline ? 1 : 0, style.reverse ? 1 : 0)
    var extendedPair = pair
    var value = cchar_t()
    // The short pair argument is ignored when `opts` points at an int: the extended-colour
    // way to pass pair numbers above 32767.
    setcchar(&value, characters, attributes, 0, &extendedPair)
    mvwadd_wch(window, Int32(y), Int32(x), &value)
  }
}
