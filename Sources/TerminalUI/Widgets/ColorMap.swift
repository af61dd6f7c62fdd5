/// Maps a position in [0, 1] to a colour for heatmaps. Each `Palette` has one sequential map
/// (for one-signed values) and one diverging map (for signed values, white at the centre).
public enum ColorMap: Sendable, Hashable {
  /// Sequential and perceptually uniform: dark purple → teal → yellow. For activations.
  case viridis
  /// Diverging: blue for low, white at the centre, red for high. For signed values (weights,
  /// gradients) with a symmetric `Scale`, so that zero is white.
  case blueWhiteRed
  /// Sequential for a projector: near-black navy → purple → red → orange → yellow → white, in
  /// equal steps of contrast ratio (see `contrastAnchors`).
  case contrast
  /// Diverging for a projector: dark navy → blue → white → orange → dark red, equal steps of
  /// contrast ratio from each end to the white centre.
  case contrastDiverging
  /// Sequential and colour-blind safe: dark blue → grey-olive → yellow (`blueYellowAnchors`).
  case blueYellow
  /// Diverging and colour-blind safe: blue for low, white at the centre, orange for high.
  case blueWhiteOrange

  /// Whether the map is diverging: white at t = 0.5, meant for a `Scale` centred on zero.
  public var isDiverging: Bool {
    switch self {
    case .viridis, .contrast, .blueYellow: false
    case .blueWhiteRed, .contrastDiverging, .blueWhiteOrange: true
    }
  }

  /// The colour at `t` (clamped to [0, 1]; NaN counts as 0), linearly interpolated.
  public func rgb(at t: Double) -> Color {
    let anchors = self.anchors
    let t = t.isNaN ? 0 : min(1, max(0, t))
    let position = t * Double(anchors.count - 1)
    let i = min(anchors.count - 2, Int(position))
    let f = position - Double(i)
    func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
      UInt8((Double(a) + (Double(b) - Double(a)) * f).rounded())
    }
    let (a, b) = (anchors[i], anchors[i + 1])
    return .rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
  }

  /// How strongly a position should read in shade characters (` ░▒▓█`), where colour may be
  /// unavailable: the value itself for a sequential map, the distance from the centre for a
  /// diverging one (its colour carries the sign).
  public func intensity(at t: Double) -> Double {
    let t = t.isNaN ? 0 : min(1, max(0, t))
    return isDiverging ? abs(2 * t - 1) : t
  }

  /// The two plain terminal colours a diverging map falls back to at 16 or 8 colours, for
  /// values below and above the centre: its ends' hues (orange is nearest yellow there).
  public var signColors: (low: Color, high: Color) {
    self == .blueWhiteOrange ? (.brightBlue, .brightYellow) : (.brightBlue, .brightRed)
  }

  /// The colours `rgb(at:)` interpolates between, evenly spaced from t = 0 to t = 1.
  public var anchors: [(UInt8, UInt8, UInt8)] {
    switch self {
    case .viridis: ColorMap.viridisAnchors
    case .blueWhiteRed: ColorMap.divergingAnchors
    case .contrast: ColorMap.contrastAnchors
    case .contrastDiverging: ColorMap.contrastDivergingAnchors
    case .blueYellow: ColorMap.blueYellowAnchors
    case .blueWhiteOrange: ColorMap.blueWhiteOrangeAnchors
    }
  }

  /// 16 evenly spaced samples that approximate matplotlib's viridis colormap (Stéfan van der
  /// Walt and Nathaniel Smith, released under CC0), as published in the viridis(16) palette.
  static let viridisAnchors: [(UInt8, UInt8, UInt8)] = [
    (68, 1, 84), (72, 26, 108), (71, 47, 125), (65, 68, 135),
    (57, 86, 140), (49, 104, 142), (42, 120, 142), (35, 136, 142),
    (31, 152, 139), (34, 168, 132), (53, 183, 121), (84, 197, 104),
    (122, 209, 81), (165, 219, 54), (210, 226, 27), (253, 231, 37),
  ]

  /// Our own blue–white–red ramp; symmetric so that t = 0.5 is exactly white.
  static let divergingAnchors: [(UInt8, UInt8, UInt8)] = [
    (33, 64, 154), (82, 130, 204), (160, 196, 232), (255, 255, 255),
    (240, 172, 150), (212, 92, 72), (165, 20, 36),
  ]

  /// Our own projector ramp. A washed-out projector flattens hue and the dark end first, so
  /// what must survive is the step in brightness: each anchor is a hue scaled to a target WCAG
  /// relative luminance, the targets spaced so that neighbours differ by a contrast ratio of
  /// at least 1.5:1 (1.52 each: seven equal steps span the 18.7:1 between a navy that is not
  /// the terminal's black and white), and the ends by at least 18:1. `ColorMapTests` holds it
  /// to those minimums.
  static let contrastAnchors: [(UInt8, UInt8, UInt8)] = [
    (5, 5, 72), (31, 31, 151), (111, 27, 191), (200, 0, 156),
    (255, 61, 61), (255, 140, 64), (242, 208, 0), (255, 255, 255),
  ]

  /// Our own diverging projector ramp: three equal steps of contrast ratio (2.6:1 each, at
  /// least 2.5:1 tested) from each dark end to white, the two sides of equal luminance so a
  /// value reads as large as its negative.
  static let contrastDivergingAnchors: [(UInt8, UInt8, UInt8)] = [
    (0, 6, 85), (0, 76, 218), (95, 161, 255), (255, 255, 255),
    (255, 120, 55), (184, 0, 0), (55, 0, 0),
  ]

  /// Our own colour-blind-safe ramp, after cividis's idea (Nuñez, Anderton and Renslow, PLOS
  /// ONE 13(7), 2018): run from blue to yellow, the colour axis that red–green colour blindness
  /// (deuteranopia, protanopia) leaves intact, through grey-olive, in equal steps of CIE
  /// lightness (L* 14 → 91), so order is read from brightness even with no colour vision.
  static let blueYellowAnchors: [(UInt8, UInt8, UInt8)] = [
    (1, 32, 84), (33, 58, 81), (63, 82, 77), (94, 105, 72), (125, 129, 69),
    (156, 154, 65), (189, 179, 62), (221, 205, 59), (255, 232, 56),
  ]

  /// Our own colour-blind-safe diverging ramp: blue against orange (again the blue–yellow axis,
  /// unlike blue–red's red, which a deuteranope sees as a dull olive), white at t = 0.5, each
  /// side in equal steps of CIE lightness (L* 27 → 100) and of equal luminance to the other.
  static let blueWhiteOrangeAnchors: [(UInt8, UInt8, UInt8)] = [
    (0, 49, 168), (61, 119, 221), (155, 188, 239), (255, 255, 255),
    (242, 171, 113), (192, 95, 0), (110, 43, 0),
  ]
}
