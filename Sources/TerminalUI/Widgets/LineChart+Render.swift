extension LineChart: Widget {
  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    let legendRows = showsLegend && !series.isEmpty && area.height > 3 ? 1 : 0
    if legendRows == 1 { renderLegend(in: area.row(0), into: &buffer) }
    let body = area.inset(top: legendRows)
    let range = effectiveYRange
    // Rows: plot…, axis line, x labels (dropped first when space is short).
    let xLabelRows = body.height >= 4 ? 1 : 0
    let plotHeight = body.height - 1 - xLabelRows
    guard plotHeight >= 1 else { return }
    let ticks = yTicks(range: range, rows: plotHeight)
    let labelWidth = ticks.map { $0.label.displayWidth }.max() ?? 0
    let plot = Rect(
      x: body.x + labelWidth + 1, y: body.y, width: body.width - labelWidth - 1, height: plotHeight)
    guard plot.width >= 1 else { return }
    renderAxes(plot: plot, labelWidth: labelWidth, ticks: ticks, into: &buffer)
    if xLabelRows == 1 { renderXLabels(plot: plot, into: &buffer) }

    var canvas = DotCanvas(width: plot.width, height: plot.height, braille: unicode)
    let xRange = effectiveXRange
    let span = xRange.upperBound - xRange.lowerBound
    for s in series {
      var previous: (x: Int, y: Int)?
      for (i, value) in s.values.enumerated() {
        guard let t = fraction(value, in: range), xRange.contains(self.x(of: i, in: s)) else {
          previous = nil  // a gap in the data (or the edge of a zoom) breaks the line
          continue
        }
        let x = Int(((self.x(of: i, in: s) - xRange.lowerBound) / span * Double(canvas.dotsWide - 1)).rounded())
        let y = Int(((1 - t) * Double(canvas.dotsHigh - 1)).rounded())
        if let previous {
          canvas.line(from: previous, to: (x, y), color: s.color, glyph: s.asciiDot)
        } else {
          canvas.set(x: x, y: y, color: s.color, glyph: s.asciiDot)
        }
        previous = (x, y)
      }
    }
    canvas.render(at: Point(x: plot.x, y: plot.y), into: &buffer)
    renderMarkers(plot: plot, xRange: xRange, yRange: range, into: &buffer)
    renderMarks(plot: plot, xRange: xRange, into: &buffer)
  }

  /// Each marked series' glyph on its line every few columns, staggered between series so
  /// overlapping lines still show every glyph.
  private func renderMarkers(plot: Rect, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                             into buffer: inout ScreenBuffer) {
    let marked = series.filter { $0.marker != nil }
    guard !marked.isEmpty, plot.width >= 4 else { return }
    let spacing = max(4, plot.width / 8)
    let span = xRange.upperBound - xRange.lowerBound
    for (k, s) in marked.enumerated() {
      guard let marker = s.marker else { continue }
      var next = plot.x + (k * spacing) / marked.count
      for (i, value) in s.values.enumerated() {
        let x = self.x(of: i, in: s)
        guard xRange.contains(x), let t = fraction(value, in: yRange) else { continue }
        let column = plot.x + Int(((x - xRange.lowerBound) / span * Double(plot.width - 1)).rounded())
        guard column >= next else { continue }
        let row = plot.y + Int(((1 - t) * Double(plot.height - 1)).rounded())
        buffer[column, row] = Cell(marker, style: Style(fg: s.color, bold: true))
        next = column + spacing
      }
    }
  }

  /// Each mark: its symbol on the axis line under its x, and a dotted line up through the
  /// plot's empty cells (the curve stays readable where it passes).
  private func renderMarks(plot: Rect, xRange: ClosedRange<Double>, into buffer: inout ScreenBuffer) {
    let span = xRange.upperBound - xRange.lowerBound
    for mark in marks where xRange.contains(mark.x) {
      let column = plot.x + Int(((mark.x - xRange.lowerBound) / span * Double(plot.width - 1)).rounded())
      for y in plot.top..<plot.bottom where buffer[column, y].symbol == " " || buffer[column, y].symbol == "\u{2800}" {
        buffer[column, y] = Cell(unicode ? "┊" : ":", style: Style(fg: mark.color, dim: true))
      }
      buffer[column, plot.bottom] = Cell(mark.symbol, style: Style(fg: mark.color, bold: true))
    }
  }

  /// Tick rows (relative to the plot top) with their labels: top, bottom, and the middle
  /// when there is room for it to stand apart.
  private func yTicks(range: ClosedRange<Double>, rows: Int) -> [(row: Int, label: String)] {
    var ticks = [(row: 0, label: NumberText.compact(range.upperBound))]
    if rows >= 5 {
      ticks.append((row: (rows - 1) / 2, label: NumberText.compact(middle(of: range))))
    }
    if rows >= 2 { ticks.append((row: rows - 1, label: NumberText.compact(range.lowerBound))) }
    return ticks
  }

  private func renderAxes(
    plot: Rect, labelWidth: Int, ticks: [(row: Int, label: String)], into buffer: inout ScreenBuffer
  ) {
    let axisX = plot.x - 1
    let vertical: Character = unicode ? "│" : "|"
    for y in plot.top..<plot.bottom { buffer[axisX, y] = Cell(vertical, style: axisStyle) }
    for tick in ticks {
      buffer[axisX, plot.y + tick.row] = Cell(unicode ? "┤" : "+", style: axisStyle)
      let label = tick.label.fitted(to: labelWidth, alignment: .right)
      buffer.put(label, at: Point(x: axisX - labelWidth, y: plot.y + tick.row), style: axisStyle)
    }
    buffer[axisX, plot.bottom] = Cell(unicode ? "└" : "+", style: axisStyle)
    let horizontal: Character = unicode ? "─" : "-"
    for x in plot.left..<plot.right { buffer[x, plot.bottom] = Cell(horizontal, style: axisStyle) }
  }

  /// First and last x values under the ends of the axis, plus the middle if it fits; or
  /// round values with a unit (`xLabels`).
  private func renderXLabels(plot: Rect, into buffer: inout ScreenBuffer) {
    let count = series.map(\.values.count).max() ?? 0
    guard count > 0 else { return }
    if case .round(let unit) = xLabels {
      renderRoundXLabels(plot: plot, unit: unit, into: &buffer)
      return
    }
    let y = plot.bottom + 1
    let row = Rect(x: plot.x, y: y, width: plot.width, height: 1)
    let xRange = effectiveXRange
    let first = NumberText.compact(xRange.lowerBound)
    let last = NumberText.compact(xRange.upperBound)
    buffer.put(first, at: Point(x: plot.x, y: y), style: axisStyle, clippedTo: row)
    guard count > 1 || series.contains(where: { $0.xs != nil }), first.displayWidth + last.displayWidth + 1 <= plot.width
    else { return }
    buffer.put(
      last, at: Point(x: plot.right - last.displayWidth, y: y), style: axisStyle, clippedTo: row)
    let middle = NumberText.compact((xRange.lowerBound + xRange.upperBound) / 2)
    let middleX = plot.x + (plot.width - middle.displayWidth) / 2
    let clear = plot.x + first.displayWidth..<plot.right - last.displayWidth
    if middleX > clear.lowerBound, middleX + middle.displayWidth < clear.upperBound {
      buffer.put(middle, at: Point(x: middleX, y: y), style: axisStyle, clippedTo: row)
    }
  }

  /// Round x values (0, 0.5, 1, 1.5 … or 0, 200, 400 …) each centred under its column, no
  /// closer than two spaces, and the unit at the right end.
  private func renderRoundXLabels(plot: Rect, unit: String, into buffer: inout ScreenBuffer) {
    let y = plot.bottom + 1
    let row = Rect(x: plot.x - 1, y: y, width: plot.width + 1, height: 1)
    let xRange = effectiveXRange
    let span = xRange.upperBound - xRange.lowerBound
    let unitX = plot.right - unit.displayWidth
    let step = Self.roundStep(atLeast: span / Double(max(1, plot.width / 9)))
    var value = (xRange.lowerBound / step).rounded(.up) * step
    var free = row.x
    while value <= xRange.upperBound + step * 1e-9 {
      // `value` may carry a rounding error (0.30000000000000004): print the round number.
      let label = NumberText.compact((value / step).rounded() * step)
      let column = plot.x + Int(((value - xRange.lowerBound) / span * Double(plot.width - 1)).rounded())
      let start = max(row.x, column - label.displayWidth / 2)
      if start >= free, start + label.displayWidth < unitX - 1 {
        buffer.put(label, at: Point(x: start, y: y), style: axisStyle, clippedTo: row)
        free = start + label.displayWidth + 2
      }
      value += step
    }
    if unitX > free { buffer.put(unit, at: Point(x: unitX, y: y), style: axisStyle, clippedTo: row) }
  }

  /// `● train  ● test`, each marker in its series' colour (a series' own glyph when it has one).
  private func renderLegend(in row: Rect, into buffer: inout ScreenBuffer) {
    var spans: [Span] = []
    for (i, s) in series.enumerated() {
      if i > 0 { spans.append(Span("  ")) }
      spans.append(Span(s.marker.map { String($0) } ?? (unicode ? "●" : String(s.asciiDot)),
                        style: Style(fg: s.color, bold: s.marker != nil)))
      spans.append(Span(" " + s.name))
    }
    buffer.put(spans, at: Point(x: row.x, y: row.y), clippedTo: row)
  }
}
