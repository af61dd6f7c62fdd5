/// Maps a position in [0, 1] to a colour for heatmaps.
public enum ColorMap: Sendable, Hashable {
  /// Sequential and perceptually uniform: dark purple → teal → yellow. For activations.
  case viridis
  /// Diverging: blue for low, white at the centre, red for high. For signed values (weights,
  /// gradients) with a symmetric `Scale`, so that zero is white.
  case blueWhiteRed

  /// The colour at `t` (clamped to [0, 1]; NaN counts as 0), linearly interpolated.
  public func rgb(at t: Double) -> Color {
    let anchors = self == .viridis ? ColorMap.viridisAnchors : ColorMap.divergingAnchors
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
  /// unavailable: the value itself for viridis, the distance from the centre for the
  /// diverging map (its colour carries the sign).
  public func intensity(at t: Double) -> Double {
    let t = t.isNaN ? 0 : min(1, max(0, t))
    return self == .viridis ? t : abs(2 * t - 1)
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
}
