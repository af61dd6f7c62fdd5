import TerminalUI

/// The main pane's views of one layer: the map grid, one zoomed map, the kernels, and FC
/// units.
enum ExploreMapsView {
  /// The colour range and map for map `map` under the current scale mode: signed layers on
  /// the palette's diverging map centred on 0, one-signed layers (and the input) on its sequential one.
  static func colouring(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, map: Int, palette: Palette
  ) -> (Scale, ColorMap) {
    let isInput = e.layer == 0 || layer.kind == "input"
    var low = Double(layer.min), high = Double(layer.max)
    switch e.scaleMode {
    case .map where map < layer.channels:
      low = Double(layer.mapMin[map])
      high = Double(layer.mapMax[map])
      // A signed layer keeps its diverging map on each map's own range, centred on 0.
      if layer.isSigned && !isInput {
        let m = max(abs(low), abs(high), 1e-12)
        return (Scale(min: -m, max: m), palette.diverging)
      }
    case .global where !layer.isVector && !isInput:
      low = Double(trace.globalMin)
      high = Double(trace.globalMax)
    default:
      break
    }
    if isInput { return (Scale(min: low, max: high), palette.sequential) }
    return ColorMap.colouring(low: low, high: high, palette: palette)
  }

  /// A heatmap of map `map` with the current colouring.
  static func heatmap(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, map: Int, frame: Frame, marks: [HeatmapMark] = []
  ) -> Heatmap {
    let (scale, colorMap) = colouring(e, trace: trace, layer: layer, map: map, palette: frame.palette)
    return Heatmap(values: Array(layer.map(map)), rows: layer.height, cols: layer.width, scale: scale, colorMap: colorMap,
                   colorDepth: frame.colorDepth, zoom: true, unicode: frame.unicode, squarePixels: true, marks: marks)
  }

  /// The colour of outlines: the cursor and receptive fields.
  static let markColor = Color.rgb(255, 214, 0)

  static func renderGrid(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, mode: PixelMode, in area: Rect,
    into frame: inout Frame
  ) {
    let layout = ExploreMapsLayout(count: layer.channels, mapRows: layer.height, mapCols: layer.width, area: area, mode: mode)
    let grid = layout.grid
    let origin = Point(x: layout.gridArea.x, y: layout.gridArea.y)
    let first = e.page * grid.perPage
    for slot in 0..<grid.perPage {
      let map = first + slot
      guard map < layer.channels else { break }
      let tile = grid.tile(slot, origin: origin).intersection(area)
      guard tile.height >= 2 else { continue }
      let label = map == e.selectedMap ? "[\(map)]" : "#\(map)"
      let style = map == e.selectedMap ? Style(bold: true, reverse: true) : Style(dim: true)
      frame.buffer.put(label, at: Point(x: tile.x, y: tile.y), style: style, clippedTo: tile)
      let room = grid.mapRect(slot, origin: origin).intersection(area)
      frame.render(heatmap(e, trace: trace, layer: layer, map: map, frame: frame), in: room)
    }
    // The selected map again, large, in the space the grid leaves.
    if let focus = layout.focus, let focusArea = layout.focusArea, e.selectedMap < layer.channels {
      frame.buffer.put(ExploreView.text("map \(e.selectedMap) at \(focus.zoom)× (↑/↓ picks another, enter zooms)", frame),
                       at: Point(x: focusArea.x, y: focusArea.y), style: Style(bold: true), clippedTo: focusArea)
      let room = focus.mapRect(0, origin: Point(x: focusArea.x, y: focusArea.y)).intersection(focusArea)
      frame.render(heatmap(e, trace: trace, layer: layer, map: e.selectedMap, frame: frame), in: room)
    }
  }

  /// Presenter mode: the selected map alone, centred, at the largest whole enlargement the
  /// pane allows, or stretched to fill it where only its own size fits whole (C1's 28×28 at
  /// 100×30); which map it is, is on the info line; ↑/↓ steps through them.
  static func renderPresented(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame
  ) {
    guard !area.isEmpty, e.selectedMap < layer.channels else { return }
    var map = heatmap(e, trace: trace, layer: layer, map: e.selectedMap, frame: frame)
    map.stretch = true
    let size = map.renderedSize(in: area)
    frame.render(map, in: Rect(x: area.x + (area.width - size.width) / 2, y: area.y, width: size.width, height: size.height))
  }

  /// One map filling the pane, the cursor's value outlined, its value above.
  static func renderZoom(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame
  ) {
    guard area.height >= 3 else { return }
    let map = e.selectedMap
    let value = layer.value(channel: map, y: e.cursorY, x: e.cursorX) ?? .nan
    let line = "map \(map): value at (y \(e.cursorY), x \(e.cursorX)) = \(String(format: "%.4f", value))   "
      + "arrows move · i explains it · [ ] other maps"
    frame.buffer.put(ExploreView.text(line, frame), at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    let room = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
    let cursor = HeatmapMark(rows: e.cursorY...e.cursorY, cols: e.cursorX...e.cursorX, color: markColor)
    frame.render(heatmap(e, trace: trace, layer: layer, map: map, frame: frame, marks: [cursor]), in: room)
  }

  /// FC layers: the units as a strip of cells (selected one marked). `presenting`: presenter
  /// mode's larger, shorter-worded version across the whole pane (F6's bitmap stretched and
  /// centred), since there is no side panel beside it.
  static func renderUnits(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, presenting: Bool = false,
    into frame: inout Frame
  ) {
    guard area.height >= 2 else { return }
    let value = layer.value(channel: e.selectedMap, y: 0, x: 0) ?? .nan
    let heading = presenting
      ? "unit \(e.selectedMap) of \(layer.channels) = \(String(format: "%.4f", value))"
      : "\(layer.channels) units; unit \(e.selectedMap) = \(String(format: "%.4f", value)) (↑/↓ selects, i explains)"
    frame.buffer.put(ExploreView.text(heading, frame), at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    var room = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2)
    // F6 of LeNet-5 is a 7×12 bitmap compared with the class prototypes: draw it as one.
    if layer.channels == 84, trace.prototypeWidth == 7 {
      // Wrapped, not cut: at 100×30 the one-line caption lost its last word.
      let caption = TextWrapper.wrap(
        ExploreView.text("as the 7×12 bitmap the RBF output compares with each class's prototype:", frame), width: room.width)
      for (i, line) in caption.prefix(2).enumerated() {
        frame.buffer.put(line, at: Point(x: room.x, y: room.y + i), clippedTo: room)
      }
      let captionRows = min(2, caption.count)
      room = Rect(x: room.x, y: room.y + captionRows, width: room.width, height: room.height - captionRows)
      let (scale, colorMap) = ColorMap.colouring(low: Double(layer.min), high: Double(layer.max), palette: frame.palette)
      let unitY = e.selectedMap / 7, unitX = e.selectedMap % 7
      var bitmap = Heatmap(values: layer.values, rows: 12, cols: 7, scale: scale, colorMap: colorMap,
                           colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true,
                           marks: [HeatmapMark(rows: unitY...unitY, cols: unitX...unitX, color: markColor)])
      if presenting {
        bitmap.stretch = true
        let size = bitmap.renderedSize(in: room)
        frame.render(bitmap, in: Rect(x: room.x + (room.width - size.width) / 2, y: room.y, width: size.width, height: size.height))
      } else {
        frame.render(bitmap, in: Rect(x: room.x, y: room.y, width: min(room.width, 42), height: room.height))
      }
      return
    }
    // Wrap the units into rows as wide as the pane, one pixel each; presented, into the
    // grid that gives each unit the largest square block (C5's 120 were a thin strip).
    let cols = presenting
      ? unitColumns(count: layer.channels, pixels: PixelMode(depth: frame.colorDepth, unicode: frame.unicode).pixels(in: room.size))
      : max(1, min(area.width, layer.channels))
    let rows = (layer.channels + cols - 1) / cols
    var values = layer.values
    values += [Float](repeating: .nan, count: rows * cols - values.count)
    let (scale, colorMap) = colouring(e, trace: trace, layer: layer, map: e.selectedMap, palette: frame.palette)
    let unitY = e.selectedMap / cols, unitX = e.selectedMap % cols
    let strip = Heatmap(values: values, rows: rows, cols: cols, scale: scale, colorMap: colorMap,
                        colorDepth: frame.colorDepth, zoom: presenting, preserveAspect: presenting, unicode: frame.unicode,
                        marks: [HeatmapMark(rows: unitY...unitY, cols: unitX...unitX, color: markColor)])
    // Presented, the grid is centred in the pane, as a presented map is.
    let size = presenting ? strip.renderedSize(in: room) : room.size
    frame.render(strip, in: Rect(x: room.x + (room.width - size.width) / 2, y: room.y, width: size.width, height: room.height))
  }

  /// How many units a row holds so that `count` units, wrapped into rows, get the largest
  /// whole square of `pixels` each (of equal squares, the grid with the fewest empty slots:
  /// C5's 120 units as 15 × 8, not 16 × 8 with a ragged last row).
  static func unitColumns(count: Int, pixels: Size) -> Int {
    guard count > 0, pixels.width > 0, pixels.height > 0 else { return 1 }
    var best = (cols: min(count, pixels.width), side: 0, empty: Int.max)
    for cols in 1...min(count, pixels.width) {
      let rows = (count + cols - 1) / cols
      let side = min(pixels.width / cols, pixels.height / rows)
      let empty = rows * cols - count
      if side > best.side || (side == best.side && empty < best.empty) { best = (cols, side, empty) }
    }
    return best.cols
  }

  /// The layer's filters in a diverging palette (zero is white): the whole out × in matrix
  /// for small layers (C3's Table I gaps left blank), one tile per filter otherwise, and
  /// AlexNet's conv1 in colour.
  static func renderKernels(_ layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame) {
    let k = layer.kernelSize
    guard k > 0, !layer.kernels.isEmpty else {
      frame.render(Paragraph(ExploreView.text("\(layer.name) has no kernels (only convolutions do); press f for its outputs.", frame)), in: area)
      return
    }
    if showsKernelMatrix(layer) {
      renderKernelMatrix(layer, inputs: (layer.connections.flatMap { $0 }.max() ?? 0) + 1, in: area, into: &frame)
      return
    }
    let plane = k * k
    let planes = layer.kernelChannels == 3 ? 3 : 1
    let count = layer.kernels.count / (plane * planes)
    let scale = kernelScale(layer)
    let zoom = max(1, min(4, 12 / k))
    let pixels = Size(width: k * zoom, height: k * zoom)
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let cells = mode.cells(for: pixels)
    let width = max(cells.width, 4)
    let height = cells.height + 1
    let columns = max(1, (area.width + 1) / (width + 1))
    for i in 0..<count {
      let col = i % columns, row = i / columns
      let tile = Rect(x: area.x + col * (width + 1), y: area.y + row * height, width: width, height: height)
      guard tile.bottom <= area.bottom else {
        frame.buffer.put(ExploreView.text("… \(count - i) more", frame), at: Point(x: area.x, y: area.bottom - 1), clippedTo: area)
        break
      }
      frame.buffer.put("#\(i)", at: Point(x: tile.x, y: tile.y), style: Style(dim: true), clippedTo: tile)
      let room = Rect(x: tile.x, y: tile.y + 1, width: cells.width, height: cells.height)
      if planes == 3 {
        frame.render(ColorImage(rgb: kernelRGB(layer, filter: i, scale: scale), rows: k, cols: k, colorDepth: frame.colorDepth,
                                unicode: frame.unicode), in: room)
      } else {
        let values = Array(layer.kernels[(i * plane)..<((i + 1) * plane)])
        frame.render(Heatmap(values: values, rows: k, cols: k, scale: scale, colorMap: frame.palette.diverging,
                             colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true), in: room)
      }
    }
  }

  /// An RGB filter (AlexNet's conv1) as the learnt colour detector it is: each channel's
  /// weight mapped from the kernels' [-m, m] to 0…255; k×k pixels of RGB, row-major.
  static func kernelRGB(_ layer: ExploreLayerTrace, filter: Int, scale: Scale) -> [UInt8] {
    let plane = layer.kernelSize * layer.kernelSize
    var rgb = [UInt8](repeating: 0, count: plane * 3)  // (k, k, RGB)
    for c in 0..<3 {
      for j in 0..<plane {
        rgb[j * 3 + c] = UInt8(max(0, min(255, scale.normalize(Double(layer.kernels[(filter * 3 + c) * plane + j])) * 255)))
      }
    }
    return rgb
  }

  /// The kernels' colour legend: their range on the palette's diverging map; none for RGB
  /// filters, whose colours are their three weights, not a place on a map.
  static func kernelLegend(_ layer: ExploreLayerTrace, palette: Palette) -> (Scale, ColorMap)? {
    guard layer.kernelSize > 0, !layer.kernels.isEmpty, layer.kernelChannels != 3 else { return nil }
    return (kernelScale(layer), palette.diverging)
  }

  /// Whether the kernels are drawn as the whole out × in matrix (small layers, not RGB).
  static func showsKernelMatrix(_ layer: ExploreLayerTrace) -> Bool {
    let inputs = (layer.connections.flatMap { $0 }.max() ?? 0) + 1
    return !layer.fullKernels.isEmpty && inputs > 1 && layer.kernelChannels != 3
  }

  /// The kernels' colour range: symmetric about 0 over the weights drawn (the matrix's or the
  /// tiles'), on the blue–white–red map.
  static func kernelScale(_ layer: ExploreLayerTrace) -> Scale {
    Scale.symmetric(showsKernelMatrix(layer) ? layer.fullKernels : layer.kernels)
  }

  /// Every kernel of a small layer: one row per output map, one column per input map, blank
  /// where the connection table leaves the pair out.
  private static func renderKernelMatrix(_ layer: ExploreLayerTrace, inputs: Int, in area: Rect, into frame: inout Frame) {
    let k = layer.kernelSize, plane = k * k
    let scale = kernelScale(layer)
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let cells = mode.cells(for: Size(width: k, height: k))
    let labelWidth = 5
    let cellW = cells.width + 1, cellH = cells.height + (mode == .halfBlock ? 0 : 0) + 1
    // Fold the rows into side-by-side bands when they do not fit under each other.
    let rowsFit = max(1, (area.height - 1) / cellH)
    let bandWidth = labelWidth + inputs * cellW + 2
    var header = ""
    for m in 0..<inputs { header += String("in \(m)".prefix(cellW - 1)).padding(toLength: cellW, withPad: " ", startingAt: 0) }
    var offset = 0
    for o in 0..<layer.channels {
      let band = o / rowsFit, row = o % rowsFit
      let x0 = area.x + band * bandWidth
      guard x0 + bandWidth - 2 <= area.right else {
        frame.buffer.put(ExploreView.text("… outputs \(o)–\(layer.channels - 1) need a wider terminal", frame),
                         at: Point(x: area.x, y: area.bottom - 1), clippedTo: area)
        return
      }
      if row == 0 {
        frame.buffer.put(header, at: Point(x: x0 + labelWidth, y: area.y), style: Style(dim: true), clippedTo: area)
      }
      let y = area.y + 1 + row * cellH
      frame.buffer.put("out \(o)", at: Point(x: x0, y: y), style: Style(dim: true), clippedTo: area)
      for m in layer.connections[o] {
        let values = Array(layer.fullKernels[(offset * plane)..<((offset + 1) * plane)])
        offset += 1
        let room = Rect(x: x0 + labelWidth + m * cellW, y: y, width: cells.width, height: cells.height).intersection(area)
        frame.render(Heatmap(values: values, rows: k, cols: k, scale: scale, colorMap: frame.palette.diverging,
                             colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true), in: room)
      }
    }
  }
}
