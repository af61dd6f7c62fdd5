/// A 2-D array of values drawn as colours: two values per cell with `▀` half blocks at 256
/// or direct colour, one shade character (` ░▒▓█`) per cell at 16, 8 or no colours; without
/// Unicode, coloured spaces or an ASCII shade ramp (see `PixelMode`).
///
/// The map is drawn from the top-left of the area. Larger maps are area-averaged down
/// to fit; smaller ones are (by default) enlarged by a whole-number factor so a 5×5 kernel
/// is not a speck. `marks` ring rectangles of source cells (a receptive field, a cursor).
public struct Heatmap: Widget, Sendable {
  /// Row-major, `rows * cols` values.
  public var values: [Float]
  public var rows: Int
  public var cols: Int
  public var scale: Scale
  public var colorMap: ColorMap
  public var colorDepth: ColorDepth
  /// Enlarge small maps by the largest whole factor that fits.
  public var zoom: Bool
  /// Keep the map's proportions (in pixels) when resizing; otherwise each axis fits alone.
  public var preserveAspect: Bool
  /// Whether the terminal shows Unicode (half blocks, block shades); otherwise ASCII only.
  public var unicode: Bool
  /// Draw each pixel two columns wide where a pixel is a whole cell, so maps look square.
  public var squarePixels: Bool
  /// Rectangles of source cells to outline.
  public var marks: [HeatmapMark]
  /// When no whole enlargement fits (the map would stay at its own size) but the area holds
  /// it at least 1.5 times, fill the area anyway: each value then takes one or two pixels.
  /// Presenter mode uses it so a 28×28 map is not a small square in a large empty pane.
  public var stretch = false

  public init(
    values: [Float], rows: Int, cols: Int, scale: Scale? = nil, colorMap: ColorMap = .viridis,
    colorDepth: ColorDepth = .direct, zoom: Bool = true, preserveAspect: Bool = true, unicode: Bool = true,
    squarePixels: Bool = false, marks: [HeatmapMark] = []
  ) {
    self.values = values
    self.rows = max(0, rows)
    self.cols = max(0, cols)
    self.scale = scale ?? .fitting(values)
    self.colorMap = colorMap
    self.colorDepth = colorDepth
    self.zoom = zoom
    self.preserveAspect = preserveAspect
    self.unicode = unicode
    self.squarePixels = squarePixels
    self.marks = marks
  }

  /// Convenience for nested arrays; short rows are padded with NaN (drawn blank).
  public init(
    grid: [[Float]], scale: Scale? = nil, colorMap: ColorMap = .viridis,
    colorDepth: ColorDepth = .direct
  ) {
    let cols = grid.map(\.count).max() ?? 0
    let flat = grid.flatMap { $0 + Array(repeating: Float.nan, count: cols - $0.count) }
    self.init(
      values: flat, rows: grid.count, cols: cols, scale: scale, colorMap: colorMap,
      colorDepth: colorDepth)
  }

  private var mode: PixelMode { PixelMode(depth: colorDepth, unicode: unicode) }
  private var columnsPerPixel: Int { mode == .halfBlock || !squarePixels ? 1 : 2 }
  private var painter: HeatmapPainter { HeatmapPainter(colorMap: colorMap, depth: colorDepth) }

  /// The cells the map will cover inside `area` (useful to place a legend under it).
  public func renderedSize(in area: Rect) -> Size {
    let pixels = pixelSize(in: area)
    return Size(width: pixels.width * columnsPerPixel, height: (pixels.height + mode.pixelsPerRow - 1) / mode.pixelsPerRow)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    let out = pixelSize(in: area)
    guard out.width > 0, out.height > 0 else { return }
    let pixels = resampled(to: out)
    let painter = self.painter
    let rings = PixelPainter.rings(marks, rows: rows, cols: cols, out: out)
    let mono = colorDepth == .mono
    PixelPainter(mode: mode, depth: colorDepth, unicode: unicode, columnsPerPixel: columnsPerPixel).paint(
      out: out, origin: Point(x: area.x, y: area.y), into: &buffer,
      pixel: { x, y in
        let v = pixels[y * out.width + x]
        guard !v.isNaN else { return nil }
        let t = scale.normalize(v)
        // Without colour the diverging map's sign would vanish if we shaded by distance from
        // the centre, so mono shades the raw position instead: blank = lowest, full = highest.
        return PixelPainter.Pixel(color: painter.color(t), level: mono ? t : colorMap.intensity(at: t))
      },
      ring: { x, y in rings.isEmpty ? nil : rings[y * out.width + x] })
  }

  /// The resampled grid size in pixels (half-cells in half-block mode, cells otherwise).
  func pixelSize(in area: Rect) -> Size {
    guard rows > 0, cols > 0, values.count >= rows * cols else { return .zero }
    let w = area.width / columnsPerPixel
    let h = area.height * mode.pixelsPerRow
    guard w > 0, h > 0 else { return .zero }
    if !preserveAspect {
      func fit(_ n: Int, _ room: Int) -> Int { n > room ? room : (zoom ? n * (room / n) : n) }
      return Size(width: fit(cols, w), height: fit(rows, h))
    }
    if cols <= w, rows <= h {
      let k = zoom ? min(w / cols, h / rows) : 1
      let s = min(Double(w) / Double(cols), Double(h) / Double(rows))
      if stretch, k == 1, s >= 1.5 {
        return Size(width: min(w, Int(Double(cols) * s)), height: min(h, Int(Double(rows) * s)))
      }
      return Size(width: cols * k, height: rows * k)
    }
    let s = min(Double(w) / Double(cols), Double(h) / Double(rows))
    return Size(
      width: min(w, max(1, Int(Double(cols) * s))), height: min(h, max(1, Int(Double(rows) * s))))
  }

  /// Area-averages (or repeats, when enlarging) the values onto an `out`-sized grid.
  ///
  /// Output pixel i covers source indices [i·n/out, (i+1)·n/out) — whole source cells, so
  /// every source value lands in exactly one bin. NaNs are skipped; an all-NaN bin stays NaN.
  func resampled(to out: Size) -> [Double] {
    var result = [Double](repeating: .nan, count: out.width * out.height)
    for oy in 0..<out.height {
      let r0 = oy * rows / out.height
      let r1 = max(r0 + 1, (oy + 1) * rows / out.height)
      for ox in 0..<out.width {
        let c0 = ox * cols / out.width
        let c1 = max(c0 + 1, (ox + 1) * cols / out.width)
        var sum = 0.0
        var count = 0
        for r in r0..<r1 {
          for c in c0..<c1 where !values[r * cols + c].isNaN {
            sum += Double(values[r * cols + c])
            count += 1
          }
        }
        if count > 0 { result[oy * out.width + ox] = sum / Double(count) }
      }
    }
    return result
  }
}
