/// Plain-ASCII stand-ins for the symbols TerminalUI draws, used when the terminal cannot
/// show Unicode (`--ascii`, or a locale that is not UTF-8).
///
/// Widgets already pick ASCII borders and glyphs when told `unicode == false`; this is the
/// backstop for anything that still slips through (a `×` in a message, a heatmap's `▀`), so
/// that such a terminal never receives bytes it would print as mojibake.
enum AsciiFallback {
  /// The ASCII character to draw for `symbol`; ASCII itself passes through unchanged.
  static func map(_ symbol: Character) -> Character {
    if symbol.isASCII { return symbol }
    if let mapped = table[symbol] { return mapped }
    guard let scalar = symbol.unicodeScalars.first else { return "?" }
    switch scalar.value {
    case 0x2500...0x257F:  // box drawing: lines and corners
      return boxDrawing(scalar)
    case 0x2800...0x28FF:  // braille dots (line charts)
      return scalar.value == 0x2800 ? " " : "."
    case 0x2580...0x259F:  // block elements
      return "#"
    default:
      return "?"
    }
  }

  /// Horizontal-only box pieces become `-`, vertical-only `|`, anything joining both `+`.
  private static func boxDrawing(_ scalar: Unicode.Scalar) -> Character {
    let horizontal: Set<UInt32> = [0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x2550, 0x254C, 0x254D]
    let vertical: Set<UInt32> = [0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x2551, 0x254E, 0x254F]
    if horizontal.contains(scalar.value) { return "-" }
    if vertical.contains(scalar.value) { return "|" }
    return "+"
  }

  private static let table: [Character: Character] = [
    "░": ".", "▒": ":", "▓": "#", "█": "#", "▀": "#", "▄": "#",
    "▏": "|", "▎": "|", "▍": "|", "▌": "|", "▋": "#", "▊": "#", "▉": "#",
    "←": "<", "→": ">", "↑": "^", "↓": "v", "↔": "-",
    "·": ".", "•": "*", "…": ".", "—": "-", "–": "-", "×": "x", "÷": "/",
    "≤": "<", "≥": ">", "≈": "~", "±": "+", "α": "a", "β": "b", "σ": "s", "µ": "u",
    "‘": "'", "’": "'", "“": "\"", "”": "\"", "▸": ">", "▶": ">", "◂": "<", "◀": "<",
    "✓": "v", "✗": "x",
  ]
}
