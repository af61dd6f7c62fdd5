/// One frame being drawn: the buffer widgets render into, plus what the terminal can show.
public struct Frame: Sendable {
  public var buffer: ScreenBuffer
  public let colorDepth: ColorDepth
  public let unicode: Bool
  /// The colour maps heatmaps are drawn with (the app sets it from its state before drawing).
  public var palette: Palette

  public init(buffer: ScreenBuffer, colorDepth: ColorDepth = .direct, unicode: Bool = true, palette: Palette = .standard) {
    self.buffer = buffer
    self.colorDepth = colorDepth
    self.unicode = unicode
    self.palette = palette
  }

  /// The whole screen.
  public var area: Rect { buffer.area }

  /// Renders a widget into `area` (the whole screen by default).
  public mutating func render(_ widget: some Widget, in area: Rect? = nil) {
    widget.render(in: area ?? self.area, into: &buffer)
  }
}
