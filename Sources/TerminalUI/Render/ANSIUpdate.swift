/// The escape sequences that bring a terminal from one frame to the next: what a recording
/// stores as one output event, and what `VirtualTerminal` reads back on replay.
///
/// Each update is self-contained: it positions the cursor before the first cell it writes,
/// sets every style from the default state (`0;…`) and ends in the default style, so an event
/// means the same whatever came before it (a player can start from any keyframe).
public enum ANSIUpdate {
  /// Clears the screen in the default style and homes the cursor: sent before a frame of a new
  /// size, because the receiving terminal reflowed (or never had) the old content.
  public static let clearScreen = "\u{1B}[0m\u{1B}[H\u{1B}[2J"

  /// Text that draws `changes` (cells listed row by row, as `ScreenBuffer.diff` gives them).
  /// Continuation cells are skipped: the wide character before them covers them.
  public static func text(for changes: [CellChange], clearingFirst: Bool = false) -> String {
    var out = clearingFirst ? clearScreen : ""
    // Where the cursor is after the last character written, so runs of neighbours need no move.
    var cursor: Point?
    var current: Style?
    for change in changes where !change.cell.isContinuation {
      let at = Point(x: change.x, y: change.y)
      if cursor != at { out += "\u{1B}[\(at.y + 1);\(at.x + 1)H" }
      let style = change.cell.style
      if style != current {
        out += "\u{1B}[" + (["0"] + ScreenBuffer.sgrParameters(style)).joined(separator: ";") + "m"
        current = style
      }
      // A control character in a cell would act on the player's terminal instead of showing.
      let symbol = change.cell.symbol
      let safe: Character = symbol.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } ? " " : symbol
      out.append(safe)
      cursor = Point(x: at.x + max(1, safe.displayWidth), y: at.y)
    }
    if let current, !current.isPlain { out += "\u{1B}[0m" }
    return out
  }
}
