import TerminalUI

/// The architecture overview: every layer as a column of small maps (vectors as a strip of
/// units), C3's Table I wiring drawn between S2 and C3, AlexNet's two groups split by a
/// rule; ←/→ pick a layer and Enter dives into it.
enum ExploreOverviewView {
  static func render(_ e: ExploreState, trace: ExploreTrace, in area: Rect, into frame: inout Frame) {
    guard area.height >= 6 else { return }
    frame.buffer.put(ExploreView.text("Architecture: ←/→ pick a layer, enter dives into it, esc back", frame),
                     at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    let top = area.y + 2
    let height = area.bottom - top
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let layers = trace.layers.enumerated().filter { $0.element.kind != "flatten" && $0.element.kind != "dropout" }
    // Each column gets the same width; a wiring column sits before a layer with a table.
    let wiring = layers.contains { hasTable($0.element) }
    let tableWidth = Self.tableWidth(rows: 16, height: height)
    let columnWidth = max(6, (area.width - (wiring ? tableWidth + 1 : 0)) / max(1, layers.count) - 1)
    var x = area.x
    for (index, layer) in layers {
      // C3's connection table between the previous column and this one.
      if hasTable(layer) {
        renderTable(layer, at: Point(x: x, y: top), height: height, into: &frame)
        x += Self.tableWidth(rows: layer.connections.count, height: height) + 1
      }
      let selected = index == e.layer
      let name = String(layer.name.prefix(columnWidth))
      frame.buffer.put(name, at: Point(x: x, y: top - 1),
                       style: selected ? Style(bold: true, reverse: true) : Style(bold: true), clippedTo: area)
      // Clipped to the area: the last column may have less room than the others.
      let column = Rect(x: x, y: top, width: columnWidth, height: height).intersection(area)
      let sub = ExploreState.previewing(e, layer: index)
      if layer.isVector {
        renderVector(sub, trace: trace, layer: layer, in: column, into: &frame)
      } else if index == 0, trace.inputRGB != nil {
        ExploreInputPicture.render(trace, input: layer, marks: [], in: column, into: &frame)
      } else {
        // As many maps as fit down the column, split in two where the layer has two groups.
        // The column's last row is kept for the note ("16 maps"), which was drawn over a map.
        let maps = column.inset(bottom: 1)
        let grid = HeatmapGrid(count: layer.channels, mapRows: layer.height, mapCols: layer.width,
                               area: Size(width: columnWidth, height: maps.height), mode: mode, labelRows: 0, maxZoom: 3)
        let shown = min(layer.channels, grid.perPage)
        let groupSize = layer.groups > 1 ? layer.channels / layer.groups : layer.channels
        for slot in 0..<shown {
          // With two groups: the first half of the column from group 1, the second from group 2.
          let m = layer.groups > 1 && slot >= shown / 2 ? groupSize + (slot - shown / 2) : slot
          guard m < layer.channels else { continue }
          let room = grid.mapRect(slot, origin: Point(x: x, y: top), labelRows: 0).intersection(maps)
          frame.render(ExploreMapsView.heatmap(sub, trace: trace, layer: layer, map: m, frame: frame), in: room)
        }
        if layer.groups > 1, shown >= 2 {
          let rule = grid.mapRect(shown / 2, origin: Point(x: x, y: top), labelRows: 0)
          frame.buffer.put(String(repeating: frame.unicode ? "┄" : "-", count: columnWidth),
                           at: Point(x: x, y: max(top, rule.y - 1)), style: Style(fg: .yellow), clippedTo: column)
        }
        let long = layer.groups > 1 ? "\(layer.channels) (2 groups)" : "\(layer.channels) maps"
        // The bare count where the words do not fit ("16", not "16 map").
        let note = long.count <= columnWidth ? long : "\(layer.channels)"
        if shown < layer.channels || layer.groups > 1 {
          frame.buffer.put(String(note.prefix(columnWidth)), at: Point(x: x, y: area.bottom - 1), style: Style(dim: true),
                           clippedTo: area)
        }
      }
      x += columnWidth + 1
      guard x + 2 < area.right else { break }
    }
  }

  /// A layer's units as a thin strip of cells, top to bottom.
  private static func renderVector(_ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in column: Rect,
                                   into frame: inout Frame) {
    let (scale, colorMap) = ExploreMapsView.colouring(e, trace: trace, layer: layer, map: 0, palette: frame.palette)
    let cols = min(column.width, 4)
    // The last row holds the unit count, below the strip rather than over it.
    let stripHeight = max(1, column.height - 1)
    let rows = min((layer.channels + cols - 1) / cols, stripHeight * 2)
    var values = Array(layer.values.prefix(rows * cols))
    values += [Float](repeating: .nan, count: rows * cols - values.count)
    frame.render(Heatmap(values: values, rows: rows, cols: cols, scale: scale, colorMap: colorMap,
                         colorDepth: frame.colorDepth, zoom: false, preserveAspect: false, unicode: frame.unicode),
                 in: Rect(x: column.x, y: column.y, width: cols, height: stripHeight))
    frame.buffer.put("\(layer.channels)", at: Point(x: column.x, y: column.bottom - 1), style: Style(dim: true),
                     clippedTo: column)
  }

  /// Whether a layer's connections are a partial table such as LeNet-5's Table I (16 maps,
  /// each reading a different number of S2 maps), drawn as a wiring column before it.
  static func hasTable(_ layer: ExploreLayerTrace) -> Bool {
    layer.connections.count == 16 && Set(layer.connections.map(\.count)).count > 1
  }

  /// Columns Table I takes: one block of 16 rows ("●●●··· 15"), or two side by side when the
  /// column is shorter (80×24 has 15 rows: row 15 was cut, and the C3 note sat on row 14).
  static func tableWidth(rows: Int, height: Int) -> Int {
    height >= rows + 1 ? 9 : 19
  }

  /// Table I as a small matrix: one row per C3 map, one column per S2 map, a dot where they
  /// are wired.
  private static func renderTable(_ layer: ExploreLayerTrace, at origin: Point, height: Int, into frame: inout Frame) {
    let inputs = (layer.connections.flatMap { $0 }.max() ?? 5) + 1
    frame.buffer.put("Table I", at: Point(x: origin.x, y: origin.y - 1), style: Style(dim: true))
    // Rows above the layers' notes on the last line; in two blocks when they do not fit.
    let perBlock = height >= layer.connections.count + 1 ? layer.connections.count : (layer.connections.count + 1) / 2
    for (o, maps) in layer.connections.enumerated() where o % perBlock < height - 1 {
      var row = ""
      for m in 0..<inputs { row += maps.contains(m) ? (frame.unicode ? "●" : "X") : (frame.unicode ? "·" : ".") }
      frame.buffer.put(row + " " + "\(o)", at: Point(x: origin.x + (o / perBlock) * 10, y: origin.y + o % perBlock),
                       style: Style(fg: .cyan))
    }
  }
}
