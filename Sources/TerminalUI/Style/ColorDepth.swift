/// How many colours a terminal can show; decides how `Color`s are approximated.
public enum ColorDepth: Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// 24-bit colour (`COLORTERM=truecolor`).
  case direct
  /// The xterm 256-colour palette.
  case c256
  /// The 16 ANSI colours (8 normal + 8 bright).
  case c16
  /// The 8 basic ANSI colours.
  case c8
  /// No colour at all: only bold/underline/reverse survive.
  case mono

  /// Whether the environment asks for no colour at all: `NO_COLOR` present and not empty, as
  /// https://no-color.org says. The workbench, `forward`'s heatmaps and the terminal probe all
  /// follow this one rule.
  public static func noColorRequested(_ environment: [String: String]) -> Bool {
    !(environment["NO_COLOR"] ?? "").isEmpty
  }

  /// The best colour this depth can show for `color`.
  ///
  /// The chain is rgb → nearest xterm-256 entry → nearest of 16 → nearest of 8 → `.default`,
  /// each step using RGB distance, so a colour degrades the same way whatever it started as.
  public func approximate(_ color: Color) -> Color {
    switch (self, color) {
    case (_, .default), (.direct, _):
      return color
    case (.mono, _):
      return .default
    case (.c256, .rgb(let r, let g, let b)):
      return .indexed(XtermPalette.nearest256((Int(r), Int(g), Int(b))))
    case (.c256, _):
      return color
    case (.c16, _), (.c8, _):
      let count = self == .c16 ? 16 : 8
      if let index = color.ansiIndex, index < count { return color }
      return Color.ansi[XtermPalette.nearestANSI(paletteRGB(of: color), among: count)]
    }
  }

  /// Applies `approximate` to both colours of a style; attributes are kept.
  public func approximate(_ style: Style) -> Style {
    var result = style
    result.fg = approximate(style.fg)
    result.bg = approximate(style.bg)
    return result
  }

  /// Whether this depth can show more than the 16 ANSI colours (so half-block heatmaps work).
  public var supportsSmoothColor: Bool { self == .direct || self == .c256 }

  /// The RGB a colour stands for, going through the 256 palette for RGB input (the chain).
  private func paletteRGB(of color: Color) -> XtermPalette.RGB {
    switch color {
    case .rgb(let r, let g, let b):
      return XtermPalette.rgb(XtermPalette.nearest256((Int(r), Int(g), Int(b))))
    case .indexed(let i):
      return XtermPalette.rgb(i)
    default:
      return XtermPalette.ansiRGB[color.ansiIndex ?? 0]
    }
  }

  public var description: String {
    switch self {
    case .direct: "direct"
    case .c256: "256"
    case .c16: "16"
    case .c8: "8"
    case .mono: "mono"
    }
  }
}
