extension ScreenBuffer {
  /// The buffer as text for a terminal or a file: one line per row, colours and attributes
  /// as SGR escape sequences fitted to `depth`, each line ending in the default style, and
  /// trailing blank cells dropped. Lines are joined by "\n" with no newline at the end.
  ///
  /// At `.mono` no escape sequence is written at all, so piped output stays plain text;
  /// draw heatmaps at `.mono` too, so they use shade characters rather than colour.
  ///
  /// Colours are encoded as the depth allows: `38;2;r;g;b` (direct), `38;5;n` (256), the 16
  /// or 8 ANSI codes (30–37, 90–97; backgrounds 40–47, 100–107). A change of style from a
  /// styled run starts with `0;` so no attribute of the previous run leaks into the next.
  public func ansiText(depth: ColorDepth) -> String {
    (0..<height).map { ansiLine($0, depth: depth) }.joined(separator: "\n")
  }

  private func ansiLine(_ y: Int, depth: ColorDepth) -> String {
    let row = (0..<width).map { self[$0, y] }
    let styles = row.map { depth == .mono ? Style.plain : depth.approximate($0.style) }
    // A space still shows when its background, reverse video or underline is drawn.
    func visible(_ i: Int) -> Bool {
      let s = styles[i]
      return row[i].symbol != " " || s.bg != .default || s.reverse || s.underline
    }
    guard let last = (0..<width).last(where: visible) else { return "" }
    var line = ""
    var current = Style.plain
    for x in 0...last where !row[x].isContinuation {
      let style = styles[x]
      if style != current {
        if style.isPlain {
          line += "\u{1B}[0m"
        } else {
          line += "\u{1B}[" + (current.isPlain ? "" : "0;") + Self.sgrParameters(style).joined(separator: ";") + "m"
        }
        current = style
      }
      line.append(row[x].symbol)
    }
    if !current.isPlain { line += "\u{1B}[0m" }
    return line
  }

  /// The SGR parameters that draw `style` from the default state.
  static func sgrParameters(_ style: Style) -> [String] {
    var p: [String] = []
    if style.bold { p.append("1") }
    if style.dim { p.append("2") }
    if style.underline { p.append("4") }
    if style.reverse { p.append("7") }
    p += colorParameters(style.fg, background: false)
    p += colorParameters(style.bg, background: true)
    return p
  }

  private static func colorParameters(_ color: Color, background: Bool) -> [String] {
    switch color {
    case .default:
      return []
    case .indexed(let n):
      return [background ? "48" : "38", "5", "\(n)"]
    case .rgb(let r, let g, let b):
      return [background ? "48" : "38", "2", "\(r)", "\(g)", "\(b)"]
    default:
      guard let i = color.ansiIndex else { return [] }
      // 0–7: 30–37 / 40–47; 8–15 (bright): 90–97 / 100–107.
      let base = i < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
      return ["\(base + i % 8)"]
    }
  }
}
