/// A one-line progress indicator: `epoch 3  ██████▌░░░░░░░  42%`.
public struct ProgressBar: Widget, Sendable {
  /// Completed fraction; clamped to [0, 1], NaN counts as 0.
  public var fraction: Double
  public var label: String
  public var barStyle: Style
  public var unicode: Bool

  public init(
    fraction: Double, label: String = "", barStyle: Style = Style(fg: .green), unicode: Bool = true
  ) {
    self.fraction = fraction
    self.label = label
    self.barStyle = barStyle
    self.unicode = unicode
  }

  /// Whole percent, rounded down so 99.9% never claims to be done.
  public var percentText: String {
    let f = fraction.isNaN ? 0 : min(1, max(0, fraction))
    return "\(Int(f * 100))%"
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let row = area.row(0)
    var x = row.x
    if !label.isEmpty {
      x += buffer.put(label, at: Point(x: x, y: row.y), clippedTo: row) + 1
    }
    // "100%" is the widest the number gets; reserving it keeps the bar from jumping.
    let percentWidth = 4
    let barWidth = row.right - x - percentWidth - 1
    if barWidth > 0 {
      let glyphs = BlockGlyphs.bar(
        fraction: fraction, width: barWidth, unicode: unicode, empty: unicode ? "░" : "-")
      buffer.put(glyphs, at: Point(x: x, y: row.y), style: barStyle, clippedTo: row)
    }
    let percent = percentText.fitted(to: percentWidth, alignment: .right)
    buffer.put(percent, at: Point(x: row.right - percentWidth, y: row.y), clippedTo: row)
  }
}
