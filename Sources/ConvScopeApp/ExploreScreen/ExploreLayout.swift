import TerminalUI

/// Where the Explore screen's parts go inside the screen body. Shared by the view and by
/// `ExploreScreen.update` (paging needs to know how many maps fit on a page).
struct ExploreLayout {
  let block: Rect
  /// The architecture strip and the line under it (layer, page, scale legend).
  let strip: Rect
  let info: Rect
  /// The maps (or kernels, the zoomed map, the FC strip).
  let main: Rect
  /// Input, prediction and inspector.
  let side: Rect

  init(body: Rect) {
    block = body
    let inner = Rect(x: body.x + 1, y: body.y + 1, width: max(0, body.width - 2), height: max(0, body.height - 2))
    strip = Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 2), height: min(1, inner.height))
    info = Rect(x: inner.x + 1, y: inner.y + 1, width: max(0, inner.width - 2), height: inner.height > 1 ? 1 : 0)
    let top = inner.y + 3
    let height = max(0, inner.bottom - top)
    let sideWidth = inner.width >= 100 ? 36 : (inner.width >= 76 ? 28 : 22)
    side = Rect(x: inner.right - sideWidth - 1, y: top, width: sideWidth, height: height)
    main = Rect(x: inner.x + 1, y: top, width: max(0, side.x - inner.x - 3), height: height)
  }

  /// The layout for a whole terminal of `size` (as `RootView` lays the shell out).
  init(size: Size) {
    self.init(body: RootView.layout(Rect(size)).body)
  }
}

/// How a layer's maps tile the main pane.
struct ExploreGrid: Equatable {
  /// Cells per tile: the heatmap plus one row for its index.
  let tileWidth: Int
  let tileHeight: Int
  let columns: Int
  let rows: Int

  init(area: Rect, mapHeight: Int, mapWidth: Int) {
    // Tiles are at most 16 pixels wide so several maps fit; Heatmap averages larger maps down.
    let width = min(16, max(6, mapWidth))
    let pixelsHigh = max(2, (width * mapHeight + mapWidth - 1) / max(1, mapWidth))
    tileWidth = width
    tileHeight = (pixelsHigh + 1) / 2 + 1
    columns = max(1, (area.width + 1) / (tileWidth + 1))
    rows = max(1, (area.height) / tileHeight)
  }

  var perPage: Int { columns * rows }

  /// The cell rectangle of tile `slot` (0-based on the page) inside `area`.
  func tile(_ slot: Int, in area: Rect) -> Rect {
    let col = slot % columns, row = slot / columns
    return Rect(x: area.x + col * (tileWidth + 1), y: area.y + row * tileHeight, width: tileWidth, height: tileHeight)
  }
}
