import ConvEngine
import Foundation
import TerminalUI

/// One picture for slides: the cells of a panel (drawn as the screen draws them, in full
/// colour) with a title row and, for heatmaps, their colour legend; and the heatmap itself as
/// pixels when the panel shows one. `focused(_:)` finds what the focused panel of a screen
/// is: Explore shows one thing at a time (the maps, a zoomed map, the kernels, the explain
/// view's arithmetic, the output, the overview); Compare its whole comparison; Train its
/// chart and the side panel `v` picks, as two pictures.
public struct PanelPicture {
  /// Names the file, with the stamp after it: "explore-C1-maps".
  public var name: String
  /// The SVG's title.
  public var title: String
  public var cells: ScreenBuffer
  public var heatmap: Heatmap?

  /// Values as pixels, and what they are ("C1: 6 maps of 28×28 at 5×").
  public struct Heatmap {
    public var image: RGBImage
    public var detail: String
  }

  public init(name: String, title: String, cells: ScreenBuffer, heatmap: Heatmap? = nil) {
    self.name = name
    self.title = title
    self.cells = cells
    self.heatmap = heatmap
  }

  public var svg: String { cells.svgText(title: "convscope · \(title)") }

  /// Writes `base.svg` (and `base.png`); returns what the status line says of them.
  func write(to base: String) throws -> String {
    try FileIO.writeAtomically(Array(svg.utf8), to: base + ".svg")
    guard let heatmap else { return base + ".svg" }
    try heatmap.image.writePNG(path: base + ".png")
    return base + ".svg and .png"
  }

  // MARK: - What is focused

  /// The pictures `e` (Train: `G`) saves on the screen shown; the whole screen where no panel
  /// has anything to show yet.
  public static func focused(_ state: AppState) -> [PanelPicture] {
    let (clean, buffer) = PictureExport.cleanFrame(state)
    let panels: [PanelPicture]
    switch state.screen {
    case .explore: panels = explore(clean, buffer: buffer).map { [$0] } ?? []
    case .compare: panels = compare(clean).map { [$0] } ?? []
    case .train: panels = train(clean, buffer: buffer)
    case .lessons: panels = []
    }
    return panels.isEmpty ? [screen(state)] : panels
  }

  /// The screen below the tab bar and above the footer (with a docked lesson), and on
  /// Explore the shown layer's maps as pixels.
  public static func screen(_ state: AppState) -> PanelPicture {
    let (clean, buffer) = PictureExport.cleanFrame(state)
    let body = RootView.layout(Rect(state.terminalSize)).body
    let e = clean.explore
    var title = state.screen.title
    var heatmap: Heatmap?
    if state.screen == .explore, let trace = e.trace, let layer = e.currentLayer {
      title = "Explore · \(e.model) · \(layer.name)"
      if !layer.isVector { heatmap = PictureExport.heatmapImage(e, trace: trace, layer: layer, maps: Array(0..<layer.channels), palette: state.palette) }
    }
    return PanelPicture(name: state.screen.title.lowercased(), title: title, cells: buffer.cropped(to: body), heatmap: heatmap)
  }

  /// Explore's main view, under the info line's text and, for heatmaps, their legend.
  static func explore(_ state: AppState, buffer: ScreenBuffer) -> PanelPicture? {
    let e = state.explore
    guard let trace = e.trace, let layer = e.currentLayer else { return nil }
    let layout = ExploreLayout(size: state.size, presenting: state.isPresenting)
    var info = ExploreView.info(e, layer: layer, state: state).trimmingCharacters(in: .whitespaces)
    let mapsLegend = ExploreMapsView.colouring(e, trace: trace, layer: layer, map: e.selectedMap, palette: state.palette)
    var kind: String
    var area = layout.main
    var legend: (Scale, ColorMap)? = ExploreView.showsLegend(e, trace: trace, layer: layer) ? mapsLegend : nil
    var heatmap: Heatmap?
    var body: ScreenBuffer?
    // A zoomed map's values as text under its picture.
    var values: ScreenBuffer?
    if e.isDrawing {
      kind = "drawing"
      info = "the drawing on the canvas (28×28)"
      legend = nil
    } else if e.isOverview {
      kind = "overview"
      info = "\(e.modelTitle): every layer"
      area = layout.main.union(layout.side)
      legend = nil
    } else if e.isInspectorOpen {
      kind = "\(layer.name)-explain"
      legend = nil
      body = e.currentExplanation.map { arithmetic($0, width: layout.explainText.width) }
      area = layout.explainText
    } else if e.showsKernels {
      kind = "\(layer.name)-kernels"
      legend = ExploreMapsView.kernelLegend(layer, palette: state.palette)
      heatmap = PictureExport.kernelImage(layer, palette: state.palette)
    } else if e.layer == trace.layers.count - 1 {
      kind = "output"
      if !e.scrub.isActive { area = layout.main.union(layout.side) }
    } else if layer.isVector {
      kind = "\(layer.name)-units"
    } else if e.isZoomed {
      kind = "\(layer.name)-map\(e.selectedMap)"
      heatmap = PictureExport.heatmapImage(e, trace: trace, layer: layer, maps: [e.selectedMap], palette: state.palette)
      values = mapValues(layer, map: e.selectedMap, cursor: (e.cursorY, e.cursorX))
    } else {
      kind = "\(layer.name)-maps"
      heatmap = PictureExport.heatmapImage(e, trace: trace, layer: layer, maps: Array(0..<layer.channels), palette: state.palette)
    }
    var content = (body ?? buffer.cropped(to: area)).trimmingBlankEdges()
    if let values {
      let width = max(content.width, values.width)
      content = ScreenBuffer.stacking([content, ScreenBuffer(width: width, height: 1), values], width: width)
    }
    let width = max(content.width, info.displayWidth, legend == nil ? 0 : 40)
    var header = [titleRow(info, width: width)]
    if let (scale, map) = legend {
      var row = ScreenBuffer(width: width, height: 1)
      HeatmapLegend(scale: scale, colorMap: map, colorDepth: .direct)
        .render(in: Rect(x: 0, y: 0, width: min(40, width), height: 1), into: &row)
      header.append(row)
    }
    header.append(ScreenBuffer(width: width, height: 1))
    return PanelPicture(name: "explore-" + fileSafe(kind), title: "Explore · \(e.modelTitle) · \(info)",
                        cells: ScreenBuffer.stacking(header + [content], width: width), heatmap: heatmap)
  }

  /// Every value of map `map` as text, four decimals as the explain view writes them, under a
  /// line saying what they are, with row numbers down the left and column numbers along the
  /// top; the cursor's value in reverse, as it is outlined on the picture.
  static func mapValues(_ layer: ExploreLayerTrace, map: Int, cursor: (y: Int, x: Int)) -> ScreenBuffer {
    let values = Array(layer.map(map))
    let texts = values.map { ExplanationText.number(Double($0)) }
    let cell = max(texts.map(\.count).max() ?? 1, "\(layer.width - 1)".count)
    let label = "\(layer.height - 1)".count
    let title = "map \(map)'s \(layer.height)×\(layer.width) values (row ↓, column →)"
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
    let width = max(title.displayWidth, label + layer.width * (cell + 1))
    var out = ScreenBuffer(width: width, height: layer.height + 2)
    out.put(title, at: Point(x: 0, y: 0), style: Style(bold: true))
    for x in 0..<layer.width {
      out.put(pad("\(x)", cell), at: Point(x: label + 1 + x * (cell + 1), y: 1), style: Style(dim: true))
    }
    for y in 0..<layer.height {
      out.put(pad("\(y)", label), at: Point(x: 0, y: y + 2), style: Style(dim: true))
      for x in 0..<layer.width {
        let isCursor = (y, x) == cursor
        out.put(pad(texts[y * layer.width + x], cell), at: Point(x: label + 1 + x * (cell + 1), y: y + 2),
                style: isCursor ? Style(bold: true, reverse: true) : Style())
      }
    }
    return out
  }

  /// The explain view's whole arithmetic (not just the lines in view), as the view draws it.
  static func arithmetic(_ explanation: ExploreExplanation, width: Int) -> ScreenBuffer {
    var out = ScreenBuffer(width: width, height: explanation.lines.count + 1)
    for (y, line) in explanation.lines.enumerated() {
      out.put(line, at: Point(x: 0, y: y), style: line.contains("engine") ? Style(bold: true) : Style())
    }
    out.put(explanation.agrees ? "engine agrees ✓" : "engine DIFFERS ✗", at: Point(x: 0, y: explanation.lines.count),
            style: Style(dim: explanation.agrees, reverse: !explanation.agrees))
    return out
  }

  /// Compare's whole comparison, every line (not just those in view), at the screen's width.
  static func compare(_ state: AppState) -> PanelPicture? {
    comparison(state.compare, width: CompareView.area(for: state.size).width)
  }

  /// A comparison as the Compare screen draws it at `width` columns, every line, with its
  /// measured speeds when it has them (`convscope export svg compare`).
  public static func comparison(_ c: ModelComparison, width: Int) -> PanelPicture {
    var compare = CompareState()
    compare.comparison = c
    compare.timing = c.timing
    // A comparison is always there to draw.
    return comparison(compare, width: width) ?? PanelPicture(name: "compare", title: "Compare", cells: ScreenBuffer(width: 1, height: 1))
  }

  static func comparison(_ compare: CompareState, width: Int) -> PanelPicture? {
    guard let c = compare.comparison else { return nil }
    let lines = CompareView.lines(compare, width: width, unicode: true)
    var content = ScreenBuffer(width: width, height: lines.count)
    for (y, line) in lines.enumerated() { content.put(line, at: Point(x: 0, y: y)) }
    let title = "\(c.left.name) vs \(c.right.name)"
    return PanelPicture(
      name: "compare-" + fileSafe("\(c.left.name)-\(c.right.name)"), title: "Compare · \(title)",
      cells: ScreenBuffer.stacking([titleRow("Compare · \(title)", width: width), ScreenBuffer(width: width, height: 1), content],
                                   width: width))
  }

  /// Train's two panels: the chart (curves, legend, marks and the epoch table) and the side
  /// panel `v` picks (the confusion matrix, the mistakes or the runs table).
  static func train(_ state: AppState, buffer: ScreenBuffer) -> [PanelPicture] {
    let t = state.train
    guard let p = t.progress else { return [] }
    let body = RootView.layout(Rect(state.size)).body
    let inner = Block(title: "").inner(body).inset(top: 0, left: 1, bottom: 0, right: 1)
    guard let (chart, side) = TrainView.panes(t, p, inner: inner) else { return [] }
    let top = TrainSideView.layout(t, p, in: side).panel
    let panel = Rect(x: side.x, y: top, width: side.width, height: side.bottom - top)
    let run = TrainView.title(t).trimmingCharacters(in: .whitespaces)
    func picture(_ kind: String, _ area: Rect, heatmap: Heatmap? = nil) -> PanelPicture {
      let content = buffer.cropped(to: area).trimmingBlankEdges()
      let title = "\(run) · \(kind)"
      let width = max(content.width, title.displayWidth)
      return PanelPicture(name: "train-\(kind)", title: title,
                          cells: ScreenBuffer.stacking([titleRow(title, width: width), ScreenBuffer(width: 1, height: 1), content],
                                                       width: width), heatmap: heatmap)
    }
    let confusion = t.panel == .confusion ? PictureExport.confusionImage(p.confusion, palette: state.palette) : nil
    return [picture(t.chart.rawValue, chart)] + (panel.height > 0 ? [picture(t.panel.rawValue, panel, heatmap: confusion)] : [])
  }

  /// A saved run's chart as Train draws it in `size` (`convscope export svg metrics`): the
  /// loss or accuracy curve with its legend, the marks of live changes, the epoch table.
  public static func metrics(_ record: RunRecord, chart: TrainState.Chart, size: Size) -> PanelPicture {
    var t = TrainState()
    t.chart = chart
    var frame = Frame(buffer: ScreenBuffer(size: size), colorDepth: .direct, unicode: true)
    TrainChartView.render(t, TrainProgress(record: record), in: Rect(size), into: &frame)
    let s = record.settings
    let title = "\(s.model) on \(s.dataset) · \(record.epochs.count) of \(s.epochs) epoch\(s.epochs == 1 ? "" : "s") · \(chart.rawValue)"
    let content = frame.buffer.trimmingBlankEdges()
    let width = max(content.width, title.displayWidth)
    return PanelPicture(name: "train-\(chart.rawValue)", title: "Train · \(title)",
                        cells: ScreenBuffer.stacking([titleRow(title, width: width), ScreenBuffer(width: 1, height: 1), content],
                                                     width: width))
  }

  /// A bold row of text.
  static func titleRow(_ text: String, width: Int) -> ScreenBuffer {
    var row = ScreenBuffer(width: width, height: 1)
    row.put(text, at: Point(x: 0, y: 0), style: Style(bold: true))
    return row
  }

  /// `text` with only letters, digits, `-`, `_` and `.` (a model file's layer may be named anything).
  static func fileSafe(_ text: String) -> String {
    String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
  }
}
