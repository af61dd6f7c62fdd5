/// An RGB picture (a photo, a colour kernel): true colour where the terminal has it, the
/// 256-colour palette below that, and its brightness as shades at 16, 8 or no colours.
/// Sized like `Heatmap`: enlarged by whole factors, area-averaged down, marks ringed.
public struct ColorImage: Widget, Sendable {
  /// Row-major RGB triples, `rows * cols * 3` bytes.
  public var rgb: [UInt8]
  public var rows: Int
  public var cols: Int
  public var colorDepth: ColorDepth
  public var unicode: Bool
  /// Enlarge small pictures by the largest whole factor that fits.
  public var zoom: Bool
  /// Draw each pixel two columns wide where a pixel is a whole cell.
  public var squarePixels: Bool
  public var marks: [HeatmapMark]

  public init(
    rgb: [UInt8], rows: Int, cols: Int, colorDepth: ColorDepth = .direct, unicode: Bool = true, zoom: Bool = true,
    squarePixels: Bool = true, marks: [HeatmapMark] = []
  ) {
    self.rgb = rgb
    self.rows = max(0, rows)
    self.cols = max(0, cols)
    self.colorDepth = colorDepth
    self.unicode = unicode
    self.zoom = zoom
    self.squarePixels = squarePixels
    self.marks = marks
  }

  private var mode: PixelMode { PixelMode(depth: colorDepth, unicode: unicode) }
  private var columnsPerPixel: Int { mode == .halfBlock || !squarePixels ? 1 : 2 }

  /// The three channels as one Heatmap each would size them: the same rule, so a picture and
  /// a map of the same shape take the same cells.
  private var sizing: Heatmap {
    Heatmap(values: [Float](repeating: 0, count: rows * cols), rows: rows, cols: cols, colorDepth: colorDepth,
            zoom: zoom, unicode: unicode, squarePixels: squarePixels)
  }

  public func renderedSize(in area: Rect) -> Size { sizing.renderedSize(in: area) }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard rgb.count >= rows * cols * 3 else { return }
    let out = sizing.pixelSize(in: area)
    guard out.width > 0, out.height > 0 else { return }
    // Each channel resampled the way Heatmap resamples values.
    let channels = (0..<3).map { c in
      Heatmap(values: (0..<(rows * cols)).map { Float(rgb[$0 * 3 + c]) }, rows: rows, cols: cols).resampled(to: out)
    }
    let rings = PixelPainter.rings(marks, rows: rows, cols: cols, out: out)
    PixelPainter(mode: mode, depth: colorDepth, unicode: unicode, columnsPerPixel: columnsPerPixel).paint(
      out: out, origin: Point(x: area.x, y: area.y), into: &buffer,
      pixel: { x, y in
        let i = y * out.width + x
        let (r, g, b) = (channels[0][i], channels[1][i], channels[2][i])
        func byte(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }
        // Rec. 601 luma: how bright the pixel reads when only shades are left.
        let luma = (0.299 * r + 0.587 * g + 0.114 * b) / 255
        let color: Color = colorDepth.supportsSmoothColor ? .rgb(byte(r), byte(g), byte(b)) : .default
        return PixelPainter.Pixel(color: color, level: luma)
      },
      ring: { x, y in rings.isEmpty ? nil : rings[y * out.width + x] })
  }
}
