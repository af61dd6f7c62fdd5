/// The screen shown instead of the app when the terminal is below its minimum size.
public struct TooSmallNotice: Widget, Sendable {
  public var needs: Size
  public var have: Size

  public init(needs: Size, have: Size) {
    self.needs = needs
    self.have = have
  }

  /// The full message on one line, e.g. `terminal too small (needs 80×24, have 40×10)`.
  public var message: String {
    "terminal too small (needs \(needs), have \(have))"
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    buffer.fill(area)
    // Fall back to three short lines when even the message does not fit on one.
    let lines =
      message.displayWidth <= area.width
      ? [message]
      : ["terminal too small", "needs \(needs)", "have \(have)"]
    let box = area.centered(width: area.width, height: lines.count)
    for (i, line) in lines.enumerated() {
      let text = line.prefix(columns: area.width)
      let x = area.x + (area.width - text.displayWidth) / 2
      buffer.put(text, at: Point(x: x, y: box.y + i), style: Style(bold: true), clippedTo: area)
    }
  }
}
