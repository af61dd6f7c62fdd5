import TerminalUI

/// The right-hand panel: the input image, what it is, the top classes, the inspector.
enum ExploreSidePanel {
  static func render(_ e: ExploreState, trace: ExploreTrace, in area: Rect, into frame: inout Frame) {
    guard area.height >= 4, let input = trace.layers.first else { return }
    var y = area.y
    frame.buffer.put("Input: \(e.input.title)", at: Point(x: area.x, y: y), style: Style(bold: true), clippedTo: area)
    y += 1
    // The input as grey levels (a photo's channels averaged), small.
    let plane = input.height * input.width
    var grey = [Float](repeating: 0, count: plane)
    for c in 0..<input.channels {
      for i in 0..<plane { grey[i] += input.values[c * plane + i] / Float(input.channels) }
    }
    let thumbHeight = min(8, max(0, (area.bottom - y) / 3))
    let thumb = Rect(x: area.x, y: y, width: min(area.width, 16), height: thumbHeight)
    frame.render(Heatmap(values: grey, rows: input.height, cols: input.width, colorDepth: frame.colorDepth), in: thumb)
    y += thumbHeight
    if e.isLoading {
      frame.buffer.put("computing…", at: Point(x: area.x, y: y), style: Style(dim: true), clippedTo: area)
    }
    y += 1
    if let best = trace.top.first, y < area.bottom {
      let text = "Prediction: \(ExploreMapsView.label(best)) \(NumberText.percent(best.probability))"
      frame.buffer.put(text, at: Point(x: area.x, y: y), style: Style(bold: true), clippedTo: area)
      y += 1
    }
    let barRows = min(trace.top.count, e.isInspectorOpen ? 3 : 5, max(0, area.bottom - y))
    let bars = trace.top.prefix(barRows).map { BarChart.Bar(ExploreMapsView.label($0), $0.probability) }
    frame.render(BarChart(bars: Array(bars), highlighted: 0, unicode: frame.unicode),
                 in: Rect(x: area.x, y: y, width: area.width, height: barRows))
    y += barRows + 1
    guard e.isInspectorOpen, y < area.bottom else { return }
    frame.buffer.put("Inspector", at: Point(x: area.x, y: y), style: Style(bold: true, underline: true), clippedTo: area)
    y += 1
    let lines = e.inspectorLines.isEmpty ? ["explaining…"] : e.inspectorLines
    let room = Rect(x: area.x, y: y, width: area.width, height: max(0, area.bottom - y))
    let wrapped = lines.flatMap { Paragraph($0).lines(width: room.width).isEmpty ? [""] : wrap($0, room.width) }
    for (i, line) in wrapped.prefix(room.height).enumerated() {
      frame.buffer.put(line, at: Point(x: room.x, y: room.y + i), clippedTo: room)
    }
  }

  /// Cuts a line into pieces of at most `width` columns (the inspector's lines are pre-wrapped
  /// to the panel width, so this only catches stragglers).
  private static func wrap(_ line: String, _ width: Int) -> [String] {
    var result: [String] = []
    var current = ""
    for ch in line {
      if current.displayWidth + ch.displayWidth > width {
        result.append(current)
        current = ""
      }
      current.append(ch)
    }
    result.append(current)
    return result
  }
}
