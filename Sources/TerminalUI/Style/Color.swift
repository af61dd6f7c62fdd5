/// A terminal colour: the terminal's default, one of the 16 ANSI colours, an xterm-256 index,
/// or a direct 24-bit colour. Use `ColorDepth.approximate(_:)` to fit it to a terminal.
public enum Color: Sendable, Hashable, CustomStringConvertible {
  case `default`
  case black, red, green, yellow, blue, magenta, cyan, white
  case brightBlack, brightRed, brightGreen, brightYellow
  case brightBlue, brightMagenta, brightCyan, brightWhite
  /// An entry of the xterm 256-colour palette (0–15 mirror the ANSI colours).
  case indexed(UInt8)
  /// A direct ("true colour") red/green/blue triple.
  case rgb(UInt8, UInt8, UInt8)

  /// The 16 ANSI colours in palette order, so `ansi[i]` is palette entry `i`.
  public static let ansi: [Color] = [
    .black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
    .brightBlack, .brightRed, .brightGreen, .brightYellow,
    .brightBlue, .brightMagenta, .brightCyan, .brightWhite,
  ]

  /// The palette index (0–15) of an ANSI colour; nil for other cases.
  public var ansiIndex: Int? {
    Color.ansi.firstIndex(of: self)
  }

  public var description: String {
    switch self {
    case .default: "default"
    case .black: "black"
    case .red: "red"
    case .green: "green"
    case .yellow: "yellow"
    case .blue: "blue"
    case .magenta: "magenta"
    case .cyan: "cyan"
    case .white: "white"
    case .brightBlack: "brightBlack"
    case .brightRed: "brightRed"
    case .brightGreen: "brightGreen"
    case .brightYellow: "brightYellow"
    case .brightBlue: "brightBlue"
    case .brightMagenta: "brightMagenta"
    case .brightCyan: "brightCyan"
    case .brightWhite: "brightWhite"
    case .indexed(let i): "indexed(\(i))"
    case .rgb(let r, let g, let b): "rgb(\(r),\(g),\(b))"
    }
  }
}
