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

  /// `presenting`: presenter mode's explain view is the arithmetic alone, across the whole
  /// width (one thing at a time; the pictures would squeeze it).
  init(body: Rect, presenting: Bool = false) {
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
    // 46 columns hold three 14×14 maps side by side (all of C3's inputs at 120×40).
    let pictures = presenting ? 0 : whole.width >= 150 ? whole.width * 2 / 5 : whole.width >= 110 ? 46 : whole.width >= 94 ? 34 : 0
    explainPictures = Rect(x: whole.x, y: top, width: pictures, height: pictures > 0 ? height : 0)
    let gap = pictures > 0 ? 2 : 0
    explainText = Rect(x: whole.x + pictures + gap, y: top, width: max(0, whole.width - pictures - gap), height: height)
  }

  /// The layout for a whole terminal of `size` (as `RootView` lays the shell out).
  init(size: Size, presenting: Bool = false) {
    self.init(body: RootView.layout(Rect(size)).body, presenting: presenting)
  }

  /// How the layer's maps tile the main pane: the largest whole enlargement that shows them
  /// all, native size with pages when they do not fit (the rule `forward --render` uses too).
  func grid(for layer: ExploreLayerTrace, mode: PixelMode) -> HeatmapGrid {
    maps(for: layer, mode: mode).grid
  }

  /// The grid, and where the selected map is drawn again when the grid leaves space over.
  func maps(for layer: ExploreLayerTrace, mode: PixelMode) -> ExploreMapsLayout {
    ExploreMapsLayout(count: layer.channels, mapRows: layer.height, mapCols: layer.width, area: main, mode: mode)
  }
}

/// The main pane for a layer's maps. When every map fits with room to spare (C1's six 28×28
/// maps at 200×60 fill only the top half at 1×, and 2× cannot show all six), the maps keep
/// their size in a band on the left or at the top and the selected map is drawn again in
/// the rest at the largest whole enlargement that fits, when that is at least twice theirs:
/// every map stays in view and one is seen large.
struct ExploreMapsLayout: Equatable {
  let grid: HeatmapGrid
  /// Where the grid's tiles start.
  let gridArea: Rect
  /// The selected map's label row and picture, at `focus.zoom`; nil when there is no room.
  let focusArea: Rect?
  let focus: HeatmapGrid?

  init(count: Int, mapRows: Int, mapCols: Int, area: Rect, mode: PixelMode) {
    func fit(_ count: Int, _ room: Rect, labelRows: Int = 1) -> HeatmapGrid {
      HeatmapGrid(count: count, mapRows: mapRows, mapCols: mapCols, area: Size(width: room.width, height: room.height),
                  mode: mode, labelRows: labelRows)
    }
    let full = fit(count, area)
    guard count > 1, full.perPage >= count, full.shrink == 1 else {
      (grid, gridArea, focusArea, focus) = (full, area, nil, nil)
      return
    }
    // The thumbnails' band: on the left (as few columns as the height allows) or at the top
    // (as few rows as the width allows); two blank columns or one blank row before the rest.
    var bands: [(band: Rect, rest: Rect)] = []
    let rowsFit = area.height / full.tileHeight
    if rowsFit >= 1 {
      let columns = (count + rowsFit - 1) / rowsFit
      let width = columns * (full.tileWidth + full.gap) - full.gap
      bands.append((Rect(x: area.x, y: area.y, width: width, height: area.height),
                    Rect(x: area.x + width + 2, y: area.y, width: max(0, area.width - width - 2), height: area.height)))
    }
    let columnsFit = (area.width + full.gap) / (full.tileWidth + full.gap)
    if columnsFit >= 1 {
      let height = (count + columnsFit - 1) / columnsFit * full.tileHeight
      bands.append((Rect(x: area.x, y: area.y, width: area.width, height: height),
                    Rect(x: area.x, y: area.y + height + 1, width: area.width, height: max(0, area.height - height - 1))))
    }
    var best: (band: Rect, rest: Rect, focus: HeatmapGrid)?
    for (band, rest) in bands where rest.width > 0 && rest.height > 1 {
      let one = fit(1, rest)
      guard one.shrink == 1, one.zoom >= 2 * full.zoom, one.mapCells.width <= rest.width,
        one.mapCells.height + 1 <= rest.height, fit(count, band).perPage >= count
      else { continue }
      if one.zoom > best?.focus.zoom ?? 0 { best = (band, rest, one) }
    }
    if let best {
      (grid, gridArea, focusArea, focus) = (fit(count, best.band), best.band, best.rest, best.focus)
    } else {
      (grid, gridArea, focusArea, focus) = (full, area, nil, nil)
    }
  }
}
