import TerminalUI

/// The right-hand panel: the input picture (in colour when it is a photo), what it is, its
/// true label, and the prediction.
enum ExploreSidePanel {
  static func render(_ e: ExploreState, trace: ExploreTrace, in area: Rect, into frame: inout Frame) {
    guard area.height >= 4, let input = trace.layers.first else { return }
    var y = area.y
    frame.buffer.put(ExploreView.text("Input: \(e.input.title)", frame), at: Point(x: area.x, y: y), style: Style(bold: true),
                     clippedTo: area)
    y += 1
    if let label = trace.trueLabel {
      frame.buffer.put(ExploreView.text("true label: \(trace.classLabel(label))", frame), at: Point(x: area.x, y: y), clippedTo: area)
      y += 1
    }
    let room = Rect(x: area.x, y: y, width: area.width, height: max(0, min(area.height / 2, area.bottom - y - 4)))
    let drawn = ExploreInputPicture.render(trace, input: input, marks: [], in: room, into: &frame)
    y += drawn.height
    if e.isLoading {
      frame.buffer.put(ExploreView.text("computing…", frame), at: Point(x: area.x, y: y), style: Style(dim: true), clippedTo: area)
    }
    y += 1
    guard let best = trace.predicted, y < area.bottom else { return }
    // The probability is on the bar below: a narrow panel keeps the label and the check.
    var text = "Prediction: \(trace.classLabel(best))"
    if let truth = trace.trueLabel { text += truth == best ? " ✓" : " ✗ wrong" }
    frame.buffer.put(ExploreView.text(text, frame), at: Point(x: area.x, y: y), style: Style(bold: true), clippedTo: area)
    y += 1
    let barRows = min(trace.top.count, 5, max(0, area.bottom - y))
    let bars = trace.top.prefix(barRows).map { BarChart.Bar(trace.classLabel($0.index), $0.probability) }
    let texts = trace.top.prefix(barRows).map { ExploreView.text(trace.probabilityText($0.index), frame) }
    frame.render(BarChart(bars: Array(bars), maxValue: 1, format: .texts(Array(texts)), highlighted: 0, unicode: frame.unicode),
                 in: Rect(x: area.x, y: y, width: area.width, height: barRows))
  }
}

/// The network input as a picture: a photo in colour, a digit as a heatmap, at a whole
/// enlargement or reduction that fits, with marks (the receptive field) ringed.
enum ExploreInputPicture {
  @discardableResult
  static func render(_ trace: ExploreTrace, input: ExploreLayerTrace, marks: [HeatmapMark], in room: Rect,
                     into frame: inout Frame) -> Size {
    guard room.width > 0, room.height > 0 else { return .zero }
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let fit = HeatmapGrid(count: 1, mapRows: input.height, mapCols: input.width,
                          area: Size(width: room.width, height: room.height), mode: mode, labelRows: 0)
    let area = Rect(x: room.x, y: room.y, width: fit.mapCells.width, height: fit.mapCells.height).intersection(room)
    if let rgb = trace.inputRGB {
      frame.render(ColorImage(rgb: rgb, rows: input.height, cols: input.width, colorDepth: frame.colorDepth,
                              unicode: frame.unicode, marks: marks), in: area)
    } else {
      // A digit: its first channel (the small AlexNet's three are copies of it).
      frame.render(Heatmap(values: Array(input.map(0)), rows: input.height, cols: input.width,
                           scale: Scale(min: Double(input.min), max: Double(input.max)), colorMap: frame.palette.sequential,
                           colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true, marks: marks), in: area)
    }
    return Size(width: area.width, height: area.height)
  }
}
