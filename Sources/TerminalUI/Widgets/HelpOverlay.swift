/// A centred modal box listing key bindings; clears whatever is behind it.
public struct HelpOverlay: Widget, Sendable {
  public var title: String
  public var entries: [KeyHint]
  public var keyStyle: Style
  public var unicode: Bool

  public init(
    title: String = "Help", entries: [KeyHint], keyStyle: Style = Style(bold: true),
    unicode: Bool = true
  ) {
    self.title = title
    self.entries = entries
    self.keyStyle = keyStyle
    self.unicode = unicode
  }

  /// The box's rectangle inside `area`: sized to the content, clipped to the area.
  public func box(in area: Rect) -> Rect {
    let keyWidth = entries.map(\.key.displayWidth).max() ?? 0
    let descriptionWidth = entries.map(\.description.displayWidth).max() ?? 0
    // Border + one cell of padding on each side, two cells between key and description.
    let contentWidth = max(keyWidth + 2 + descriptionWidth, title.displayWidth + 2)
    return area.centered(width: contentWidth + 4, height: entries.count + 2)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    let box = box(in: area)
    guard !box.isEmpty else { return }
    buffer.fill(box)
    let block = Block(title: " \(title) ", unicode: unicode)
    block.render(in: box, into: &buffer)
    let inner = block.inner(box).inset(left: 1, right: 1)
    let keyWidth = entries.map(\.key.displayWidth).max() ?? 0
    // On a small terminal the last row says how much is hidden rather than cutting silently.
    let shown = entries.count <= inner.height ? entries.count : max(0, inner.height - 1)
    for (i, entry) in entries.prefix(shown).enumerated() {
      let y = inner.y + i
      buffer.put(entry.key, at: Point(x: inner.x, y: y), style: keyStyle, clippedTo: inner)
      buffer.put(entry.description, at: Point(x: inner.x + keyWidth + 2, y: y), clippedTo: inner)
    }
    if shown < entries.count {
      buffer.put(Self.moreLine(entries.count - shown, unicode: unicode), at: Point(x: inner.x, y: inner.y + shown),
                 clippedTo: inner)
    }
  }

  /// The last row when entries are hidden: "… 5 more: enlarge the terminal".
  public static func moreLine(_ hidden: Int, unicode: Bool) -> String {
    "\(unicode ? "…" : "...") \(hidden) more: enlarge the terminal"
  }
}
