import TerminalUI

/// The main pane's views of one layer: the map grid, one zoomed map, the kernels, and FC
/// units or the class bars.
enum ExploreMapsView {
  /// The colour range for map `map` under the current scale mode.
  static func scale(_ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, map: Int) -> Scale {
    switch e.scaleMode {
    case .map where map < layer.channels:
      return Scale(min: Double(layer.mapMin[map]), max: Double(layer.mapMax[map]))
    case .map, .layer:
      return Scale(min: Double(layer.min), max: Double(layer.max))
    case .global:
      return Scale(min: Double(trace.globalMin), max: Double(trace.globalMax))
    }
  }

  static func renderGrid(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, size: Size, in area: Rect,
    into frame: inout Frame
  ) {
    let grid = ExploreGrid(area: area, mapHeight: layer.height, mapWidth: layer.width)
    let first = e.page * grid.perPage
    for slot in 0..<grid.perPage {
      let map = first + slot
      guard map < layer.channels else { break }
      let tile = grid.tile(slot, in: area).intersection(area)
      guard tile.height >= 2 else { continue }
      let heatmap = Heatmap(
        values: Array(layer.map(map)), rows: layer.height, cols: layer.width,
        scale: scale(e, trace: trace, layer: layer, map: map), colorDepth: frame.colorDepth)
      frame.render(heatmap, in: Rect(x: tile.x, y: tile.y, width: tile.width, height: tile.height - 1))
      let label = map == e.selectedMap ? "[\(map)]" : "#\(map)"
      let style = map == e.selectedMap ? Style(bold: true, reverse: true) : Style(dim: true)
      frame.buffer.put(label, at: Point(x: tile.x, y: tile.bottom - 1), style: style, clippedTo: tile)
    }
  }

  static func renderZoom(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame
  ) {
    guard area.height >= 3 else { return }
    let map = e.selectedMap
    let value = layer.value(channel: map, y: e.cursorY, x: e.cursorX) ?? .nan
    let line = "map \(map): value at (y \(e.cursorY), x \(e.cursorX)) = \(NumberText.compact(Double(value)))"
    frame.buffer.put(line, at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    let room = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
    let heatmap = Heatmap(
      values: Array(layer.map(map)), rows: layer.height, cols: layer.width,
      scale: scale(e, trace: trace, layer: layer, map: map), colorDepth: frame.colorDepth)
    frame.render(heatmap, in: room)
    // Mark the cursor's cell: the heatmap may be enlarged or averaged, so scale the position.
    let drawn = heatmap.renderedSize(in: room)
    guard drawn.width > 0, drawn.height > 0 else { return }
    let cx = room.x + e.cursorX * drawn.width / layer.width
    let cy = room.y + e.cursorY * drawn.height / layer.height
    frame.buffer[cx, cy] = Cell(frame.unicode ? "◆" : "X", style: Style(fg: .red, bg: .white, bold: true))
  }

  /// FC layers: the units as a strip of cells (selected one marked); the output: top-k bars.
  static func renderUnits(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame
  ) {
    guard area.height >= 2 else { return }
    let isOutput = e.layer == trace.layers.count - 1
    if isOutput {
      frame.buffer.put("Prediction (top 5 of \(layer.channels) classes):", at: Point(x: area.x, y: area.y),
                       style: Style(bold: true), clippedTo: area)
      let bars = trace.top.map { BarChart.Bar(label($0), $0.probability) }
      frame.render(
        BarChart(bars: bars, highlighted: 0, unicode: frame.unicode),
        in: Rect(x: area.x, y: area.y + 2, width: area.width, height: min(bars.count, area.height - 2)))
      return
    }
    let value = layer.value(channel: e.selectedMap, y: 0, x: 0) ?? .nan
    frame.buffer.put(
      "\(layer.channels) units; unit \(e.selectedMap) = \(NumberText.compact(Double(value))) (↑/↓ selects)",
      at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    // Wrap the units into rows as wide as the pane, one pixel each.
    let cols = max(1, min(area.width, layer.channels))
    let rows = (layer.channels + cols - 1) / cols
    var values = layer.values
    values += [Float](repeating: .nan, count: rows * cols - values.count)
    let room = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2)
    let heatmap = Heatmap(
      values: values, rows: rows, cols: cols, scale: scale(e, trace: trace, layer: layer, map: e.selectedMap),
      colorDepth: frame.colorDepth, zoom: false, preserveAspect: false)
    frame.render(heatmap, in: room)
    let drawn = heatmap.renderedSize(in: room)
    if drawn.width > 0, drawn.height > 0 {
      let cx = room.x + (e.selectedMap % cols) * drawn.width / cols
      let cy = room.y + (e.selectedMap / cols) * drawn.height / rows
      frame.buffer[cx, cy] = Cell(frame.unicode ? "◆" : "X", style: Style(fg: .red, bg: .white, bold: true))
    }
  }

  /// The class name with its index when the name is not the index itself.
  static func label(_ c: ExploreClass) -> String {
    c.name == "\(c.index)" ? c.name : "\(c.index) \(c.name)"
  }

  /// The layer's filters in a diverging palette (zero is white), one tile each.
  static func renderKernels(_ layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame) {
    let k = layer.kernelSize
    guard k > 0, !layer.kernels.isEmpty else {
      frame.render(Paragraph("\(layer.name) has no kernels (only convolutions do); press f for its outputs."), in: area)
      return
    }
    let plane = k * k
    let planes = layer.kernelChannels == 3 ? 3 : 1
    let count = layer.kernels.count / (plane * planes)
    let scale = Scale.symmetric(layer.kernels)
    let width = max(k, 6)
    let height = (k + 1) / 2 + 1
    let columns = max(1, (area.width + 1) / (width + 1))
    for i in 0..<count {
      let col = i % columns, row = i / columns
      let tile = Rect(x: area.x + col * (width + 1), y: area.y + row * height, width: width, height: height)
      guard tile.bottom <= area.bottom else {
        frame.buffer.put("… \(count - i) more", at: Point(x: area.x, y: area.bottom - 1), clippedTo: area)
        break
      }
      let room = Rect(x: tile.x, y: tile.y, width: k, height: height - 1)
      if planes == 3, frame.colorDepth == .direct || frame.colorDepth == .c256 {
        renderRGBKernel(layer.kernels, index: i, size: k, scale: scale, in: room, into: &frame)
      } else {
        // Mean over the input planes: the sign pattern is what the filter looks for.
        var values = [Float](repeating: 0, count: plane)
        for p in 0..<planes {
          for j in 0..<plane { values[j] += layer.kernels[(i * planes + p) * plane + j] / Float(planes) }
        }
        frame.render(
          Heatmap(values: values, rows: k, cols: k, scale: scale, colorMap: .blueWhiteRed,
                  colorDepth: frame.colorDepth, zoom: false), in: room)
      }
      frame.buffer.put("#\(i)", at: Point(x: tile.x, y: tile.bottom - 1), style: Style(dim: true), clippedTo: tile)
    }
  }

  /// An RGB kernel drawn as colour: each channel's weight mapped from [-m, m] to 0…255.
  private static func renderRGBKernel(
    _ kernels: [Float], index: Int, size k: Int, scale: Scale, in room: Rect, into frame: inout Frame
  ) {
    let plane = k * k
    func color(_ y: Int, _ x: Int) -> Color {
      func channel(_ c: Int) -> UInt8 {
        let v = Double(kernels[(index * 3 + c) * plane + y * k + x])
        return UInt8(max(0, min(255, scale.normalize(v) * 255)))
      }
      return .rgb(channel(0), channel(1), channel(2))
    }
    for cy in 0..<min(room.height, (k + 1) / 2) {
      for x in 0..<min(k, room.width) {
        let top = color(2 * cy, x)
        let bottom = 2 * cy + 1 < k ? color(2 * cy + 1, x) : Color.default
        frame.buffer[room.x + x, room.y + cy] = Cell("▀", style: Style(fg: top, bg: bottom))
      }
    }
  }
}
