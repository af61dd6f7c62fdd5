import TerminalUI

/// The Compare screen's table of model totals (or why it is not there yet).
enum CompareView {
  /// Draws into the top of `area` and returns the rows used.
  static func render(_ compare: CompareState, in area: Rect, into frame: inout Frame) -> Int {
    if let error = compare.error {
      return line("Could not compute the totals: \(error)", in: area, into: &frame)
    }
    if compare.summaries.isEmpty {
      let waiting = "Computing the model totals" + (frame.unicode ? "…" : "...")
      return line(compare.isLoading ? waiting : "", in: area, into: &frame)
    }
    var header = ["model", "input", "layers", "parameters", "MACs/image", "memory/image"]
    var rows = compare.summaries.map { row($0, unicode: frame.unicode) }
    // On a narrow terminal the input column goes, so that the totals are never cut short.
    if naturalWidth([header] + rows) > area.width {
      header.remove(at: 1)
      rows = rows.map { var r = $0; r.remove(at: 1); return r }
    }
    let table = Table(header: header, rows: rows, unicode: frame.unicode)
    let height = min(area.height, compare.summaries.count + 1)
    frame.render(table, in: Rect(x: area.x, y: area.y, width: area.width, height: height))
    return height
  }

  /// The width a table needs to show every cell whole (two cells between columns).
  static func naturalWidth(_ rows: [[String]]) -> Int {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].displayWidth : 0 }.max() ?? 0 }
    return widths.reduce(0, +) + 2 * max(0, columns - 1)
  }

  /// One table row of real totals.
  static func row(_ s: ModelSummary, unicode: Bool) -> [String] {
    [
      s.model, s.input.map(String.init).joined(separator: unicode ? "×" : "x"), String(s.layers),
      grouped(s.parameters), grouped(s.macs), bytes(s.activationBytes),
    ]
  }

  /// 62378344 → "62,378,344".
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var result = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { result.append(",") }
      result.append(c)
    }
    return n < 0 ? "-" + result : result
  }

  /// 18816 → "18.4 KiB", in the same units `convscope summary` prints.
  static func bytes(_ n: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB"]
    var value = Double(n)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(n) B" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }

  private static func line(_ text: String, in area: Rect, into frame: inout Frame) -> Int {
    guard !text.isEmpty, area.height > 0 else { return 0 }
    frame.render(Paragraph(text), in: Rect(x: area.x, y: area.y, width: area.width, height: 1))
    return 1
  }
}
