/// One line explaining a heatmap's colours: `-0.5 ▀▀▀▀▀▀ 0.5` with the gradient between the
/// scale's ends, drawn the same way the heatmap is at this colour depth.
public struct HeatmapLegend: Widget, Sendable {
  public var scale: Scale
  public var colorMap: ColorMap
  public var colorDepth: ColorDepth
  /// Without Unicode the ramp is drawn as the heatmaps are then: coloured spaces or ASCII shades.
  public var unicode: Bool

  public init(scale: Scale, colorMap: ColorMap = .viridis, colorDepth: ColorDepth = .direct, unicode: Bool = true) {
    self.scale = scale
    self.colorMap = colorMap
    self.colorDepth = colorDepth
    self.unicode = unicode
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let low = NumberText.compact(scale.min)
    let high = NumberText.compact(scale.max)
    let barWidth = area.width - low.displayWidth - high.displayWidth - 2
    let y = area.y
    guard barWidth >= 2 else {
      buffer.put("\(low)…\(high)", at: Point(x: area.x, y: y), clippedTo: area)
      return
    }
    buffer.put(low, at: Point(x: area.x, y: y), clippedTo: area)
    let painter = HeatmapPainter(colorMap: colorMap, depth: colorDepth)
    let barX = area.x + low.displayWidth + 1
    for i in 0..<barWidth {
      let t = Double(i) / Double(barWidth - 1)
      // Both halves get the same colour: the legend is a 1-D ramp.
      if unicode {
        buffer[barX + i, y] = painter.usesHalfBlocks ? painter.halfBlock(top: t, bottom: t) : painter.shade(t)
      } else if colorDepth.supportsSmoothColor {
        buffer[barX + i, y] = Cell(" ", style: Style(bg: painter.color(t)))
      } else {
        let shades = PixelMode.shades(unicode: false)
        let level = colorDepth == .mono ? t : colorMap.intensity(at: t)
        buffer[barX + i, y] = Cell(shades[min(shades.count - 1, Int(level * Double(shades.count)))], style: Style(fg: painter.color(t)))
      }
    }
    buffer.put(high, at: Point(x: barX + barWidth + 1, y: y), clippedTo: area)
  }
}
