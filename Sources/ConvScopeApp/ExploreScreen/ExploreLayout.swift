import TerminalUI

/// Where the Explore screen's parts go inside the screen body. Shared by the view and by
/// `ExploreScreen.update` (paging and the explain text's width need to know the sizes).
struct ExploreLayout {
  let block: Rect
  /// The architecture strip and the line under it (layer, page, scale legend).
  let strip: Rect
  let info: Rect
  /// Warnings (weights from another dataset, untrained weights) under the info line.
  let notice: Rect
  /// The maps (or kernels, the zoomed map, the FC strip).
  let main: Rect
  /// Input, prediction and true label.
  let side: Rect
  /// The explain view: pictures (the map, the maps it reads, the image) on the left when
  /// there is room, the arithmetic on the right.
  let explainPictures: Rect
  let explainText: Rect

  init(body: Rect) {
    block = body
    let inner = Rect(x: body.x + 1, y: body.y + 1, width: max(0, body.width - 2), height: max(0, body.height - 2))
    strip = Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 2), height: min(1, inner.height))
    info = Rect(x: inner.x + 1, y: inner.y + 1, width: max(0, inner.width - 2), height: inner.height > 1 ? 1 : 0)
    notice = Rect(x: inner.x + 1, y: inner.y + 2, width: max(0, inner.width - 2), height: inner.height > 2 ? 1 : 0)
    let top = inner.y + 3
    let height = max(0, inner.bottom - top)
    let sideWidth = inner.width >= 150 ? 40 : inner.width >= 100 ? 34 : (inner.width >= 76 ? 26 : 22)
    side = Rect(x: inner.right - sideWidth - 1, y: top, width: sideWidth, height: height)
    main = Rect(x: inner.x + 1, y: top, width: max(0, side.x - inner.x - 3), height: height)
    let whole = Rect(x: inner.x + 1, y: top, width: max(0, inner.width - 2), height: height)
    // Beside the map on wide terminals; text only where the pictures would squeeze it.
    let pictures = whole.width >= 150 ? whole.width * 2 / 5 : whole.width >= 94 ? 34 : 0
    explainPictures = Rect(x: whole.x, y: top, width: pictures, height: pictures > 0 ? height : 0)
    let gap = pictures > 0 ? 2 : 0
    explainText = Rect(x: whole.x + pictures + gap, y: top, width: max(0, whole.width - pictures - gap), height: height)
  }

  /// The layout for a whole terminal of `size` (as `RootView` lays the shell out).
  init(size: Size) {
    self.init(body: RootView.layout(Rect(size)).body)
  }

  /// How the layer's maps tile the main pane: the largest whole enlargement that shows them
  /// all, native size with pages when they do not fit (the rule `forward --render` uses too).
  func grid(for layer: ExploreLayerTrace, mode: PixelMode) -> HeatmapGrid {
    HeatmapGrid(count: layer.channels, mapRows: layer.height, mapCols: layer.width,
                area: Size(width: main.width, height: main.height), mode: mode)
  }
}
