/// How `count` maps of `mapRows`×`mapCols` values tile an area: the largest whole
/// enlargement at which every map fits; at native size with paging when they cannot all
/// fit; shrunk by a whole divisor only when not even one map fits at native size. One rule
/// for the workbench and `convscope forward --render`.
public struct HeatmapGrid: Equatable, Sendable {
  /// Each map's values are drawn `zoom` pixels wide (≥ 1), or averaged over `shrink`×`shrink`
  /// blocks (≥ 1); one of the two is 1.
  public let zoom: Int
  public let shrink: Int
  /// The map's size in pixels and in cells.
  public let pixels: Size
  public let mapCells: Size
  /// A tile: the map plus its label rows; tiles are `gap` columns apart.
  public let tileWidth: Int
  public let tileHeight: Int
  public let columns: Int
  public let rows: Int
  public let gap: Int

  public init(
    count: Int, mapRows: Int, mapCols: Int, area: Size, mode: PixelMode, labelRows: Int = 1, gap: Int = 1,
    maxZoom: Int = 24
  ) {
    let n = max(1, count)
    let mapRows = max(1, mapRows), mapCols = max(1, mapCols)
    func layout(_ px: Size) -> (cells: Size, tileW: Int, tileH: Int, cols: Int, rows: Int) {
      let cells = mode.cells(for: px)
      let tileW = max(cells.width, 1), tileH = cells.height + labelRows
      let cols = max(0, (area.width + gap) / (tileW + gap))
      let rows = max(0, area.height / max(1, tileH))
      return (cells, tileW, tileH, cols, rows)
    }
    var chosen: (zoom: Int, shrink: Int, px: Size)?
    // Largest enlargement that shows every map at once.
    for z in stride(from: maxZoom, through: 1, by: -1) {
      let px = Size(width: mapCols * z, height: mapRows * z)
      let l = layout(px)
      if l.cols * l.rows >= n { chosen = (z, 1, px); break }
    }
    // Native size with paging, as long as one map fits.
    if chosen == nil {
      let px = Size(width: mapCols, height: mapRows)
      let l = layout(px)
      if l.cols >= 1, l.rows >= 1 { chosen = (1, 1, px) }
    }
    // Not even one map fits: average it down by the smallest whole divisor that fits.
    if chosen == nil {
      var d = 2
      while d < max(mapRows, mapCols) {
        let px = Size(width: (mapCols + d - 1) / d, height: (mapRows + d - 1) / d)
        let l = layout(px)
        if l.cols >= 1, l.rows >= 1 { break }
        d += 1
      }
      chosen = (1, d, Size(width: max(1, (mapCols + d - 1) / d), height: max(1, (mapRows + d - 1) / d)))
    }
    let c = chosen!
    let l = layout(c.px)
    zoom = c.zoom
    shrink = c.shrink
    pixels = c.px
    mapCells = l.cells
    tileWidth = l.tileW
    tileHeight = l.tileH
    columns = max(1, l.cols)
    rows = max(1, l.rows)
    self.gap = gap
  }

  /// Maps on one page.
  public var perPage: Int { columns * rows }

  /// The cell rectangle of tile `slot` (0-based on the page) from `origin`.
  public func tile(_ slot: Int, origin: Point) -> Rect {
    let col = slot % columns, row = slot / columns
    return Rect(x: origin.x + col * (tileWidth + gap), y: origin.y + row * tileHeight, width: tileWidth, height: tileHeight)
  }

  /// The map's own cells inside tile `slot` (below `labelRows` label rows).
  public func mapRect(_ slot: Int, origin: Point, labelRows: Int = 1) -> Rect {
    let t = tile(slot, origin: origin)
    return Rect(x: t.x, y: t.y + labelRows, width: mapCells.width, height: mapCells.height)
  }
}

extension ColorMap {
  /// The colouring for values from `low` to `high`: signed data on the palette's diverging
  /// map with a range centred on zero (white is 0), one-signed data on its sequential map over
  /// its own range. One rule for the workbench and `convscope forward --render`.
  public static func colouring(low: Double, high: Double, palette: Palette = .standard) -> (Scale, ColorMap) {
    if low < 0 && high > 0 {
      let m = Swift.max(-low, high)
      return (Scale(min: -m, max: m), palette.diverging)
    }
    return (Scale(min: low, max: high), palette.sequential)
  }
}
