/// A row of tab titles with one selected; `hitRects` tells which tab a mouse click hit.
///
///     conv1 │ pool1 │ conv2
public struct Tabs: Widget, Sendable {
  public var titles: [String]
  public var selected: Int
  public var selectedStyle: Style
  public var unicode: Bool

  public init(
    titles: [String], selected: Int, selectedStyle: Style = Style(bold: true, reverse: true),
    unicode: Bool = true
  ) {
    self.titles = titles
    self.selected = selected
    self.selectedStyle = selectedStyle
    self.unicode = unicode
  }

  /// Where each tab (title plus one cell of padding each side) sits inside `area`, clipped
  /// to it; a tab pushed off the right edge gets an empty rect.
  public func hitRects(in area: Rect) -> [Rect] {
    var x = area.x
    return titles.map { title in
      let width = title.displayWidth + 2
      defer { x += width + 1 }  // one cell for the separator
      return Rect(x: x, y: area.y, width: width, height: min(1, area.height)).intersection(area)
    }
  }

  /// The tab under `point`, if any (for mouse clicks).
  public func index(at point: Point, in area: Rect) -> Int? {
    hitRects(in: area).firstIndex { $0.contains(point) }
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let row = area.row(0)
    for (i, rect) in hitRects(in: row).enumerated() where !rect.isEmpty {
      let style = i == selected ? selectedStyle : .plain
      buffer.put(" \(titles[i]) ", at: Point(x: rect.x, y: rect.y), style: style, clippedTo: row)
      if i + 1 < titles.count {
        buffer.put(unicode ? "│" : "|", at: Point(x: rect.right, y: rect.y), clippedTo: row)
      }
    }
  }
}
