/// A centred modal box listing key bindings; clears whatever is behind it.
///
/// When the entries are taller than the area it uses two columns if the area is wide enough
/// for them, and otherwise shows a window of rows starting at `scroll`, with a last row saying
/// how much is above and below (the app scrolls it with the arrow and page keys).
public struct HelpOverlay: Widget, Sendable {
  public var title: String
  public var entries: [KeyHint]
  public var keyStyle: Style
  public var unicode: Bool
  /// The first row shown when the entries do not fit (clamped to the last useful row).
  public var scroll: Int

  /// Columns between two side-by-side columns of entries.
  static let columnGap = 3

  public init(
    title: String = "Help", entries: [KeyHint], keyStyle: Style = Style(bold: true),
    unicode: Bool = true, scroll: Int = 0
  ) {
    self.title = title
    self.entries = entries
    self.keyStyle = keyStyle
    self.unicode = unicode
    self.scroll = scroll
  }

  private var keyWidth: Int { entries.map(\.key.displayWidth).max() ?? 0 }

  /// One column's width: keys, two cells, descriptions.
  private var columnWidth: Int {
    keyWidth + 2 + (entries.map(\.description.displayWidth).max() ?? 0)
  }

  /// How the entries are arranged in `area`: columns, rows of entries, and rows visible.
  private func arrangement(in area: Rect) -> (columns: Int, rows: Int, visible: Int) {
    // Border + one cell of padding on each side; the border's two rows.
    let innerHeight = max(0, area.height - 2)
    let twoColumns = 2 * columnWidth + Self.columnGap + 4
    let columns = entries.count > innerHeight && twoColumns <= area.width ? 2 : 1
    let rows = (entries.count + columns - 1) / columns
    // Rows that do not fit leave the last visible row to the "more" line.
    let visible = rows <= innerHeight ? rows : max(0, innerHeight - 1)
    return (columns, rows, visible)
  }

  /// The largest useful `scroll` in `area` (0 when everything fits).
  public func maxScroll(in area: Rect) -> Int {
    let layout = arrangement(in: area)
    return max(0, layout.rows - layout.visible)
  }

  /// Rows a page key moves in `area`.
  public func pageSize(in area: Rect) -> Int {
    max(1, arrangement(in: area).visible)
  }

  /// The box's rectangle inside `area`: sized to the content, clipped to the area.
  public func box(in area: Rect) -> Rect {
    let layout = arrangement(in: area)
    let contentWidth = max(
      layout.columns * columnWidth + (layout.columns - 1) * Self.columnGap, title.displayWidth + 2)
    return area.centered(width: contentWidth + 4, height: layout.rows + 2)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    let box = box(in: area)
    guard !box.isEmpty else { return }
    buffer.fill(box)
    let block = Block(title: " \(title) ", unicode: unicode)
    block.render(in: box, into: &buffer)
    let inner = block.inner(box).inset(left: 1, right: 1)
    let layout = arrangement(in: area)
    let first = min(max(0, scroll), maxScroll(in: area))
    for row in 0..<layout.visible {
      for column in 0..<layout.columns {
        // Column-major, so each column reads top to bottom in the table's order.
        let index = column * layout.rows + first + row
        guard index < entries.count else { continue }
        let x = inner.x + column * (columnWidth + Self.columnGap)
        let y = inner.y + row
        buffer.put(entries[index].key, at: Point(x: x, y: y), style: keyStyle, clippedTo: inner)
        buffer.put(entries[index].description, at: Point(x: x + keyWidth + 2, y: y), clippedTo: inner)
      }
    }
    if layout.visible < layout.rows {
      let below = (layout.rows - first - layout.visible) * layout.columns
      let line = Self.scrollLine(above: first * layout.columns, below: below, unicode: unicode)
      buffer.put(line, at: Point(x: inner.x, y: inner.y + layout.visible), style: Style(dim: true), clippedTo: inner)
    }
  }

  /// The last row when entries are hidden below and none above: "… 5 more: ↓/pgdn scrolls".
  public static func moreLine(_ hidden: Int, unicode: Bool) -> String {
    scrollLine(above: 0, below: hidden, unicode: unicode)
  }

  /// The last row when entries are hidden: how many above and below, and the keys to scroll.
  public static func scrollLine(above: Int, below: Int, unicode: Bool) -> String {
    let dots = unicode ? "…" : "..."
    let (up, down) = unicode ? ("↑", "↓") : ("up", "down")
    switch (above > 0, below > 0) {
    case (false, _): return "\(dots) \(below) more: \(down)/pgdn scrolls"
    case (true, false): return "\(dots) \(above) above: \(up)/pgup scrolls back"
    case (true, true): return "\(dots) \(above) above, \(below) more: \(up)/\(down) pgup/pgdn"
    }
  }
}
