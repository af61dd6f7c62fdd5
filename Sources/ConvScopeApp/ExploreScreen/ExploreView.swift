import ConvEngine
import TerminalUI

/// Draws the Explore screen: the architecture strip, the current layer's maps (grid, zoom,
/// kernels, unit strip or the output), the explain view, the overview, and a side panel with
/// the input, the prediction and the true label. Reads only `ExploreState`; every number
/// comes from the engine's trace or explanation.
enum ExploreView {
  static func render(_ state: AppState, in body: Rect, into frame: inout Frame) {
    let e = state.explore
    let layout = ExploreLayout(body: body, presenting: state.isPresenting)
    frame.render(Block(title: text(title(e), frame), unicode: frame.unicode), in: layout.block)
    guard let trace = e.trace, let layer = e.currentLayer else {
      renderLoading(e, layout: layout, into: &frame)
      return
    }
    renderStrip(trace, current: e.layer, in: layout.strip, into: &frame)
    if let prompt = e.prompt {
      ExplorePromptView.render(prompt, in: layout.info, into: &frame)
    } else {
      renderInfo(e, trace: trace, layer: layer, state: state, in: layout.info, into: &frame)
    }
    renderNotice(e, trace: trace, in: layout.notice, into: &frame)
    if e.isDrawing {
      ExploreCanvasView.render(e.canvas, penDown: e.isPenDown, in: layout.main, into: &frame)
    } else if e.isOverview {
      ExploreOverviewView.render(e, trace: trace, in: layout.main.union(layout.side), into: &frame)
      return
    } else if e.isInspectorOpen {
      ExploreExplainView.render(e, trace: trace, layer: layer, layout: layout, presenting: state.isPresenting, into: &frame)
      return
    } else if e.showsKernels, state.isPresenting {
      // One filter at a time, large, where the grid and the side panel would be.
      ExploreKernelsView.renderPresented(e, layer: layer, in: layout.main.union(layout.side), into: &frame)
      return
    } else if e.showsKernels {
      ExploreMapsView.renderKernels(layer, in: layout.main, into: &frame)
    } else if e.layer == trace.layers.count - 1 {
      // The output view shows the prediction itself: it takes the side panel's place, except
      // while the time-lapse scrubber shows a frame (its panel is beside every layer).
      let lapse = e.scrub.isActive ? ExploreScreen.timeLapse(state) : nil
      if state.isPresenting, lapse == nil {
        ExploreOutputView.renderPresented(e, trace: trace, in: layout.main.union(layout.side), into: &frame)
        return
      }
      ExploreOutputView.render(e, trace: trace, layer: layer, in: lapse == nil ? layout.main.union(layout.side) : layout.main,
                               into: &frame)
      if let lapse { ExploreTimeLapsePanel.render(state, lapse: lapse, in: layout.side, into: &frame) }
      return
    } else if layer.isVector, state.isPresenting {
      // One thing at a time: the units across the grid's and the side panel's room.
      ExploreMapsView.renderUnits(e, trace: trace, layer: layer, in: layout.main.union(layout.side), presenting: true,
                                  into: &frame)
      return
    } else if layer.isVector {
      ExploreMapsView.renderUnits(e, trace: trace, layer: layer, in: layout.main, into: &frame)
    } else if e.isZoomed {
      ExploreMapsView.renderZoom(e, trace: trace, layer: layer, in: layout.main, into: &frame)
    } else if state.isPresenting {
      // One thing at a time: the selected map where the grid and the side panel would be.
      ExploreMapsView.renderPresented(e, trace: trace, layer: layer, in: layout.main.union(layout.side), into: &frame)
      return
    } else {
      ExploreMapsView.renderGrid(e, trace: trace, layer: layer, mode: state.pixelMode, in: layout.main, into: &frame)
    }
    if e.scrub.isActive, let lapse = ExploreScreen.timeLapse(state) {
      ExploreTimeLapsePanel.render(state, lapse: lapse, in: layout.side, into: &frame)
    } else if let live = trace.live {
      ExploreLivePanel.render(e, trace: trace, live: live, layer: layer, in: layout.side, into: &frame)
    } else {
      ExploreSidePanel.render(e, trace: trace, in: layout.side, into: &frame)
    }
  }

  /// While a model loads: what is happening, how big it is, a spinner that moves with time.
  static func renderLoading(_ e: ExploreState, layout: ExploreLayout, into frame: inout Frame) {
    let area = layout.strip.union(layout.main)
    if let error = e.error {
      frame.render(Paragraph(text("Could not run the forward pass: \(error)\n\nPress m for the next model, o to open an image file.", frame)),
                   in: e.prompt == nil ? area : layout.main)
    } else {
      let spin = frame.unicode ? ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] : ["|", "/", "-", "\\"]
      let mark = spin[e.loadingTicks % spin.count]
      let seconds = Double(e.loadingTicks) * 0.05
      var lines = ["\(mark) Loading \(e.model): building the network, "
        + (e.weightsFile == nil && e.isAlexNet ? "seeding its weights" : "loading its weights")
        + ", one forward pass on \(e.input.title)…  \(String(format: "%.1f", seconds)) s"]
      if let spec = e.shownSpec {
        lines.append("\(spec.title): \(spec.layers.count) layers, input \(spec.input.c)×\(spec.input.h)×\(spec.input.w)")
      }
      frame.render(Paragraph(text(lines.joined(separator: "\n"), frame)), in: e.prompt == nil ? area : layout.main)
    }
    if let prompt = e.prompt { ExplorePromptView.render(prompt, in: layout.info, into: &frame) }
  }

  /// The block title: model and where its weights came from ("UNTRAINED" when seeded).
  static func title(_ e: ExploreState) -> String {
    guard let trace = e.trace else { return " Explore · \(e.modelTitle) " }
    if let live = trace.live {
      // The run's own model: it may not be the one Explore had open.
      return " Explore · \(trace.model) · live · step \(live.step.grouped) · run \(live.runID)\(live.isFinal ? " (ended)" : "") "
    }
    // A user's file by its name: which of their checkpoints is on screen matters.
    let userFile = trace.userWeightsFile.map { "weights " + $0.fileName }
    let trained = trace.weightsDataset.map { "trained on \(ExploreTrace.datasetTitle($0))" } ?? "trained weights"
    let weights = trace.isUntrained ? "UNTRAINED weights" : userFile ?? trained
    // The catalog name, not the long title, so "UNTRAINED" survives an 80-column title bar.
    return " Explore · \(e.modelTitle) · \(weights) "
  }

  /// Text as this terminal can show it (ASCII words for symbols without Unicode).
  static func text(_ s: String, _ frame: Frame) -> String { ASCIIText.fitting(s, unicode: frame.unicode) }

  /// `input → C1 → S2 → …` with the current layer's shape; scrolled whole entries at a time
  /// so that no name is ever cut, with `…` where entries are left out.
  static func renderStrip(_ trace: ExploreTrace, current: Int, in area: Rect, into frame: inout Frame) {
    guard !area.isEmpty else { return }
    let arrow = frame.unicode ? " → " : " > "
    let more = frame.unicode ? "… " : ".. "
    let entries = trace.layers.enumerated().map { i, layer in
      text(i == current ? " \(layer.name) \(layer.shapeText) " : layer.name, frame)
    }
    func width(_ range: Range<Int>) -> Int {
      range.reduce(0) { $0 + entries[$1].displayWidth } + max(0, range.count - 1) * arrow.count
        + (range.lowerBound > 0 ? more.count : 0) + (range.upperBound < entries.count ? more.count + arrow.count : 0)
    }
    // Grow a window around the current layer, right first, while it fits.
    var lo = current, hi = current + 1
    while true {
      if hi < entries.count, width(lo..<(hi + 1)) <= area.width { hi += 1; continue }
      if lo > 0, width((lo - 1)..<hi) <= area.width { lo -= 1; continue }
      break
    }
    var x = area.x
    if lo > 0 { x += frame.buffer.put(more, at: Point(x: x, y: area.y), style: Style(dim: true), clippedTo: area) }
    for i in lo..<hi {
      if i > lo { x += frame.buffer.put(arrow, at: Point(x: x, y: area.y), clippedTo: area) }
      let style = i == current ? Style(bold: true, reverse: true) : Style()
      x += frame.buffer.put(entries[i], at: Point(x: x, y: area.y), style: style, clippedTo: area)
    }
    if hi < entries.count {
      x += frame.buffer.put(arrow, at: Point(x: x, y: area.y), clippedTo: area)
      frame.buffer.put(more, at: Point(x: x, y: area.y), style: Style(dim: true), clippedTo: area)
    }
  }

  /// "C3 · conv · 16×10×10 · maps 0–15 of 16 at 3× · scale: layer  -0.3 ▀▀▀ 1.2"
  static func renderInfo(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, state: AppState, in area: Rect,
    into frame: inout Frame
  ) {
    guard !area.isEmpty else { return }
    let used = frame.buffer.put(text(info(e, layer: layer, state: state), frame), at: Point(x: area.x, y: area.y), clippedTo: area)
    // The kernels have their own range, symmetric about 0 (the maps' would mislead there),
    // and RGB kernels none.
    let legend = e.showsKernels && layer.kernelSize > 0 && !layer.kernels.isEmpty
      ? ExploreMapsView.kernelLegend(layer, palette: frame.palette)
      : ExploreMapsView.colouring(e, trace: trace, layer: layer, map: e.selectedMap, palette: frame.palette)
    let legendWidth = min(30, area.width - used)
    guard legendWidth >= 12, showsLegend(e, trace: trace, layer: layer), let (scale, map) = legend else { return }
    frame.render(
      HeatmapLegend(scale: scale, colorMap: map, colorDepth: frame.colorDepth, unicode: frame.unicode),
      in: Rect(x: area.right - legendWidth, y: area.y, width: legendWidth, height: 1))
  }

  /// Whether the info line's colour legend applies: not to the output's class scores.
  static func showsLegend(_ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace) -> Bool {
    !layer.isVector || e.layer < trace.layers.count - 1
  }

  /// The info line's text (the legend goes after it): also the title of an exported panel.
  static func info(_ e: ExploreState, layer: ExploreLayerTrace, state: AppState) -> String {
    var info = "\(layer.name) · \(layer.kind) · \(layer.shapeText)"
    if e.showsKernels {
      let depth = layer.kernelChannels == 3 ? "×3 (RGB)" : ""
      info += layer.kernelSize > 0 ? " · \(layer.kernelCount) kernels \(layer.kernelSize)×\(layer.kernelSize)\(depth)" : ""
      if state.isPresenting, layer.kernelSize > 0, !layer.kernels.isEmpty {
        info += " · filter \(min(e.selectedMap, layer.channels - 1)) of \(layer.channels) (↑/↓)"
      }
    } else if e.isInspectorOpen {
      info += layer.isVector ? " · explain unit \(e.selectedMap)" : " · explain map \(e.selectedMap) (y \(e.cursorY), x \(e.cursorX))"
    } else if !layer.isVector, state.isPresenting, !e.isZoomed {
      info += " · map \(e.selectedMap) of \(layer.channels) (↑/↓)"
    } else if !layer.isVector {
      let maps = ExploreLayout(size: state.size).maps(for: layer, mode: state.pixelMode)
      let grid = maps.grid
      let first = e.page * grid.perPage
      let last = min(layer.channels, first + grid.perPage)
      let size = grid.shrink > 1 ? "1/\(grid.shrink) size" : "\(grid.zoom)×"
      info += e.isZoomed ? " · map \(e.selectedMap) (y \(e.cursorY), x \(e.cursorX))"
        : " · maps \(first)–\(last - 1) of \(layer.channels) at \(size)" + (maps.focus.map { ", map \(e.selectedMap) at \($0.zoom)×" } ?? "")
    }
    return info + " · scale: \(e.scaleMode.rawValue) "
  }

  /// One line of warning: weights from another dataset, or untrained weights and why.
  static func renderNotice(_ e: ExploreState, trace: ExploreTrace, in area: Rect, into frame: inout Frame) {
    guard !area.isEmpty else { return }
    var notice: String?
    if let warning = trace.datasetWarning {
      notice = "! " + warning
    } else if trace.isUntrained, e.isModelFile {
      notice = "! untrained: seeded weights; train it on Train (2), then R here follows the run"
    } else if trace.isUntrained {
      notice = "! untrained: no ImageNet here to train it on; load real weights with convscope --weights FILE "
        + "(a torchvision state dict saved as safetensors, see README)"
    }
    guard let notice else { return }
    frame.buffer.put(text(notice, frame), at: Point(x: area.x, y: area.y), style: Style(fg: .yellow, bold: true), clippedTo: area)
  }
}

extension Rect {
  /// The smallest rectangle holding both.
  func union(_ other: Rect) -> Rect {
    let x0 = min(x, other.x), y0 = min(y, other.y)
    return Rect(x: x0, y: y0, width: max(right, other.right) - x0, height: max(bottom, other.bottom) - y0)
  }
}
