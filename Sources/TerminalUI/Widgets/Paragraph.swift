/// Styled text, optionally word-wrapped, with alignment and a vertical scroll offset.
public struct Paragraph: Widget, Sendable {
  public var spans: [Span]
  public var wrap: Bool
  public var alignment: Alignment
  /// Lines skipped at the top.
  public var scroll: Int

  public init(
    _ text: String, style: Style = .plain, wrap: Bool = true, alignment: Alignment = .left,
    scroll: Int = 0
  ) {
    self.init(spans: [Span(text, style: style)], wrap: wrap, alignment: alignment, scroll: scroll)
  }

  public init(spans: [Span], wrap: Bool = true, alignment: Alignment = .left, scroll: Int = 0) {
    self.spans = spans
    self.wrap = wrap
    self.alignment = alignment
    self.scroll = scroll
  }

  /// The lines the text occupies at `width` (after wrapping, before scrolling).
  public func lines(width: Int) -> [[Span]] {
    // Without wrapping, a huge width still splits at newlines and leaves clipping to `put`.
    TextWrapper.wrap(spans, width: wrap ? width : Int.max / 2)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let visible = lines(width: area.width).dropFirst(max(0, scroll)).prefix(area.height)
    for (row, line) in visible.enumerated() {
      let slack = max(0, area.width - line.displayWidth)
      let indent =
        switch alignment {
        case .left: 0
        case .center: slack / 2
        case .right: slack
        }
      buffer.put(line, at: Point(x: area.x + indent, y: area.y + row), clippedTo: area)
    }
  }
}
