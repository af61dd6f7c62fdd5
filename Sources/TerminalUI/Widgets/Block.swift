/// A bordered box with an optional title in the top edge; draws nothing inside.
///
/// Render the block, then render the content into `inner(area)`.
public struct Block: Widget, Sendable {
  public var title: String?
  public var borderStyle: Style
  public var titleStyle: Style
  public var unicode: Bool

  public init(
    title: String? = nil, borderStyle: Style = .plain, titleStyle: Style = Style(bold: true),
    unicode: Bool = true
  ) {
    self.title = title
    self.borderStyle = borderStyle
    self.titleStyle = titleStyle
    self.unicode = unicode
  }

  /// The area left for content once the border is drawn.
  public func inner(_ area: Rect) -> Rect {
    area.inset(by: 1)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let s = BorderSymbols.forUnicode(unicode)
    let top = area.top
    let bottom = area.bottom - 1
    let left = area.left
    let right = area.right - 1
    for x in left...right {
      buffer[x, top] = Cell(s.horizontal, style: borderStyle)
      buffer[x, bottom] = Cell(s.horizontal, style: borderStyle)
    }
    for y in top...bottom {
      buffer[left, y] = Cell(s.vertical, style: borderStyle)
      buffer[right, y] = Cell(s.vertical, style: borderStyle)
    }
    // A 1-cell-wide or -high block degenerates to a line; corners only where there are two ends.
    if area.width > 1, area.height > 1 {
      buffer[left, top] = Cell(s.topLeft, style: borderStyle)
      buffer[right, top] = Cell(s.topRight, style: borderStyle)
      buffer[left, bottom] = Cell(s.bottomLeft, style: borderStyle)
      buffer[right, bottom] = Cell(s.bottomRight, style: borderStyle)
    }
    if let title, !title.isEmpty, area.width > 2 {
      let titleArea = Rect(x: left + 1, y: top, width: area.width - 2, height: 1)
      buffer.put(title, at: Point(x: left + 1, y: top), style: titleStyle, clippedTo: titleArea)
    }
  }
}
