/// Foreground and background colours plus the text attributes every terminal supports.
public struct Style: Sendable, Hashable, CustomStringConvertible {
  public var fg: Color
  public var bg: Color
  public var bold: Bool
  public var dim: Bool
  public var underline: Bool
  public var reverse: Bool

  public init(
    fg: Color = .default, bg: Color = .default,
    bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
  ) {
    self.fg = fg
    self.bg = bg
    self.bold = bold
    self.dim = dim
    self.underline = underline
    self.reverse = reverse
  }

  /// The terminal's default look.
  public static let plain = Style()

  public var isPlain: Bool { self == .plain }

  /// A copy with the foreground replaced.
  public func fg(_ color: Color) -> Style { with { $0.fg = color } }
  /// A copy with the background replaced.
  public func bg(_ color: Color) -> Style { with { $0.bg = color } }
  public func bolded() -> Style { with { $0.bold = true } }
  public func underlined() -> Style { with { $0.underline = true } }
  public func reversed() -> Style { with { $0.reverse = true } }

  /// Lays `other` on top: its non-default colours and its set attributes win.
  public func patched(with other: Style) -> Style {
    Style(
      fg: other.fg == .default ? fg : other.fg,
      bg: other.bg == .default ? bg : other.bg,
      bold: bold || other.bold, dim: dim || other.dim,
      underline: underline || other.underline, reverse: reverse || other.reverse)
  }

  private func with(_ change: (inout Style) -> Void) -> Style {
    var copy = self
    change(&copy)
    return copy
  }

  /// Compact text used by style snapshots, e.g. `fg=red bg=rgb(1,2,3) bold`.
  public var description: String {
    var parts: [String] = []
    if fg != .default { parts.append("fg=\(fg)") }
    if bg != .default { parts.append("bg=\(bg)") }
    if bold { parts.append("bold") }
    if dim { parts.append("dim") }
    if underline { parts.append("underline") }
    if reverse { parts.append("reverse") }
    return parts.isEmpty ? "plain" : parts.joined(separator: " ")
  }
}
