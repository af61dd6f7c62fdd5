import TerminalUI

/// A list of drawn lines scrolled in a rectangle: how many rows show content (all of them,
/// less the last when the lines overflow, which then says which lines are in view), how far
/// it can scroll, and the drawing. The Compare screen and the Lessons tab's task list scroll
/// this way, so they clamp and say their position alike.
struct ScrolledLines {
  var count: Int
  var height: Int
  /// The requested first line; clamped by `start`.
  var scroll: Int

  /// Rows of content shown: all of `height`, less the position row when the lines overflow.
  var visibleRows: Int { count > height ? max(1, height - 1) : height }

  var maxScroll: Int { max(0, count - visibleRows) }

  /// The first line shown.
  var start: Int { min(max(0, scroll), maxScroll) }

  /// "lines 3–20 of 41 · KEYS", or nil when everything fits.
  func position(keys: String) -> String? {
    guard visibleRows < height else { return nil }
    return "lines \(start + 1)–\(min(count, start + visibleRows)) of \(count) · \(keys)"
  }

  /// Draws the lines in view and, when they overflow, the position on the last row (dim).
  func render(_ lines: [[Span]], keys: String, in area: Rect, into frame: inout Frame) {
    for (row, line) in lines.dropFirst(start).prefix(visibleRows).enumerated() {
      frame.buffer.put(line, at: Point(x: area.x, y: area.y + row), clippedTo: area)
    }
    if let text = position(keys: keys) {
      frame.buffer.put(ASCIIText.fitting(text, unicode: frame.unicode), at: Point(x: area.x, y: area.bottom - 1),
                       style: Style(dim: true), clippedTo: area)
    }
  }
}
