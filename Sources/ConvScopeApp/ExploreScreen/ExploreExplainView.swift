import TerminalUI

/// The explain view (the CLI's `forward --explain`, made interactive): on the left, the map
/// with the explained value outlined, the previous layer's maps it reads with the window
/// outlined, and the input image with the receptive field outlined; on the right, the
/// engine's arithmetic for that value, scrolled with PgUp/PgDn. At 100 columns and less the
/// arithmetic takes the whole width; in presenter mode it is alone at every size, centred.
enum ExploreExplainView {
  static func render(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, layout: ExploreLayout, presenting: Bool = false,
    into frame: inout Frame
  ) {
    let explanation = e.currentExplanation
    if presenting {
      renderPresented(e, explanation: explanation, in: layout.explainText, into: &frame)
      return
    }
    if !layout.explainPictures.isEmpty {
      let first = explanation.map { firstLine(e, lines: $0.lines.count, in: layout.explainText) } ?? 0
      renderPictures(e, trace: trace, layer: layer, explanation: explanation, firstLine: first, in: layout.explainPictures,
                     into: &frame)
    }
    renderText(e, explanation: explanation, in: layout.explainText, into: &frame)
  }

  /// The arithmetic, from `explainScroll`, with a line saying how to scroll and slide.
  static func renderText(_ e: ExploreState, explanation: ExploreExplanation?, in area: Rect, into frame: inout Frame) {
    guard area.height >= 2 else { return }
    guard let explanation else {
      frame.buffer.put(ExploreView.text("explaining…", frame), at: Point(x: area.x, y: area.y), style: Style(dim: true),
                       clippedTo: area)
      return
    }
    let room = area.height - 1
    let lines = explanation.lines
    let first = firstLine(e, lines: lines.count, in: area)
    for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
      let style = line.contains("engine") ? Style(bold: true) : Style()
      frame.buffer.put(ExploreView.text(line, frame), at: Point(x: area.x, y: area.y + i), style: style, clippedTo: area)
    }
    let last = min(lines.count, first + room)
    // The check first: on a narrow pane the key reminders are what gets cut.
    let check = explanation.agrees ? "engine agrees ✓" : "engine DIFFERS ✗"
    let footers = [
      "\(check) · lines \(first + 1)–\(last) of \(lines.count) · pgup/pgdn scroll · arrows move · w/W slide · [ ] map · esc closes",
      "\(check) · lines \(first + 1)–\(last)/\(lines.count) · pgdn/pgup · w/W slide · [ ] map · esc",
      "\(check) · \(first + 1)–\(last)/\(lines.count) · pgdn/pgup · w/W · esc",
    ]
    let footer = footers.first { ExploreView.text($0, frame).count <= area.width } ?? footers[footers.count - 1]
    frame.buffer.put(ExploreView.text(footer, frame), at: Point(x: area.x, y: area.bottom - 1),
                     style: Style(dim: !explanation.agrees ? false : true, reverse: !explanation.agrees), clippedTo: area)
  }

  /// Presenter mode: the arithmetic alone (laid out for the whole width), as one block centred
  /// in it, in bold for the back of the room, and a short line under it with the check and
  /// where the page is (the block's width is the widest line of all of it, so it stays put
  /// while PgDn pages).
  static func renderPresented(_ e: ExploreState, explanation: ExploreExplanation?, in area: Rect, into frame: inout Frame) {
    guard area.height >= 2 else { return }
    guard let explanation else {
      let text = ExploreView.text("explaining…", frame)
      frame.buffer.put(text, at: Point(x: area.x + max(0, (area.width - text.displayWidth) / 2), y: area.y),
                       style: Style(dim: true), clippedTo: area)
      return
    }
    let lines = explanation.lines.map { ExploreView.text($0, frame) }
    let width = min(area.width, lines.map(\.displayWidth).max() ?? 0)
    let x = area.x + (area.width - width) / 2
    let first = firstLine(e, lines: lines.count, in: area)
    let room = area.height - 1
    for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
      frame.buffer.put(line, at: Point(x: x, y: area.y + i), style: Style(bold: true), clippedTo: area)
    }
    let last = min(lines.count, first + room)
    let check = explanation.agrees ? "engine agrees ✓" : "engine DIFFERS ✗"
    let more = last < lines.count ? " · pgdn: more" : first > 0 ? " · pgup: back" : ""
    let footer = ExploreView.text(String.firstFitting(
      ["\(check) · lines \(first + 1)–\(last) of \(lines.count)\(more)", "\(check) · \(first + 1)–\(last)/\(lines.count)"],
      width: width), frame)
    frame.buffer.put(footer, at: Point(x: x, y: area.bottom - 1),
                     style: Style(dim: explanation.agrees, reverse: !explanation.agrees), clippedTo: area)
  }

  /// The first line of the arithmetic on screen: the scroll, kept so the last page is full.
  static func firstLine(_ e: ExploreState, lines: Int, in area: Rect) -> Int {
    min(e.explainScroll, max(0, lines - (area.height - 1)))
  }

  /// Rows for the explained map: what is left once the maps it reads and the input have
  /// room at their native size (so the map itself gets every enlargement that fits).
  static func mapRows(_ e: ExploreState, trace: ExploreTrace, in area: Rect, mode: PixelMode) -> Int {
    var others = 0
    if e.layer > 0 {
      let previous = trace.layers[e.layer - 1]
      others += previous.isVector ? 1 : mode.cells(for: Size(width: previous.width, height: previous.height)).height + 2
    }
    others += inputRows(e, trace: trace, mode: mode)
    // At least its native size (up to half the column): with shades, two columns and a row
    // a pixel, the map was squeezed to 4 rows while the input picture got 21.
    var native = 1
    if let layer = e.currentLayer, !layer.isVector {
      native = mode.cells(for: Size(width: layer.width, height: layer.height)).height
    }
    return max(4, min(native, area.height / 2), area.height - others - 2)
  }

  /// Rows the input picture with the receptive field takes (none for the first layer, whose
  /// previous maps are the input).
  static func inputRows(_ e: ExploreState, trace: ExploreTrace, mode: PixelMode) -> Int {
    guard e.layer > 1, let input = trace.layers.first else { return 0 }
    return min(mode.cells(for: Size(width: input.width, height: input.height)).height, 20) + 1
  }

  /// The map, the maps it reads and the input, each with its outline.
  static func renderPictures(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, explanation: ExploreExplanation?, firstLine: Int,
    in area: Rect, into frame: inout Frame
  ) {
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let color = ExploreMapsView.markColor
    var y = area.y
    let share = mapRows(e, trace: trace, in: area, mode: mode)
    // Captions wrap in the column: none is cut.
    func put(_ text: String, bold: Bool = true) {
      for line in TextWrapper.wrap(ExploreView.text(text, frame), width: area.width) where y < area.bottom {
        frame.buffer.put(line, at: Point(x: area.x, y: y), style: Style(bold: bold), clippedTo: area)
        y += 1
      }
    }
    // 1. The map with the explained value.
    if layer.isVector {
      let value = layer.value(channel: e.selectedMap, y: 0, x: 0) ?? .nan
      put("\(layer.name) unit \(e.selectedMap) = \(String(format: "%.4f", value))")
      y += 1
    } else {
      let value = layer.value(channel: e.selectedMap, y: e.cursorY, x: e.cursorX) ?? .nan
      put("\(layer.name) map \(e.selectedMap) (y \(e.cursorY), x \(e.cursorX)) = \(String(format: "%.4f", value))")
      let room = Rect(x: area.x, y: y, width: area.width, height: min(share, area.bottom - y))
      let fit = HeatmapGrid(count: 1, mapRows: layer.height, mapCols: layer.width,
                            area: Size(width: room.width, height: room.height), mode: mode, labelRows: 0)
      let cursor = HeatmapMark(rows: e.cursorY...e.cursorY, cols: e.cursorX...e.cursorX, color: color)
      frame.render(ExploreMapsView.heatmap(e, trace: trace, layer: layer, map: e.selectedMap, frame: frame, marks: [cursor]),
                   in: Rect(x: room.x, y: room.y, width: fit.mapCells.width, height: fit.mapCells.height))
      y += fit.mapCells.height + 1
    }
    guard let explanation, e.layer > 0 else {
      if explanation == nil { put("explaining…", bold: false) }
      return
    }
    // 2. The previous layer's maps it reads, the window outlined on each; a page of them at
    // a time when they do not all fit, the page holding the map whose arithmetic is at the
    // top of the text (PgDn walks through them), that map's label highlighted.
    let previous = trace.layers[e.layer - 1]
    put(explanation.source)
    if !previous.isVector, !explanation.previousMaps.isEmpty, e.layer > 1 || previous.channels > 0 {
      let maps = explanation.previousMaps
      // One row of them at native size (and the page line) comes before the input picture,
      // which shrinks or goes when the column is short.
      let tileRows = mode.cells(for: Size(width: previous.width, height: previous.height)).height + 1
      let available = area.bottom - y
      let spare = available - inputRows(e, trace: trace, mode: mode) - 1
      let room = Rect(x: area.x, y: y, width: area.width, height: max(0, spare >= tileRows ? spare : min(available, tileRows + 1)))
      let grid = HeatmapGrid(count: maps.count, mapRows: previous.height, mapCols: previous.width,
                             area: Size(width: room.width, height: room.height), mode: mode, maxZoom: 6)
      let marks = explanation.previousField.map { [HeatmapMark(rows: $0.rows, cols: $0.cols, color: color)] } ?? []
      let prevState = ExploreState.previewing(e, layer: e.layer - 1)
      let reading = explanation.mapInView(firstLine: firstLine)
      let page = maps.count > grid.perPage ? reading / grid.perPage : 0
      let onPage = Array(maps.dropFirst(page * grid.perPage).prefix(grid.perPage))
      for (slot, m) in onPage.enumerated() {
        let tile = grid.tile(slot, origin: Point(x: room.x, y: room.y)).intersection(room)
        guard tile.height >= 2 else { break }
        let isRead = maps.count > 1 && page * grid.perPage + slot == reading && explanation.mapLines.contains { $0 != nil }
        frame.buffer.put("#\(m)", at: Point(x: tile.x, y: tile.y), style: isRead ? Style(bold: true, reverse: true) : Style(dim: true),
                         clippedTo: tile)
        let mapRoom = grid.mapRect(slot, origin: Point(x: room.x, y: room.y)).intersection(room)
        if e.layer - 1 == 0, trace.inputRGB != nil, previous.channels == 3 {
          ExploreInputPicture.render(trace, input: previous, marks: marks, in: mapRoom, into: &frame)
        } else {
          frame.render(ExploreMapsView.heatmap(prevState, trace: trace, layer: previous, map: m, frame: frame, marks: marks),
                       in: mapRoom)
        }
      }
      y += min(room.height, ((onPage.count + grid.columns - 1) / grid.columns) * grid.tileHeight)
      if onPage.count < maps.count {
        let start = page * grid.perPage
        let which = onPage.count == 1 ? "map \(start + 1)" : "maps \(start + 1)–\(start + onPage.count)"
        put("\(which) of the \(maps.count) it reads; pgdn/pgup page with the arithmetic", bold: false)
      }
    }
    // 3. The input image with the receptive field.
    guard let input = trace.layers.first, y + 3 < area.bottom, e.layer > 1 || previous.isVector else { return }
    if let field = explanation.imageField {
      put("sees input rows \(field.rows.lowerBound)–\(field.rows.upperBound), cols \(field.cols.lowerBound)–\(field.cols.upperBound)"
        + " (\(field.rows.count)×\(field.cols.count))")
      let marks = [HeatmapMark(rows: field.rows, cols: field.cols, color: color)]
      ExploreInputPicture.render(trace, input: input, marks: marks,
                                 in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y), into: &frame)
    }
  }
}

extension ExploreState {
  /// The same state looking at another layer (to colour that layer's maps as the grid would).
  static func previewing(_ e: ExploreState, layer: Int) -> ExploreState {
    var copy = e
    copy.layer = layer
    return copy
  }
}
