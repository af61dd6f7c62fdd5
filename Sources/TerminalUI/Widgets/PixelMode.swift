/// How a grid of pixels (a heatmap, a photo) becomes terminal cells at a colour depth and
/// character set; one rule for every picture widget so they all agree.
public enum PixelMode: Sendable, Hashable {
  /// `▀` with the top pixel in the foreground and the bottom one in the background: one
  /// column and half a row per pixel (256 or direct colour, Unicode).
  case halfBlock
  /// A space painted with the pixel's colour as background: two columns and one row per
  /// pixel, so pixels stay square (256 or direct colour without Unicode: `--ascii`, `LANG=C`).
  case colorCell
  /// A shade character (` ░▒▓█`, or ASCII ` .:-=*%#@`) coloured when the depth allows:
  /// two columns and one row per pixel (16, 8 or no colours).
  case shade

  public init(depth: ColorDepth, unicode: Bool) {
    if depth.supportsSmoothColor {
      self = unicode ? .halfBlock : .colorCell
    } else {
      self = .shade
    }
  }

  /// Columns one pixel takes when pixels are drawn square.
  public var columnsPerPixel: Int { self == .halfBlock ? 1 : 2 }
  /// Pixels stacked in one row of cells.
  public var pixelsPerRow: Int { self == .halfBlock ? 2 : 1 }

  /// The cells `pixels` take in this mode (square pixels).
  public func cells(for pixels: Size) -> Size {
    Size(width: pixels.width * columnsPerPixel, height: (pixels.height + pixelsPerRow - 1) / pixelsPerRow)
  }

  /// The pixels that fit in `cells`.
  public func pixels(in cells: Size) -> Size {
    Size(width: cells.width / columnsPerPixel, height: cells.height * pixelsPerRow)
  }

  /// Shade characters from empty to full: block shades with Unicode, an ASCII ramp that still
  /// reads as a picture without it.
  public static func shades(unicode: Bool) -> [Character] {
    unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "-", "=", "*", "%", "#", "@"]
  }
}

/// A rectangle of a picture's source pixels to outline (a receptive field, the cursor): a
/// one-pixel ring in `color` drawn just outside it (inside where it touches the edge).
public struct HeatmapMark: Sendable, Hashable {
  public var rows: ClosedRange<Int>
  public var cols: ClosedRange<Int>
  public var color: Color

  public init(rows: ClosedRange<Int>, cols: ClosedRange<Int>, color: Color) {
    self.rows = rows
    self.cols = cols
    self.color = color
  }
}

/// Paints an `out`-sized grid of pixels into cells in one `PixelMode`, with marks ringed.
struct PixelPainter {
  var mode: PixelMode
  var depth: ColorDepth
  var unicode: Bool
  /// Columns per pixel: 1 in half-block mode; 2 in the others when pixels are drawn square.
  var columnsPerPixel: Int

  /// One pixel: its colour and how strongly it should read as a shade (0…1).
  struct Pixel {
    var color: Color
    var level: Double
  }

  /// Draws the pixels from `origin`; `pixel` returns nil for blanks, `ring` the mark colour
  /// of a pixel on a mark's outline.
  func paint(
    out: Size, origin: Point, into buffer: inout ScreenBuffer, pixel: (Int, Int) -> Pixel?, ring: (Int, Int) -> Color?
  ) {
    let shades = PixelMode.shades(unicode: unicode)
    func resolved(_ x: Int, _ y: Int) -> (Pixel?, Bool) {
      guard y < out.height, x < out.width else { return (nil, false) }
      if let c = ring(x, y) { return (Pixel(color: c, level: 1), true) }
      return (pixel(x, y), false)
    }
    let cellRows = (out.height + mode.pixelsPerRow - 1) / mode.pixelsPerRow
    for cy in 0..<cellRows {
      for px in 0..<out.width {
        let cell: Cell
        switch mode {
        case .halfBlock:
          let (top, _) = resolved(px, 2 * cy), (bottom, _) = resolved(px, 2 * cy + 1)
          switch (top, bottom) {
          case (nil, nil): cell = .blank
          case (nil, let b?): cell = Cell("▄", style: Style(fg: depth.approximate(b.color)))
          case (let t?, nil): cell = Cell("▀", style: Style(fg: depth.approximate(t.color)))
          case (let t?, let b?): cell = Cell("▀", style: Style(fg: depth.approximate(t.color), bg: depth.approximate(b.color)))
          }
        case .colorCell:
          let (p, isRing) = resolved(px, cy)
          if let p {
            cell = isRing ? Cell("+", style: Style(fg: .black, bg: depth.approximate(p.color), bold: true))
              : Cell(" ", style: Style(bg: depth.approximate(p.color)))
          } else {
            cell = .blank
          }
        case .shade:
          let (p, isRing) = resolved(px, cy)
          if let p {
            if isRing {
              cell = Cell("+", style: Style(fg: depth.approximate(p.color), bold: true))
            } else {
              let index = min(shades.count - 1, max(0, Int(p.level * Double(shades.count))))
              cell = Cell(shades[index], style: Style(fg: depth.approximate(p.color)))
            }
          } else {
            cell = .blank
          }
        }
        for dx in 0..<columnsPerPixel {
          buffer[origin.x + px * columnsPerPixel + dx, origin.y + cy] = cell
        }
      }
    }
  }

  /// For each pixel, the colour of the mark whose ring passes through it (nil: none).
  /// Source rows/cols map to pixels as the resampling does: source r covers pixels
  /// [r·out/n, (r+1)·out/n).
  static func rings(_ marks: [HeatmapMark], rows: Int, cols: Int, out: Size) -> [Int: Color] {
    var result: [Int: Color] = [:]
    guard rows > 0, cols > 0, out.width > 0, out.height > 0 else { return result }
    for mark in marks {
      func span(_ r: ClosedRange<Int>, n: Int, size: Int) -> ClosedRange<Int>? {
        let lo = max(0, r.lowerBound), hi = min(n - 1, r.upperBound)
        guard lo <= hi else { return nil }
        let a = lo * size / n, b = max(a, (hi + 1) * size / n - 1)
        return a...b
      }
      guard let ys = span(mark.rows, n: rows, size: out.height), let xs = span(mark.cols, n: cols, size: out.width)
      else { continue }
      // The ring sits just outside the field; a side that would fall off the picture is
      // drawn on the field's own border instead.
      let top = ys.lowerBound > 0 ? ys.lowerBound - 1 : ys.lowerBound
      let bottom = ys.upperBound < out.height - 1 ? ys.upperBound + 1 : ys.upperBound
      let left = xs.lowerBound > 0 ? xs.lowerBound - 1 : xs.lowerBound
      let right = xs.upperBound < out.width - 1 ? xs.upperBound + 1 : xs.upperBound
      for x in left...right {
        result[top * out.width + x] = mark.color
        result[bottom * out.width + x] = mark.color
      }
      for y in top...bottom {
        result[y * out.width + left] = mark.color
        result[y * out.width + right] = mark.color
      }
    }
    return result
  }
}
