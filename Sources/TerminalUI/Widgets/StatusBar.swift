/// A one-line footer of key hints (`←/→ layer  ? help  q quit`) with an optional message
/// on the right.
public struct StatusBar: Widget, Sendable {
  public var hints: [KeyHint]
  public var message: String?
  public var style: Style
  public var keyStyle: Style

  public init(
    hints: [KeyHint], message: String? = nil, style: Style = .plain,
    keyStyle: Style = Style(bold: true)
  ) {
    self.hints = hints
    self.message = message
    self.style = style
    self.keyStyle = keyStyle
  }

  /// The hints as spans: keys in `keyStyle`, two spaces between hints.
  public var spans: [Span] {
    var result: [Span] = []
    for (i, hint) in hints.enumerated() {
      if i > 0 { result.append(Span("  ", style: style)) }
      result.append(Span(hint.key, style: style.patched(with: keyStyle)))
      result.append(Span(" " + hint.description, style: style))
    }
    return result
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let row = area.row(0)
    buffer.fill(row, with: Cell(" ", style: style))
    let hintsWidth = buffer.put(spans, at: Point(x: row.x, y: row.y), clippedTo: row)
    // The message gets what the hints leave (after a two-cell gap), clipped from the right.
    if let message {
      let text = message.prefix(columns: max(0, row.width - hintsWidth - 2))
      let x = row.right - text.displayWidth
      buffer.put(text, at: Point(x: x, y: row.y), style: style, clippedTo: row)
    }
  }
}
