/// Turns normalized values into cells for one colour map at one colour depth; shared by
/// `Heatmap` and `HeatmapLegend` so both always agree.
struct HeatmapPainter: Sendable {
  /// Shade characters from empty to full.
  static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
  /// The upper half block: its fg paints the top pixel, its bg the bottom one.
  static let upperHalf: Character = "▀"

  var colorMap: ColorMap
  var depth: ColorDepth

  /// Whether this depth draws two pixels per cell with coloured half blocks.
  var usesHalfBlocks: Bool { depth.supportsSmoothColor }

  /// The terminal colour for position `t` (nil = no value).
  func color(_ t: Double?) -> Color {
    guard let t else { return .default }
    // 16 or 8 colours cannot show a ramp, and nearest-RGB turns the dark blue end cyan; so
    // a diverging map uses two plain colours for the sign and lets the shade show the size.
    if colorMap.isDiverging, !usesHalfBlocks {
      let (low, high) = colorMap.signColors
      return depth.approximate(t < 0.5 ? low : t > 0.5 ? high : .default)
    }
    return depth.approximate(colorMap.rgb(at: t))
  }

  /// A cell holding two pixels: `top` in the foreground of `▀`, `bottom` in its background.
  func halfBlock(top: Double?, bottom: Double?) -> Cell {
    switch (top, bottom) {
    case (nil, nil): return .blank
    // A missing top pixel must not show the terminal's default fg; use the lower half block.
    case (nil, let bottom?): return Cell("▄", style: Style(fg: color(bottom)))
    default: break
    }
    return Cell(HeatmapPainter.upperHalf, style: Style(fg: color(top), bg: color(bottom)))
  }

  /// A cell holding one pixel as a shade character, coloured when the depth allows.
  func shade(_ t: Double?) -> Cell {
    guard let t else { return .blank }
    // Without colour the diverging map's sign would vanish if we shaded by distance from
    // the centre, so mono shades the raw position instead: blank = lowest, █ = highest.
    let level = depth == .mono ? min(1, max(0, t)) : colorMap.intensity(at: t)
    let index = min(
      HeatmapPainter.shades.count - 1, Int(level * Double(HeatmapPainter.shades.count)))
    return Cell(HeatmapPainter.shades[index], style: Style(fg: color(t)))
  }
}
