/// A grid of dots over a block of cells: 2×4 braille dots per cell, or one character per cell
/// (`*` unless the line names another) when Unicode is unavailable. Each cell keeps the
/// colour and character of the last dot set in it.
struct DotCanvas: Sendable {
  let width: Int
  let height: Int
  let braille: Bool
  private var bits: [UInt8]
  private var colors: [Color]
  /// The character each cell shows without braille (empty with braille, which never reads it:
  /// charts are drawn every frame, and a 16-byte Character per cell is not free).
  private var glyphs: [Character]

  init(width: Int, height: Int, braille: Bool) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.braille = braille
    bits = Array(repeating: 0, count: self.width * self.height)
    colors = Array(repeating: .default, count: self.width * self.height)
    glyphs = braille ? [] : Array(repeating: "*", count: self.width * self.height)
  }

  var dotsWide: Int { braille ? width * 2 : width }
  var dotsHigh: Int { braille ? height * 4 : height }

  /// Braille dot numbering within a cell, indexed [column][row]: dots 1-2-3-7 down the left,
  /// 4-5-6-8 down the right (U+2800 + these bits).
  private static let brailleBits: [[UInt8]] = [
    [0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80],
  ]

  /// Turns on the dot at (x, y), counted from the top-left; ignores dots outside.
  mutating func set(x: Int, y: Int, color: Color, glyph: Character = "*") {
    guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
    let (cx, cy) = braille ? (x / 2, y / 4) : (x, y)
    let bit = braille ? DotCanvas.brailleBits[x % 2][y % 4] : 1
    bits[cy * width + cx] |= bit
    colors[cy * width + cx] = color
    if !braille { glyphs[cy * width + cx] = glyph }
  }

  /// A straight line of dots (Bresenham), both ends included.
  mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), color: Color, glyph: Character = "*") {
    let dx = abs(b.x - a.x)
    let dy = -abs(b.y - a.y)
    let sx = a.x < b.x ? 1 : -1
    let sy = a.y < b.y ? 1 : -1
    var (x, y, err) = (a.x, a.y, dx + dy)
    while true {
      set(x: x, y: y, color: color, glyph: glyph)
      if x == b.x && y == b.y { return }
      let e2 = 2 * err
      if e2 >= dy {
        err += dy
        x += sx
      }
      if e2 <= dx {
        err += dx
        y += sy
      }
    }
  }

  /// Copies the non-empty cells into `buffer` with their top-left at `origin`.
  func render(at origin: Point, into buffer: inout ScreenBuffer) {
    for cy in 0..<height {
      for cx in 0..<width where bits[cy * width + cx] != 0 {
        let symbol: Character =
          braille
          ? Character(Unicode.Scalar(0x2800 + UInt32(bits[cy * width + cx])) ?? " ")
          : glyphs[cy * width + cx]
        buffer[origin.x + cx, origin.y + cy] = Cell(
          symbol, style: Style(fg: colors[cy * width + cx]))
      }
    }
  }
}
