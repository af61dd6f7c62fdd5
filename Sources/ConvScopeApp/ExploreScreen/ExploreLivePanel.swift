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
    let tableRows = live.ratios.count + 1
    let explained = live.explainedRatio(layer: layer.name)
    let heatmap = gradientHeatmap(e, layer: layer, width: area.width, frame: frame)
    // The picture at its data's size comes before the words: a 28×28 gradient drawn as 6×6
    // hides what it is there to show.
    let native = heatmap.map { $0.natural.renderedSize(in: Rect(x: 0, y: 0, width: area.width, height: 1_000)).height } ?? 0
    let plan = Plan.make(
      height: area.height, nativePicture: native, enlargedPicture: layer.isVector ? 4 : area.height / 2 - 2,
      tableRows: tableRows,
      long: explained.map { TextWrapper.wrap($0.sentence, width: area.width) } ?? [],
      short: explained.map { TextWrapper.wrap($0.shortSentence, width: area.width) } ?? [])
    if plan.runLine {
      let ended = live.isFinal ? " (ended)" : ""
      line("Run \(live.runID) · step \(live.step.grouped)\(ended)", Style(bold: true))
    }
    line("loss \(NumberFormat.significant(live.loss)) against \(trace.classLabel(live.label))")
    y = renderGradient(heatmap, layer: layer, top: y, rows: plan.pictureRows, legendInTitle: plan.legendInTitle,
                       in: area, into: &frame) + plan.gap
    let sentence = plan.sentence
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
  /// zero, drawn to fill (`heatmap`) and at one pixel per value (`natural`); nil for the input.
  struct GradientPicture {
    var title: String
    var heatmap: Heatmap
    var natural: Heatmap { var h = heatmap; h.zoom = false; return h }
  }

  private static func gradientHeatmap(_ e: ExploreState, layer: ExploreLayerTrace, width: Int, frame: Frame) -> GradientPicture? {
    guard !layer.gradient.isEmpty else { return nil }
    let map = min(e.selectedMap, layer.channels - 1)
    let values = layer.isVector ? layer.gradient : Array(layer.gradientMap(map))
    let what = layer.isVector ? "\(layer.name) (\(layer.channels) units)" : "\(layer.name) map \(map)"
    let scale = Scale.symmetric(values)
    if layer.isVector {
      // Units wrapped into rows as wide as the panel, one pixel each.
      let cols = max(1, min(width, values.count))
      let lines = (values.count + cols - 1) / cols
      let padded = values + [Float](repeating: .nan, count: lines * cols - values.count)
      return GradientPicture(title: "∂loss/∂\(what)", heatmap: Heatmap(
        values: padded, rows: lines, cols: cols, scale: scale, colorMap: frame.palette.diverging, colorDepth: frame.colorDepth,
        zoom: false, preserveAspect: false, unicode: frame.unicode))
    }
    return GradientPicture(title: "∂loss/∂\(what)", heatmap: Heatmap(
      values: values, rows: layer.height, cols: layer.width, scale: scale, colorMap: frame.palette.diverging,
      colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true))
  }

  /// Draws the picture in `rows` rows (title, map, legend; the legend's range joins the
  /// title when `legendInTitle`); returns the row below it.
  private static func renderGradient(
    _ picture: GradientPicture?, layer: ExploreLayerTrace, top: Int, rows: Int, legendInTitle: Bool, in area: Rect,
    into frame: inout Frame
  ) -> Int {
    var y = top
    guard let picture else {
      if rows > 0 {
        frame.buffer.put(ExploreView.text("the input has no gradient map (step right)", frame),
                         at: Point(x: area.x, y: y), style: Style(dim: true), clippedTo: area)
        y += 1
      }
      return y
    }
    let legendRows = legendInTitle ? 0 : 1
    guard rows >= 2 + legendRows else { return y }
    let scale = picture.heatmap.scale
    let range = "±" + NumberText.compact(scale.max)
    let title = legendInTitle
      ? String.firstFitting([picture.title + ": " + range, picture.title + " " + range, picture.title + ":"], width: area.width)
      : picture.title + ":"
    frame.buffer.put(ExploreView.text(title, frame), at: Point(x: area.x, y: y), clippedTo: area)
    y += 1
    let room = Rect(x: area.x, y: y, width: area.width, height: rows - 1 - legendRows)
    let drawn = picture.heatmap.renderedSize(in: room)
    frame.render(picture.heatmap, in: room)
    y += drawn.height
    let legend = Rect(x: area.x, y: y, width: min(area.width, 30), height: 1)
    if !legendInTitle, legend.bottom <= area.bottom {
      frame.render(HeatmapLegend(scale: scale, colorMap: frame.palette.diverging, colorDepth: frame.colorDepth,
                                 unicode: frame.unicode), in: legend)
      y += 1
    }
    return y
  }
}
