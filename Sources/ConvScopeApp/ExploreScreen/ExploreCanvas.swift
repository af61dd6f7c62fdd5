/// A 28×28 greyscale drawing surface (values 0…255, row-major) with a pen cursor.
public struct ExploreCanvas: Equatable, Sendable {
  public static let side = 28
  public var pixels = [UInt8](repeating: 0, count: side * side)
  public var penY = side / 2
  public var penX = side / 2
  /// Pen radius in pixels: 0 paints one pixel, 1 a 3×3 blob, 2 a 5×5 one.
  public var penSize = 1

  public init() {}

  /// Moves the pen, staying on the canvas.
  public mutating func movePen(dx: Int, dy: Int) {
    penX = min(ExploreCanvas.side - 1, max(0, penX + dx))
    penY = min(ExploreCanvas.side - 1, max(0, penY + dy))
  }

  /// Paints at the pen: full ink at the centre, softer at the rim (like a real stroke's
  /// anti-aliased edge, which is what MNIST digits look like).
  public mutating func paint() {
    paint(atY: penY, x: penX)
  }

  /// Paints a blob centred on (y, x).
  public mutating func paint(atY y: Int, x: Int) {
    let r = penSize
    for dy in -r...r {
      for dx in -r...r {
        let py = y + dy, px = x + dx
        guard (0..<ExploreCanvas.side).contains(py), (0..<ExploreCanvas.side).contains(px) else { continue }
        let rim = max(abs(dy), abs(dx)) == r && r > 0
        let ink: UInt8 = rim ? 160 : 255
        let i = py * ExploreCanvas.side + px
        pixels[i] = max(pixels[i], ink)
      }
    }
  }

  public mutating func clear() {
    pixels = [UInt8](repeating: 0, count: ExploreCanvas.side * ExploreCanvas.side)
  }

  /// Cycles the pen size 0 → 1 → 2 → 0.
  public mutating func cyclePen() {
    penSize = (penSize + 1) % 3
  }
}
