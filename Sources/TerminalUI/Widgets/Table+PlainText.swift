/// A table as lines of plain text, for output that is not a screen (`convscope summary`,
/// `evaluate`, `forward`, …) and for screens that lay tables out as lines of text.
extension Table {
  /// The header, the rows and the totals, each cell padded to its column's widest cell
  /// (`widths` is not applied: nothing is cut), columns `columnSpacing` apart. With
  /// `trimmed`, trailing spaces are dropped; leading ones stay, so a row whose first cells
  /// are empty or right-aligned keeps its columns in line. With `width`, lines longer than
  /// that lose cells from the widest column first, cut with `…` (a lesson list's long titles
  /// in an 80-column terminal), as the screen's table does.
  public func plainLines(trimmed: Bool = true, width: Int? = nil) -> [String] {
    let all = [header] + rows + (totals.map { [$0] } ?? [])
    let natural = (0..<columnCount).map { column in all.map { column < $0.count ? $0[column].displayWidth : 0 }.max() ?? 0 }
    let widths = width.map { columnWidths(available: $0) } ?? natural
    let ellipsis = unicode ? "…" : "~"
    let gap = String(repeating: " ", count: columnSpacing)
    return all.map { cells in
      var line = widths.indices.map { column in
        (column < cells.count ? cells[column] : "").fitted(
          to: widths[column], alignment: alignment(column), ellipsis: widths[column] < natural[column] ? ellipsis : nil)
      }.joined(separator: gap)
      if trimmed { while line.last == " " { line.removeLast() } }
      return line
    }
  }

  /// `plainLines()` joined with newlines.
  public var plainText: String { plainLines().joined(separator: "\n") }
}
