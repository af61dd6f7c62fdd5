import TerminalUI

/// Draws the Explore screen: the architecture strip, the current layer's maps (grid, zoom,
/// kernels, unit strip or top-k bars), and a side panel with the input, the prediction and
/// the inspector. Reads only `ExploreState`; every number comes from the engine's trace.
enum ExploreView {
  static func render(_ state: AppState, in body: Rect, into frame: inout Frame) {
    let e = state.explore
    let layout = ExploreLayout(body: body)
    frame.render(Block(title: title(e), unicode: frame.unicode), in: layout.block)
    guard let trace = e.trace, let layer = e.currentLayer else {
      let text = e.error.map { "Could not run the forward pass: \($0)\n\nPress m for the next model, o to open an image file." }
        ?? "Running the forward pass of \(e.model)…"
      // Below the prompt row when one is open; an error naming a long path needs the rows.
      let top = e.prompt == nil ? layout.strip : layout.main
      frame.render(Paragraph(text), in: top.union(layout.main))
      if let prompt = e.prompt { ExplorePromptView.render(prompt, in: layout.info, into: &frame) }
      return
    }
    renderStrip(trace, current: e.layer, in: layout.strip, into: &frame)
    if let prompt = e.prompt {
      ExplorePromptView.render(prompt, in: layout.info, into: &frame)
    } else {
      renderInfo(e, trace: trace, layer: layer, size: state.size, in: layout.info, into: &frame)
    }
    if e.isDrawing {
      ExploreCanvasView.render(e.canvas, in: layout.main, into: &frame)
    } else if e.showsKernels {
      ExploreMapsView.renderKernels(layer, in: layout.main, into: &frame)
    } else if layer.isVector {
      ExploreMapsView.renderUnits(e, trace: trace, layer: layer, in: layout.main, into: &frame)
    } else if e.isZoomed {
      ExploreMapsView.renderZoom(e, trace: trace, layer: layer, in: layout.main, into: &frame)
    } else {
      ExploreMapsView.renderGrid(e, trace: trace, layer: layer, size: state.size, in: layout.main, into: &frame)
    }
    ExploreSidePanel.render(e, trace: trace, in: layout.side, into: &frame)
  }

  /// The block title: model and where its weights came from ("UNTRAINED" when seeded).
  static func title(_ e: ExploreState) -> String {
    guard let trace = e.trace else { return " Explore · \(e.model) " }
    // A user's file by its name: which of their checkpoints is on screen matters.
    let userFile = trace.userWeightsFile.map { "weights " + ($0.split(separator: "/").last.map(String.init) ?? $0) }
    let weights = trace.isUntrained ? "UNTRAINED weights" : userFile ?? "trained weights"
    // The catalog name, not the long title, so "UNTRAINED" survives an 80-column title bar.
    // A width-reduced model keeps its catalog name, so the multiplier is added here.
    let width = e.model.split(separator: "@", maxSplits: 1).dropFirst().first.map { " width ×\($0)" } ?? ""
    return " Explore · \(trace.model)\(width) · \(weights) "
  }

  /// `input → C1 → S2 → …` scrolled so that the current layer is visible.
  static func renderStrip(_ trace: ExploreTrace, current: Int, in area: Rect, into frame: inout Frame) {
    guard !area.isEmpty else { return }
    let arrow = frame.unicode ? " → " : " > "
    var spans: [(String, Bool)] = []
    for (i, layer) in trace.layers.enumerated() {
      if i > 0 { spans.append((arrow, false)) }
      spans.append((i == current ? " \(layer.name) \(layer.shapeText) " : layer.name, i == current))
    }
    // Start far enough right that the current entry ends inside the row.
    var end = 0
    for (i, span) in spans.enumerated() {
      end += span.0.displayWidth
      if span.1 { break }
      _ = i
    }
    var skip = max(0, end - area.width + 4)
    var x = area.x
    for (text, selected) in spans {
      var shown = text
      if skip > 0 {
        let drop = min(skip, text.count)
        shown = String(text.dropFirst(drop))
        skip -= drop
      }
      let style = selected ? Style(bold: true, reverse: true) : Style()
      x += frame.buffer.put(shown, at: Point(x: x, y: area.y), style: style, clippedTo: area)
    }
  }

  /// "C3 · conv · 16×10×10 · maps 1–12 of 16 · scale: layer  -0.3 ▀▀▀ 1.2"
  static func renderInfo(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, size: Size, in area: Rect,
    into frame: inout Frame
  ) {
    guard !area.isEmpty else { return }
    var text = "\(layer.name) · \(layer.kind) · \(layer.shapeText)"
    if e.showsKernels {
      text += layer.kernelSize > 0 ? " · \(layer.channels) kernels \(layer.kernelSize)×\(layer.kernelSize)" : ""
    } else if !layer.isVector {
      let perPage = e.mapsPerPage(size: size)
      let first = e.page * perPage
      let last = min(layer.channels, first + perPage)
      text += e.isZoomed ? " · map \(e.selectedMap) (y \(e.cursorY), x \(e.cursorX))" : " · maps \(first)–\(last - 1) of \(layer.channels)"
    }
    text += " · scale: \(e.scaleMode.rawValue) "
    let used = frame.buffer.put(text, at: Point(x: area.x, y: area.y), clippedTo: area)
    let scale = ExploreMapsView.scale(e, trace: trace, layer: layer, map: e.selectedMap)
    let legendWidth = min(30, area.width - used)
    guard legendWidth >= 12 else { return }
    frame.render(
      HeatmapLegend(scale: scale, colorMap: .viridis, colorDepth: frame.colorDepth),
      in: Rect(x: area.right - legendWidth, y: area.y, width: legendWidth, height: 1))
  }
}

extension Rect {
  /// The smallest rectangle holding both.
  func union(_ other: Rect) -> Rect {
    let x0 = min(x, other.x), y0 = min(y, other.y)
    return Rect(x: x0, y: y0, width: max(right, other.right) - x0, height: max(bottom, other.bottom) - y0)
  }
}
