/// Rows of text in aligned columns with a bold header, an optional highlighted row, vertical
/// scrolling and an optional totals row kept in view below the visible rows.
///
/// Columns whose cells all look like numbers are right-aligned so digits line up, unless
/// `alignments` says otherwise. The same table prints as plain text (`plainLines`) for
/// command-line output.
public struct Table: Widget, Sendable {
  public var header: [String]
  public var rows: [[String]]
  public var totals: [String]?
  /// Column widths; nil sizes each column to its widest cell.
  public var widths: [Int]?
  /// Each column's alignment; nil (or a column past its end) right-aligns numeric columns.
  public var alignments: [Alignment]?
  /// Index into `rows` of the highlighted row.
  public var highlightedRow: Int?
  /// Rows scrolled off the top.
  public var offset: Int
  public var columnSpacing: Int
  public var headerStyle: Style
  public var highlightStyle: Style
  public var totalsStyle: Style
  public var unicode: Bool

  public init(
    header: [String], rows: [[String]], totals: [String]? = nil, widths: [Int]? = nil,
    alignments: [Alignment]? = nil, highlightedRow: Int? = nil, offset: Int = 0, columnSpacing: Int = 2,
    headerStyle: Style = Style(bold: true, underline: true),
    highlightStyle: Style = Style(reverse: true),
    totalsStyle: Style = Style(bold: true), unicode: Bool = true
  ) {
    self.header = header
    self.rows = rows
    self.totals = totals
    self.widths = widths
    self.alignments = alignments
    self.highlightedRow = highlightedRow
    self.offset = offset
    self.columnSpacing = columnSpacing
    self.headerStyle = headerStyle
    self.highlightStyle = highlightStyle
    self.totalsStyle = totalsStyle
    self.unicode = unicode
  }

  var columnCount: Int {
    ([header.count, totals?.count ?? 0] + rows.map(\.count)).max() ?? 0
  }

  /// How many body rows fit in `area` below the header and above the totals.
  public func visibleRowCount(in area: Rect) -> Int {
    max(0, area.height - 1 - (totals == nil ? 0 : 1))
  }

  /// The offset that keeps `row` visible, moving `offset` as little as possible; use it when
  /// the highlighted row moves.
  public static func offset(keeping row: Int, visible: Int, current: Int) -> Int {
    guard visible > 0 else { return max(0, row) }
    if row < current { return max(0, row) }
    if row >= current + visible { return row - visible + 1 }
    return current
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty, columnCount > 0 else { return }
    let widths = columnWidths(available: area.width)
    let alignments = (0..<columnCount).map(alignment)
    func draw(_ cells: [String], row: Int, style: Style) {
      guard row < area.height else { return }
      let y = area.y + row
      buffer.fill(area.row(row), with: Cell(" ", style: style))
      var x = area.x
      for (column, width) in widths.enumerated() {
        let text = (column < cells.count ? cells[column] : "")
          .fitted(to: width, alignment: alignments[column], ellipsis: unicode ? "…" : "~")
        buffer.put(text, at: Point(x: x, y: y), style: style, clippedTo: area)
        x += width + columnSpacing
      }
    }
    draw(header, row: 0, style: headerStyle)
    let start = min(max(0, offset), max(0, rows.count - 1))
    let visible = rows.dropFirst(start).prefix(visibleRowCount(in: area))
    for (i, cells) in visible.enumerated() {
      let index = start + i
      draw(cells, row: 1 + i, style: index == highlightedRow ? highlightStyle : .plain)
    }
    if let totals { draw(totals, row: 1 + visible.count, style: totalsStyle) }
  }

  /// Natural widths, then the widest columns shrink until the row fits.
  func columnWidths(available: Int) -> [Int] {
    let all = [header] + rows + (totals.map { [$0] } ?? [])
    var result = (0..<columnCount).map { column in
      if let widths, column < widths.count { return max(0, widths[column]) }
      return all.map { column < $0.count ? $0[column].displayWidth : 0 }.max() ?? 0
    }
    var excess = result.reduce(0, +) + columnSpacing * (result.count - 1) - available
    // Take one cell at a time from the widest column (the rightmost on ties), so a long name
    // column gives way before a short numeric one disappears.
    while excess > 0, !result.isEmpty {
      var widest = 0
      for i in result.indices where result[i] >= result[widest] { widest = i }
      guard result[widest] > 0 else { break }
      result[widest] -= 1
      excess -= 1
    }
    return result
  }

  /// The alignment `alignments` gives `column`, else right for numbers and left for text.
  func alignment(_ column: Int) -> Alignment {
    if let alignments, column < alignments.count { return alignments[column] }
    return isNumericColumn(column) ? .right : .left
  }

  /// True when every non-empty body and totals cell in the column reads as a number.
  func isNumericColumn(_ column: Int) -> Bool {
    let body = rows + (totals.map { [$0] } ?? [])
    let cells = body.compactMap { column < $0.count ? $0[column] : nil }
    let filled = cells.filter { !$0.trimmingSpaces.isEmpty }
    return !filled.isEmpty && filled.allSatisfy(Table.looksNumeric)
  }

  /// Numbers as people write them in tables: `61,706`, `-0.25`, `1.2e-3`, `87.5%`, `3.1M`.
  static func looksNumeric(_ text: String) -> Bool {
    var s = Substring(text.trimmingSpaces)
    if let last = s.last, "%KMGkx×".contains(last) { s = s.dropLast() }
    let cleaned = s.filter { $0 != "," && $0 != "_" }
    return !cleaned.isEmpty && Double(cleaned) != nil
  }
}
