extension ScreenBuffer {
  /// The text grid, one quoted line per row, so trailing spaces show up in test diffs:
  ///
  ///     "┌Title──┐"
  ///     "│       │"
  public func snapshot() -> String {
    (0..<height).map { "\"\(text(ofRow: $0))\"" }.joined(separator: "\n")
  }

  /// Styled runs, one line per row that has any, in the spirit of ratatui's `Buffer` debug
  /// output: `2: 0-3 fg=red bold | 7-9 reverse`. Column ranges are inclusive; plain runs
  /// and plain rows are left out so the output stays short.
  public func styleSnapshot() -> String {
    var lines: [String] = []
    for y in 0..<height {
      var runs: [String] = []
      var x = 0
      while x < width {
        let style = self[x, y].style
        var end = x
        while end + 1 < width, self[end + 1, y].style == style { end += 1 }
        if !style.isPlain { runs.append("\(x)-\(end) \(style)") }
        x = end + 1
      }
      if !runs.isEmpty { lines.append("\(y): " + runs.joined(separator: " | ")) }
    }
    return lines.joined(separator: "\n")
  }

  /// The rows as plain text joined by newlines, trailing spaces removed: what a headless
  /// command prints to stdout.
  public func plainText() -> String {
    (0..<height).map { y in
      String(text(ofRow: y).reversed().drop { $0 == " " }.reversed())
    }.joined(separator: "\n")
  }
}
