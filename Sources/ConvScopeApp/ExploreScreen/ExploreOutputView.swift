import Foundation
import TerminalUI

/// The output layer: the prediction beside the true label, every class's probability with
/// the digits it takes, and for LeNet-5 (1998) the ten RBF distances as bars (the shortest
/// wins) with F6's 7×12 bitmap beside each class prototype.
enum ExploreOutputView {
  static func render(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame
  ) {
    guard area.height >= 4, let best = trace.predicted else { return }
    var y = area.y
    var headline = "Prediction: \(trace.classLabel(best)) (\(trace.probabilityText(best)))"
    if let truth = trace.trueLabel {
      headline += "   true label: \(trace.classLabel(truth)) " + (truth == best ? "✓" : "✗ wrong")
    }
    frame.buffer.put(ExploreView.text(headline, frame), at: Point(x: area.x, y: y), style: Style(bold: true), clippedTo: area)
    y += 2
    let classes = trace.probabilities.count
    let shown = classes <= 10 ? Array(0..<classes)
      : Array((0..<classes).sorted { trace.probabilities[$0] > trace.probabilities[$1] }.prefix(10))
    let labels = shown.map { trace.classLabel($0) }
    let labelWidth = min(22, (labels.map(\.count).max() ?? 4) + 1)
    let barArea = min(area.width, trace.scoresAreDistances ? max(30, area.width / 2 - 2) : area.width)
    if trace.scoresAreDistances {
      frame.buffer.put(ExploreView.text("RBF penalty y_i = Σ_j (F6_j − prototype_ij)²: the shortest wins; F6 and the prototypes →", frame),
                       at: Point(x: area.x, y: y), style: Style(underline: true), clippedTo: area)
      y += 1
      let bars = shown.map { BarChart.Bar(trace.classLabel($0), Double(trace.scores[$0])) }
      let nearest = shown.firstIndex(of: trace.scores.indices.min { trace.scores[$0] < trace.scores[$1] } ?? 0)
      let rows = min(bars.count, area.bottom - y)
      frame.render(BarChart(bars: Array(bars.prefix(rows)), format: .fixed4, highlighted: nearest, unicode: frame.unicode),
                   in: Rect(x: area.x, y: y, width: barArea, height: rows))
      y += rows + 1
    }
    if y < area.bottom {
      let what = trace.scoresAreDistances ? "probability (softmax of −penalty)" : classes > 10 ? "probability (top 10 of \(classes))" : "probability (softmax of the logits)"
      frame.buffer.put(ExploreView.text(what, frame), at: Point(x: area.x, y: y), style: Style(underline: true), clippedTo: area)
      y += 1
      let bars = shown.map { BarChart.Bar(trace.classLabel($0), trace.probabilities[$0]) }
      let rows = min(bars.count, max(0, area.bottom - y))
      let texts = shown.map { ExploreView.text(trace.probabilityText($0), frame) }
      frame.render(BarChart(bars: Array(bars.prefix(rows)), maxValue: 1, format: .texts(texts), highlighted: shown.firstIndex(of: best),
                            unicode: frame.unicode),
                   in: Rect(x: area.x, y: y, width: barArea, height: rows))
    }
    _ = labelWidth
    if trace.scoresAreDistances, trace.prototypeWidth == 7, let f6 = trace.layers.dropLast().last, f6.channels == 84 {
      let x0 = area.x + barArea + 2
      renderPrototypes(trace, f6: f6, in: Rect(x: x0, y: area.y + 3, width: max(0, area.right - x0), height: area.height - 3),
                       into: &frame)
    }
  }

  /// F6's output as a 7×12 bitmap, then each class's ±1 prototype with its distance.
  static func renderPrototypes(_ trace: ExploreTrace, f6: ExploreLayerTrace, in area: Rect, into frame: inout Frame) {
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let cells = mode.cells(for: Size(width: 7, height: 12))
    let tileW = cells.width + 2, tileH = cells.height + 2
    guard area.width >= tileW * 2, area.height >= tileH else { return }
    let scale = Scale(min: -1.7159, max: 1.7159)
    frame.buffer.put("F6", at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    frame.render(Heatmap(values: f6.values, rows: 12, cols: 7, scale: scale, colorMap: .blueWhiteRed,
                         colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true),
                 in: Rect(x: area.x, y: area.y + 1, width: cells.width, height: cells.height))
    let nearest = trace.scores.indices.min { trace.scores[$0] < trace.scores[$1] }
    let perRow = max(1, (area.width - tileW) / tileW)
    for c in 0..<min(10, trace.prototypes.count / 84) {
      let col = c % perRow, row = c / perRow
      let x = area.x + tileW + col * tileW, y = area.y + row * (tileH + 1)
      guard y + tileH <= area.bottom else { break }
      let label = "\(c) \(String(format: "%.0f", trace.scores[c]))"
      frame.buffer.put(label, at: Point(x: x, y: y), style: c == nearest ? Style(bold: true, reverse: true) : Style(dim: true),
                       clippedTo: area)
      frame.render(Heatmap(values: Array(trace.prototypes[(c * 84)..<((c + 1) * 84)]), rows: 12, cols: 7, scale: scale,
                           colorMap: .blueWhiteRed, colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true),
                   in: Rect(x: x, y: y + 1, width: cells.width, height: cells.height))
    }
  }
}
