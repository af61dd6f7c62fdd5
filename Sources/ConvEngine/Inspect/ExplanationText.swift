import Foundation

/// Formatting shared by the explanations' text: 4-decimal numbers, number grids placed side
/// by side and lists cut to a number of lines. Prose longer than the width is left whole:
/// wrapping it is the front end's (the toolkit's `TextWrapper`, which counts display columns).
///
/// Only narrow characters are used (·, …, Σ, ×), so a character is a column. Public for the
/// front end's number grids (presented kernels, an exported zoomed map), so values read the
/// same everywhere.
public enum ExplanationText {
  /// 4 decimals, without the "−0.0000" that rounding a tiny negative gives.
  public static func number(_ value: Double) -> String {
    let text = String(format: "%.4f", value)
    return text == "-0.0000" ? "0.0000" : text
  }

  static func number(_ value: Float) -> String { number(Double(value)) }

  /// "engine 0.8123 ✓", or the disagreement spelled out (never expected; a bug if seen).
  static func engineNote(_ c: ValueComparison) -> String {
    if c.agrees() { return "engine \(number(c.engine)) ✓" }
    return "engine \(number(c.engine)) ✗ differs by \(String(format: "%.2e", abs(c.recomputed - Double(c.engine))))"
  }

  /// A titled grid of `rows`×`cols` values (nil = padding, shown as ·), at most `maxRows`
  /// rows and as many columns as fit in `maxWidth`; cut rows and columns are marked.
  public static func grid(title: String, values: [Double?], rows: Int, cols: Int, maxRows: Int, maxWidth: Int) -> [String] {
    let texts = values.map { $0.map(number) ?? "·" }
    let cell = texts.map(\.count).max() ?? 1
    let shownCols = gridColumns(values: values, cols: cols, maxWidth: maxWidth)
    let shownRows = min(rows, maxRows)
    var lines = [title]
    for r in 0..<shownRows {
      var parts: [String] = []
      for c in 0..<shownCols { parts.append(pad(texts[r * cols + c], cell)) }
      lines.append(parts.joined(separator: " ") + (shownCols < cols ? " …" : ""))
    }
    if shownRows < rows { lines.append("⋮ \(rows - shownRows) more row\(rows - shownRows == 1 ? "" : "s")") }
    return lines
  }

  /// How many of a grid's `cols` columns `grid` shows in `maxWidth`.
  static func gridColumns(values: [Double?], cols: Int, maxWidth: Int) -> Int {
    let cell = values.map { $0.map(number)?.count ?? 1 }.max() ?? 1
    // n cells take n·cell + (n − 1) columns; a cut row also needs " …".
    if cols * (cell + 1) - 1 <= maxWidth { return cols }
    return max(1, (maxWidth - 1) / (cell + 1))
  }

  /// Right-aligns `text` in `width` columns.
  static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  /// Places blocks of lines side by side, starting a new band when the next would pass
  /// `maxWidth`.
  static func sideBySide(_ blocks: [[String]], maxWidth: Int, gap: Int = 3) -> [String] {
    var out: [String] = []
    var band: [[String]] = []
    var bandWidth = 0
    func flush() {
      guard !band.isEmpty else { return }
      let height = band.map(\.count).max() ?? 0
      let widths = band.map { $0.map(\.count).max() ?? 0 }
      for r in 0..<height {
        var line = ""
        for (i, block) in band.enumerated() {
          let text = r < block.count ? block[r] : ""
          line += i == band.count - 1 ? text : text + String(repeating: " ", count: widths[i] - text.count + gap)
        }
        out.append(line.droppingTrailingSpaces)
      }
      band = []
      bandWidth = 0
    }
    for block in blocks {
      let w = block.map(\.count).max() ?? 0
      if !band.isEmpty && bandWidth + gap + w > maxWidth { flush() }
      bandWidth += (band.isEmpty ? 0 : gap) + w
      band.append(block)
    }
    flush()
    return out
  }

  /// `prefix` followed by `items` joined with ", ", wrapped at `maxWidth`, at most `maxLines`
  /// lines (the last then says how many items were left out).
  static func list(_ prefix: String, _ items: [String], maxWidth: Int, maxLines: Int = .max) -> [String] {
    var lines: [String] = []
    var line = prefix
    for (i, item) in items.enumerated() {
      let piece = item + (i < items.count - 1 ? "," : "")
      if line.count + 1 + piece.count > maxWidth && line.count > prefix.count {
        if lines.count + 1 == maxLines {
          lines.append(line + " … \(items.count - i) more")
          return lines
        }
        lines.append(line)
        line = String(repeating: " ", count: min(prefix.count, 4))
      }
      line += (line.hasSuffix(" ") || line.isEmpty ? "" : " ") + piece
    }
    lines.append(line)
    return lines
  }

  /// A hyper-parameter as written in the papers: 2, 0.75, 0.0001.
  static func parameter(_ v: Double) -> String { String(format: "%g", v) }

  /// Rows of [label, number, note] with the labels padded and the numbers right-aligned:
  /// the closing arithmetic of an explanation.
  static func arithmetic(_ rows: [[String]]) -> [String] {
    let w0 = rows.map { $0[0].count }.max() ?? 0
    let w1 = rows.map { $0[1].count }.max() ?? 0
    return rows.map { r in
      (r[0] + String(repeating: " ", count: w0 - r[0].count) + "  " + pad(r[1], w1)
        + (r[2].isEmpty ? "" : "   " + r[2])).droppingTrailingSpaces
    }
  }

  /// "rows 4…8" for a range, "row 4" for one value.
  static func span(_ name: String, _ range: ClosedRange<Int>) -> String {
    range.count == 1 ? "\(name) \(range.lowerBound)" : "\(name)s \(range.lowerBound)…\(range.upperBound)"
  }

  /// "3 products" / "1 product"; `plural` for nouns that take more than an "s".
  static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(n.grouped) \(n == 1 ? noun : plural ?? noun + "s")"
  }
}

extension String {
  var droppingTrailingSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
