import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// How `forward --render` maps values to colours.
enum RenderScale: String, ExpressibleByArgument, CaseIterable {
  /// Every map from its own minimum to its maximum (shows each map's pattern).
  case map
  /// One range for the whole layer (maps compare with each other).
  case layer
  /// One range for every layer and the input (layers compare with each other).
  case global
}

/// Draws one layer's output of the last forward pass as text: a grid of labelled heatmaps
/// for maps, strips for vectors, and a legend, through TerminalUI's widgets and `ansiText`.
struct ForwardRender {
  /// Columns available.
  var width: Int
  var depth: ColorDepth
  var scaleMode: RenderScale
  /// The range of every layer's output and the input, for `--scale global`.
  var globalRange: (min: Float, max: Float)

  /// Whether the terminal takes Unicode (half blocks); otherwise coloured spaces or ASCII shades.
  var unicode = true
  /// The colour maps (`--palette`), as in the workbench.
  var palette = Palette.standard
  /// How pixels become cells: the workbench's rule.
  private var mode: PixelMode { PixelMode(depth: depth, unicode: unicode) }
  private var halfBlocks: Bool { mode == .halfBlock }

  // MARK: - Public entry points

  /// Every map (or unit) of one layer for one sample, with a title line and a legend.
  func layer(name: String, detail: String, values: [Float], shape: Shape) -> String {
    layerCells(name: name, detail: detail, values: values, shape: shape).ansiText(depth: depth)
  }

  /// `layer(…)` as cells (what `export svg forward` draws).
  func layerCells(name: String, detail: String, values: [Float], shape: Shape) -> ScreenBuffer {
    var blocks = [textBlock(["\(name): \(detail)"])]
    let vector = shape.h == 1 && shape.w == 1
    blocks.append(vector ? strip(values: values, maxLines: nil) : grid(values: values, shape: shape, maxRows: nil))
    blocks.append(legend(for: values, vector: vector))
    return ScreenBuffer.stacking(blocks, width: width)
  }

  /// One band per layer: the maps that fit on one row (or the units on two strip lines).
  func overview(layers: [(name: String, detail: String, values: [Float], shape: Shape)]) -> String {
    overviewCells(layers: layers).ansiText(depth: depth)
  }

  /// `overview(…)` as cells.
  func overviewCells(layers: [(name: String, detail: String, values: [Float], shape: Shape)]) -> ScreenBuffer {
    var blocks: [ScreenBuffer] = []
    for layer in layers {
      let vector = layer.shape.h == 1 && layer.shape.w == 1
      blocks.append(textBlock(["\(layer.name): \(layer.detail)"]))
      blocks.append(vector ? strip(values: layer.values, maxLines: 2)
        : grid(values: layer.values, shape: layer.shape, maxRows: 1))
      blocks.append(legend(for: layer.values, vector: vector))
      blocks.append(textBlock([""]))
    }
    return ScreenBuffer.stacking(blocks, width: width)
  }

  // MARK: - Scales

  /// Signed data gets the palette's diverging map centred on zero; one-signed data gets its
  /// sequential map (the workbench's rule, `ColorMap.colouring`).
  private func colours(for values: [Float]) -> (Scale, ColorMap) {
    let (low, high) = scaleMode == .global ? globalRange : (values.min() ?? 0, values.max() ?? 0)
    return ColorMap.colouring(low: Double(low), high: Double(high), palette: palette)
  }

  /// The colours of one map of a layer: its own range on viridis for `--scale map`, else the
  /// layer's (or the global) colouring.
  func colouring(map: ArraySlice<Float>, layer values: [Float]) -> (Scale, ColorMap) {
    scaleMode == .map ? (Scale.fitting(Array(map)), palette.sequential) : colours(for: values)
  }

  /// The colour ramp with its numbers, and how it was chosen.
  private func legend(for values: [Float], vector: Bool) -> ScreenBuffer {
    var (scale, map) = colours(for: values)
    var caption = "scale: \(scaleMode.rawValue)"
    if scaleMode == .map && vector {
      // A vector is a single map: its own range is the layer's.
      caption = "scale: this layer's range (its units form one map)"
    } else if scaleMode == .map {
      // One legend cannot give every map's numbers: show the ramp from 0 (min) to 1 (max).
      scale = Scale(min: 0, max: 1)
      map = palette.sequential
      caption = "scale: per map, 0 = the map's minimum, 1 = its maximum (ranges under the labels)"
    }
    if map.isDiverging { caption += ", centred on 0" }
    let legendWidth = min(width, 48)
    var buffer = ScreenBuffer(width: width, height: 2)
    HeatmapLegend(scale: scale, colorMap: map, colorDepth: depth)
      .render(in: Rect(x: 0, y: 0, width: legendWidth, height: 1), into: &buffer)
    buffer.put(caption, at: Point(x: 0, y: 1))
    return buffer
  }

  // MARK: - Maps

  /// How `count` h×w maps tile the width: the workbench's grid rule (`HeatmapGrid`), maps two
  /// columns apart, each under a label row and over a blank row (its two label rows). The rows
  /// are left free (the area is as tall as rows of about 4 maps across at 4 times need), so a
  /// map is never drawn below its true resolution unless even one would not fit across.
  private func tiles(h: Int, w: Int, count: Int) -> HeatmapGrid {
    let perRow = min(count, 4)
    let rows = (count + perRow - 1) / perRow
    let cellsTall = mode.cells(for: Size(width: w, height: h)).height
    return HeatmapGrid(count: count, mapRows: h, mapCols: w, area: Size(width: width, height: rows * (cellsTall * 4 + 2)),
                       mode: mode, labelRows: 2, gap: 2, maxZoom: 4)
  }

  /// Maps as labelled tiles, as many per row as fit; `maxRows` tile rows at most.
  private func grid(values: [Float], shape: Shape, maxRows: Int?) -> ScreenBuffer {
    let plane = shape.plane
    let tiles = tiles(h: shape.h, w: shape.w, count: shape.c)
    let totalRows = (shape.c + tiles.columns - 1) / tiles.columns
    let rowsShown = min(totalRows, maxRows ?? totalRows)
    let shownMaps = min(shape.c, rowsShown * tiles.columns)
    let note = shownMaps < shape.c ? 1 : 0
    var buffer = ScreenBuffer(width: width, height: rowsShown * tiles.tileHeight + note)
    let (layerScale, layerMap) = colours(for: values)
    for m in 0..<shownMaps {
      let map = Array(values[(m * plane)..<((m + 1) * plane)])
      let tile = tiles.tile(m, origin: Point(x: 0, y: 0))
      var scale = layerScale, colorMap = layerMap
      var label = "#\(m)"
      if scaleMode == .map {
        (scale, colorMap) = colouring(map: map[...], layer: values)
        let range = " \(NumberFormat.significant(scale.min))…\(NumberFormat.significant(scale.max))"
        if label.count + range.count <= tile.width { label += range }
      }
      buffer.put(label, at: Point(x: tile.x, y: tile.y), clippedTo: Rect(x: tile.x, y: tile.y, width: tile.width, height: 1))
      Heatmap(values: map, rows: shape.h, cols: shape.w, scale: scale, colorMap: colorMap, colorDepth: depth,
              zoom: true, preserveAspect: false, unicode: unicode, squarePixels: true)
        .render(in: tiles.mapRect(m, origin: Point(x: 0, y: 0), labelRows: 1), into: &buffer)
    }
    if note == 1 {
      buffer.put("… \(shape.c - shownMaps) more maps (showing \(shownMaps) of \(shape.c); --layer NAME shows them all)",
                 at: Point(x: 0, y: buffer.height - 1))
    }
    return buffer
  }

  // MARK: - Vectors

  /// Units as one cell each, in lines labelled with their first index; the largest listed.
  private func strip(values: [Float], maxLines: Int?) -> ScreenBuffer {
    let n = values.count
    let labelWidth = "\(max(0, n - 1))".count + 1
    let perLine = max(1, width - labelWidth)
    let totalLines = (n + perLine - 1) / perLine
    let lines = min(totalLines, maxLines ?? totalLines)
    let shown = min(n, lines * perLine)
    let (scale, map) = colours(for: values)
    var buffer = ScreenBuffer(width: width, height: lines + (shown < n ? 1 : 0) + 2)
    for line in 0..<lines {
      let start = line * perLine, end = min(shown, start + perLine)
      let row = Array(values[start..<end])
      buffer.put("\(start)", at: Point(x: 0, y: line))
      // In half-block mode both halves of the cell show the same unit.
      let heatmap = halfBlocks
        ? Heatmap(values: row + row, rows: 2, cols: row.count, scale: scale, colorMap: map, colorDepth: depth,
                  zoom: false, preserveAspect: false)
        : Heatmap(values: row, rows: 1, cols: row.count, scale: scale, colorMap: map, colorDepth: depth,
                  zoom: false, preserveAspect: false)
      heatmap.render(in: Rect(x: labelWidth, y: line, width: row.count, height: 1), into: &buffer)
    }
    if shown < n { buffer.put("… \(n - shown) more units", at: Point(x: 0, y: lines)) }
    // Largest first, then smallest (RBF penalties and probabilities read either way).
    let ranked = (0..<n).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
    func list(_ units: some Sequence<Int>) -> String {
      units.map { "\($0) = \(String(format: "%.4f", values[$0]))" }.joined(separator: ", ")
    }
    let y = shown < n ? lines + 1 : lines
    buffer.put("\(n) units; largest: \(list(ranked.prefix(5)))", at: Point(x: 0, y: y))
    buffer.put("smallest: \(list(ranked.suffix(3).reversed()))", at: Point(x: 0, y: y + 1))
    return buffer
  }

  // MARK: - Assembly

  private func textBlock(_ lines: [String]) -> ScreenBuffer {
    var buffer = ScreenBuffer(width: width, height: lines.count)
    for (y, line) in lines.enumerated() { buffer.put(line, at: Point(x: 0, y: y)) }
    return buffer
  }
}

/// What kind of terminal standard output is: its colours and width.
enum StandardOutput {
  /// `NO_COLOR` (non-empty, as https://no-color.org says) or a pipe → no colour at all;
  /// `COLORTERM=truecolor|24bit` → 24-bit; otherwise the 256-colour palette.
  static func colorDepth(environment: [String: String] = ProcessInfo.processInfo.environment,
                         isTerminal: Bool = CLI.stdoutIsTerminal) -> ColorDepth {
    if ColorDepth.noColorRequested(environment) { return .mono }
    guard isTerminal else { return .mono }
    let colorterm = environment["COLORTERM"]?.lowercased() ?? ""
    return colorterm == "truecolor" || colorterm == "24bit" ? .direct : .c256
  }

  /// Whether the locale's character set is UTF-8; otherwise symbols are spelled in ASCII
  /// (Σ → sum), as the workbench does under `LANG=C`.
  static var isUTF8: Bool {
    setlocale(LC_CTYPE, "")
    return String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
  }

  /// The terminal's width in columns, or `fallback` when standard output is not a terminal.
  static func width(fallback: Int) -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    return fallback
  }
}

extension ForwardShowOptions {
  /// Every view of `--sample` (the input, each layer, the probabilities), after checking that
  /// the input holds that sample.
  func views(_ network: Network, input x: Tensor, named input: String, probabilities: [[Float]]) throws -> [LayerView] {
    guard sample < x.shape.n else {
      throw EngineError(input, "holds \(x.shape.n) image(s); --sample \(sample) is past the last")
    }
    return try Forward.views(of: network, input: x, probabilities: probabilities[sample], sample: sample)
  }

  /// A renderer for `views` with `--scale`: the global range spans the feature maps only, as
  /// in the workbench (class scores, RBF penalties up to ~200, and FC units would flatten
  /// every map).
  func renderer(_ views: [LayerView], width: Int, depth: ColorDepth) -> ForwardRender {
    let all = views.dropFirst().filter { $0.shape.h * $0.shape.w > 1 }.flatMap(\.values)
    var renderer = ForwardRender(width: width, depth: depth, scaleMode: scale, globalRange: (all.min() ?? 0, all.max() ?? 0))
    renderer.palette = palette
    return renderer
  }

  /// The view `--layer` names, and its index in `views`.
  func chosen(_ views: [LayerView], model: String) throws -> (Int, LayerView) {
    let name = layer ?? ""
    guard let index = views.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
      throw EngineError(name, "no such layer in \(model); choose one of: \(views.map(\.name).joined(separator: ", "))")
    }
    return (index, views[index])
  }

  /// `--explain`'s arithmetic for view `index`, in lines of `width` (nil without `--explain`).
  func explanation(_ network: Network, views: [LayerView], index: Int, width: Int) throws -> [String]? {
    guard let explain else { return nil }
    guard index > 0 else { throw EngineError(layer ?? "input", "the input is data, not computed; explain a layer instead") }
    let (c, y, xx) = try Forward.coordinates(explain)
    // views[0] is the input, so view i is layer i − 1 (and the last is the probabilities).
    return try Inspector.explain(network: network, layer: index - 1, sample: sample, channel: c, y: y, x: xx)
      .wrappedLines(width: width)
  }
}

/// One thing `forward --layer` can show: the input, a layer's output, or the probabilities.
struct LayerView {
  var name: String
  /// Kind, hyper-parameters, shape and activation, for the title line.
  var detail: String
  /// One sample's values, C·H·W.
  var values: [Float]
  var shape: Shape
  /// Whether it only repeats its input's values (flatten, dropout at inference).
  var repeatsInput: Bool
}

extension Forward {
  /// `--layer`, `--render` and `--explain` on the pass just run.
  func showLayers(_ network: Network, input x: Tensor, probabilities: [[Float]]) throws {
    let views = try show.views(network, input: x, named: pass.input, probabilities: probabilities)
    var renderer = show.renderer(views, width: show.columns ?? StandardOutput.width(fallback: 100), depth: StandardOutput.colorDepth())
    renderer.unicode = StandardOutput.isUTF8
    guard show.layer != nil else {
      let shown = views.filter { !$0.repeatsInput }
      print(renderer.overview(layers: shown.map { ($0.name, $0.detail, $0.values, $0.shape) }))
      return
    }
    let (index, view) = try show.chosen(views, model: network.spec.name)
    if render { print(renderer.layer(name: view.name, detail: view.detail, values: view.values, shape: view.shape)) }
    if let explanation = try show.explanation(network, views: views, index: index, width: renderer.width) {
      if render { print("") }
      print(ASCIIText.fitting(explanation.joined(separator: "\n"), unicode: renderer.unicode))
    }
    if !render && show.explain == nil { print(Self.statistics(view)) }
  }

  /// The input, every layer's output and the probabilities of one sample.
  static func views(of network: Network, input x: Tensor, probabilities: [Float], sample: Int) throws -> [LayerView] {
    func slice(_ t: Tensor, _ shape: Shape) -> [Float] {
      Array(UnsafeBufferPointer(start: t.pointer + sample * shape.perSample, count: shape.perSample))
    }
    let spec = network.spec
    let rows = try spec.shapeTable().rows
    var views = [LayerView(name: "input", detail: "network input, \(spec.input.sampleDescription)",
                           values: slice(x, spec.input), shape: spec.input, repeatsInput: false)]
    for (i, layer) in network.layers.enumerated() {
      let row = rows[i], shape = layer.outputShape
      var detail = "\(row.kind) \(row.details), \(shape.sampleDescription)"
      if layer.spec.activation != .identity { detail += ", \(layer.spec.activation.rawValue)" }
      views.append(LayerView(name: layer.spec.name, detail: detail, values: slice(network.outputs[i], shape),
                             shape: shape, repeatsInput: row.kind == "flatten" || row.kind == "dropout"))
    }
    let head = if case .rbf = spec.head { "softmax of the negated RBF penalties" } else { "softmax of the logits" }
    views.append(LayerView(name: Inspector.probabilitiesName, detail: "\(head), \(probabilities.count) classes",
                           values: probabilities, shape: Shape(n: 1, c: probabilities.count, h: 1, w: 1),
                           repeatsInput: false))
    return views
  }

  /// "C,Y,X" or "C" (a unit: row and column 0).
  static func coordinates(_ text: String) throws -> (Int, Int, Int) {
    let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 1 || parts.count == 3, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else {
      throw ValidationError("--explain takes C,Y,X (map, row, column) or C (a unit), e.g. 0,4,4; got \"\(text)\"")
    }
    let v = parts.map { $0 ?? 0 }
    return v.count == 1 ? (v[0], 0, 0) : (v[0], v[1], v[2])
  }

  /// Per map: minimum, mean, maximum (vectors: one row, and the largest units).
  static func statistics(_ view: LayerView) -> String {
    func f(_ v: Float) -> String { String(format: "%.4f", v) }
    func stats(_ v: ArraySlice<Float>) -> [String] {
      let mean = v.reduce(0) { $0 + Double($1) } / Double(max(1, v.count))
      return [f(v.min() ?? 0), String(format: "%.4f", mean), f(v.max() ?? 0)]
    }
    var lines = ["\(view.name): \(view.detail)"]
    let s = view.shape
    if s.h == 1 && s.w == 1 {
      lines.append(CLI.table([["units", "min", "mean", "max"], ["\(s.c)"] + stats(view.values[...])],
                             rightAligned: [0, 1, 2, 3]))
      let top = view.values.indices.sorted { view.values[$0] > view.values[$1] }.prefix(10)
      lines.append("largest: " + top.map { "\($0) = \(f(view.values[$0]))" }.joined(separator: ", "))
    } else {
      var rows = [["map", "min", "mean", "max"]]
      for c in 0..<s.c { rows.append(["\(c)"] + stats(view.values[(c * s.plane)..<((c + 1) * s.plane)])) }
      lines.append(CLI.table(rows, rightAligned: [0, 1, 2, 3]))
    }
    return lines.joined(separator: "\n")
  }
}
