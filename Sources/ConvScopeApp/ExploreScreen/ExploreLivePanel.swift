import ConvEngine
import TerminalUI

/// The right-hand panel while Explore follows a training run: the gradient of the loss with
/// respect to the selected map (blue where raising the value would lower the loss, red where
/// it would raise it), and the run's update-to-weight ratios per layer with the verdict on
/// them, in place of the input and prediction panel.
enum ExploreLivePanel {
  static func render(
    _ e: ExploreState, trace: ExploreTrace, live: ExploreLive, layer: ExploreLayerTrace, in area: Rect,
    into frame: inout Frame
  ) {
    guard area.height >= 4, area.width >= 12 else { return }
    var y = area.y
    func line(_ s: String, _ style: Style = Style()) {
      guard y < area.bottom else { return }
      frame.buffer.put(ExploreView.text(s, frame), at: Point(x: area.x, y: y), style: style, clippedTo: area)
      y += 1
    }
    let ended = live.isFinal ? " (ended)" : ""
    line("Run \(live.runID) · step \(live.step.grouped)\(ended)", Style(bold: true))
    line("loss \(NumberFormat.significant(live.loss)) against \(trace.classLabel(live.label))")
    // The gradient picture first (as tall as the map needs, title and legend included), the
    // table under it, and the sentence on the flagged (or this) layer's ratio last. The
    // sentence is kept whole: the picture gives up rows for it, down to a small picture; on a
    // short panel (80×24) the sentence is the short one and the blank row above the table goes.
    let tableRows = live.ratios.count + 1
    let explained = live.explainedRatio(layer: layer.name)
    let pictureMinimum = layer.gradient.isEmpty ? 1 : 4  // title, two rows of map, legend
    var sentence = explained.map { TextWrapper.wrap($0.sentence, width: area.width) } ?? []
    var gap = 1
    if tableRows + gap + sentence.count + pictureMinimum > area.bottom - y {
      sentence = explained.map { TextWrapper.wrap($0.shortSentence, width: area.width) } ?? []
      gap = 0
    }
    // A map gets at least its native size, and up to half the panel to be enlarged in.
    let wanted = layer.isVector ? 6 : max((layer.height + 1) / 2 + 2, area.height / 2)
    let pictureRows = max(0, min(wanted, area.bottom - y - tableRows - gap - sentence.count))
    y = renderGradient(e, layer: layer, top: y, rows: pictureRows, in: area, into: &frame) + gap
    line("‖Δw‖/‖w‖ per step:", Style(bold: true))
    for row in live.ratios {
      let ratio = row.ratio.map { String(format: "%.1e", $0) } ?? "—"
      let verdict = switch row.health {
      case .healthy: "ok"
      case .dead: "DEAD"
      case .exploding: "EXPLODING"
      case .frozen: "frozen"
      case .noStep: "no step yet"
      case .zeroWeights: "all zero"
      }
      let text = row.layer.padding(toLength: max(6, row.layer.count), withPad: " ", startingAt: 0) + " "
        + ratio.padding(toLength: 8, withPad: " ", startingAt: 0) + verdict
      line(text, row.health.isFlagged ? Style(fg: .red, bold: true) : row.layer == layer.name ? Style(bold: true) : Style())
    }
    // Only whole: half a sentence says less than none.
    if sentence.count <= area.bottom - y { for text in sentence { line(text, Style(dim: true)) } }
  }

  /// The selected map's gradient (or the layer's, for units) on a scale symmetric about
  /// zero; returns the row below it.
  private static func renderGradient(
    _ e: ExploreState, layer: ExploreLayerTrace, top: Int, rows: Int, in area: Rect, into frame: inout Frame
  ) -> Int {
    var y = top
    guard !layer.gradient.isEmpty else {
      if rows > 0 {
        frame.buffer.put(ExploreView.text("the input has no gradient map (step right)", frame),
                         at: Point(x: area.x, y: y), style: Style(dim: true), clippedTo: area)
        y += 1
      }
      return y
    }
    guard rows >= 3 else { return y }
    let map = min(e.selectedMap, layer.channels - 1)
    let values = layer.isVector ? layer.gradient : Array(layer.gradientMap(map))
    let what = layer.isVector ? "\(layer.name) (\(layer.channels) units)" : "\(layer.name) map \(map)"
    frame.buffer.put(ExploreView.text("∂loss/∂\(what):", frame), at: Point(x: area.x, y: y), clippedTo: area)
    y += 1
    let scale = Scale.symmetric(values)
    let room = Rect(x: area.x, y: y, width: area.width, height: rows - 2)
    let heatmap: Heatmap
    if layer.isVector {
      // Units wrapped into rows as wide as the panel, one pixel each.
      let cols = max(1, min(area.width, values.count))
      let lines = (values.count + cols - 1) / cols
      let padded = values + [Float](repeating: .nan, count: lines * cols - values.count)
      heatmap = Heatmap(values: padded, rows: lines, cols: cols, scale: scale, colorMap: .blueWhiteRed,
                        colorDepth: frame.colorDepth, zoom: false, preserveAspect: false, unicode: frame.unicode)
    } else {
      heatmap = Heatmap(values: values, rows: layer.height, cols: layer.width, scale: scale, colorMap: .blueWhiteRed,
                        colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true)
    }
    let drawn = heatmap.renderedSize(in: room)
    frame.render(heatmap, in: room)
    y += drawn.height
    let legend = Rect(x: area.x, y: y, width: min(area.width, 30), height: 1)
    if legend.bottom <= area.bottom {
      frame.render(HeatmapLegend(scale: scale, colorMap: .blueWhiteRed, colorDepth: frame.colorDepth,
                                 unicode: frame.unicode), in: legend)
      y += 1
    }
    return y
  }
}
