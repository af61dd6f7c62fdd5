import Foundation
import TerminalUI

/// The output layer, across the whole body (it is its own side panel): the prediction beside
/// the true label; one row per class with, for LeNet-5 (1998), its RBF distance as a bar (the
/// shortest wins) and its probability, otherwise its probability with the digits it takes;
/// on the right F6's 7×12 bitmap beside the class prototypes (PgDn pages them when the
/// terminal cannot hold all ten) or, without prototypes, the input.
enum ExploreOutputView {
  static func render(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame
  ) {
    guard area.height >= 4, let best = trace.predicted else { return }
    var y = area.y
    for line in TextWrapper.wrap(ExploreView.text(headline(trace, best: best), frame), width: area.width).prefix(2) {
      frame.buffer.put(line, at: Point(x: area.x, y: y), style: Style(bold: true), clippedTo: area)
      y += 1
    }
    y += 1
    let layout = split(trace, in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
    renderTable(trace, best: best, in: layout.table, into: &frame)
    if layout.pictures.width > 0 {
      if hasPrototypes(trace) {
        renderPrototypes(trace, page: e.page, in: layout.pictures, into: &frame)
      } else if let input = trace.layers.first {
        frame.buffer.put(ExploreView.text("Input: \(e.input.title)", frame), at: Point(x: layout.pictures.x, y: layout.pictures.y),
                         style: Style(bold: true), clippedTo: layout.pictures)
        let room = Rect(x: layout.pictures.x, y: layout.pictures.y + 1, width: layout.pictures.width,
                        height: max(0, layout.pictures.height - 1))
        ExploreInputPicture.render(trace, input: input, marks: [], in: room, into: &frame)
      }
    }
  }

  /// "Prediction: 7 (99.4%)   true label: 7 ✓"
  static func headline(_ trace: ExploreTrace, best: Int) -> String {
    var headline = "Prediction: \(trace.classLabel(best)) (\(trace.probabilityText(best)))"
    if let truth = trace.trueLabel {
      headline += "   true label: \(trace.classLabel(truth)) " + (truth == best ? "✓" : "✗ wrong")
    }
    return headline
  }

  /// Presenter mode: the prediction and the class table alone (no prototypes or input
  /// picture: one thing at a time), centred both ways, the table as wide as two thirds of the
  /// body and, where the rows allow, a blank row between classes.
  static func renderPresented(_ e: ExploreState, trace: ExploreTrace, in area: Rect, into frame: inout Frame) {
    guard area.height >= 4, let best = trace.predicted else { return }
    // Drawn off screen from the top of the area first, to learn how tall it is.
    var draft = Frame(buffer: ScreenBuffer(size: frame.buffer.size), colorDepth: frame.colorDepth, unicode: frame.unicode,
                      palette: frame.palette)
    let width = min(area.width, max(64, area.width * 2 / 3))
    let x = area.x + (area.width - width) / 2
    var y = area.y
    for line in TextWrapper.wrap(ExploreView.text(headline(trace, best: best), frame), width: width).prefix(2) {
      draft.buffer.put(line, at: Point(x: area.x + (area.width - line.displayWidth) / 2, y: y), style: Style(bold: true),
                       clippedTo: area)
      y += 1
    }
    y += 1
    let table = renderTable(trace, best: best, in: Rect(x: x, y: y, width: width, height: max(0, area.bottom - y)), into: &draft)
    let lead = table.firstRow - area.y
    let step = lead + 2 * table.rows - 1 <= area.height ? 2 : 1
    let height = lead + max(0, table.rows - 1) * step + 1
    let top = area.y + max(0, (area.height - height) / 2)
    func copy(_ from: Int, to: Int) {
      guard to < area.bottom else { return }
      for column in area.x..<area.right { frame.buffer[column, to] = draft.buffer[column, from] }
    }
    for row in 0..<lead { copy(area.y + row, to: top + row) }
    for row in 0..<table.rows { copy(table.firstRow + row, to: top + lead + row * step) }
  }

  /// Whether the output compares F6 with LeNet-5's 7×12 class prototypes.
  static func hasPrototypes(_ trace: ExploreTrace) -> Bool {
    trace.scoresAreDistances && trace.prototypeWidth == 7 && trace.prototypes.count >= 84
      && trace.layers.dropLast().last?.channels == 84
  }

  /// The class table on the left (as wide as its columns need, up to half the body), the
  /// pictures in the rest.
  static func split(_ trace: ExploreTrace, in area: Rect) -> (table: Rect, pictures: Rect) {
    // 42 columns hold a class, a distance bar and its value, and the probability; the
    // prototypes need about as much again (two rows of six at 100×30).
    let want = hasPrototypes(trace) ? 42 : 60
    let tableWidth = area.width - want - 2 >= 20 ? max(want, min(area.width / 3, want + 18)) : area.width
    let table = Rect(x: area.x, y: area.y, width: min(area.width, tableWidth), height: area.height)
    let x0 = table.right + 2
    return (table, Rect(x: x0, y: area.y, width: max(0, area.right - x0), height: area.height))
  }

  /// Captions and one row per class (the ten classes, or the ten most probable of more);
  /// returns where the class rows start and how many there are.
  @discardableResult
  static func renderTable(_ trace: ExploreTrace, best: Int, in area: Rect, into frame: inout Frame) -> (firstRow: Int, rows: Int) {
    var y = area.y
    func caption(_ text: String, style: Style = Style(underline: true)) {
      for line in TextWrapper.wrap(ExploreView.text(text, frame), width: area.width) where y < area.bottom {
        frame.buffer.put(line, at: Point(x: area.x, y: y), style: style, clippedTo: area)
        y += 1
      }
    }
    let classes = trace.probabilities.count
    let shown = classes <= 10 ? Array(0..<classes)
      : Array((0..<classes).sorted { trace.probabilities[$0] > trace.probabilities[$1] }.prefix(10))
    let texts = shown.map { ExploreView.text(trace.probabilityText($0), frame) }
    if trace.scoresAreDistances {
      caption("RBF penalty y_i = Σ_j (F6_j − prototype_ij)², the shortest wins; probability = softmax of −y")
      // The probabilities as text on the right of each distance bar, the same row.
      // As wide as the header too: a run's less certain guesses have short texts ("0.005%").
      let header = "probability"
      let probabilityWidth = min(area.width / 2, max(header.count, texts.map(\.count).max() ?? 8) + 1)
      let bars = Rect(x: area.x, y: y + 1, width: max(0, area.width - probabilityWidth - 1), height: 0)
      frame.buffer.put(ExploreView.text("class  penalty", frame), at: Point(x: area.x, y: y), style: Style(dim: true),
                       clippedTo: area)
      frame.buffer.put(header, at: Point(x: area.right - header.count, y: y), style: Style(dim: true), clippedTo: area)
      y += 1
      let rows = min(shown.count, max(0, area.bottom - y))
      let nearest = shown.firstIndex(of: trace.scores.indices.min { trace.scores[$0] < trace.scores[$1] } ?? 0)
      frame.render(BarChart(bars: shown.prefix(rows).map { BarChart.Bar(trace.classLabel($0), Double(trace.scores[$0])) },
                            format: .sixFigures, highlighted: nearest, unicode: frame.unicode),
                   in: Rect(x: bars.x, y: y, width: bars.width, height: rows))
      for (i, text) in texts.prefix(rows).enumerated() {
        let style = shown[i] == best ? Style(bold: true) : Style()
        frame.buffer.put(text, at: Point(x: area.right - text.count, y: y + i), style: style, clippedTo: area)
      }
      return (y, rows)
    } else {
      caption(classes > 10 ? "probability (top 10 of \(classes))" : "probability (softmax of the logits)")
      let rows = min(shown.count, max(0, area.bottom - y))
      frame.render(BarChart(bars: shown.prefix(rows).map { BarChart.Bar(trace.classLabel($0), trace.probabilities[$0]) },
                            maxValue: 1, format: .texts(Array(texts.prefix(rows))), highlighted: shown.firstIndex(of: best),
                            unicode: frame.unicode),
                   in: Rect(x: area.x, y: y, width: area.width, height: rows))
      return (y, rows)
    }
  }

  /// How the prototypes tile `area`: tiles per row, prototypes per page (F6 takes the first
  /// tile of every page) and pages.
  struct PrototypeGrid {
    /// Each bitmap's pixels are drawn `zoom`×`zoom`: the largest factor (up to 4) at which
    /// F6 and every prototype fit at once, else 1 with pages.
    let zoom: Int
    let cells: Size
    let tileWidth: Int
    let tileHeight: Int
    let perRow: Int
    let perPage: Int
    let pages: Int

    init(classes: Int, area: Rect, mode: PixelMode) {
      func layout(_ z: Int) -> (cells: Size, tileWidth: Int, tileHeight: Int, perRow: Int, perPage: Int) {
        let cells = mode.cells(for: Size(width: 7 * z, height: 12 * z))
        // Labels like "7 0.5" and "0 120" need 5 to 7 columns; one blank column between tiles.
        let tileWidth = max(cells.width, 7) + 1
        let tileHeight = cells.height + 1
        let perRow = max(0, (area.width + 1) / tileWidth)
        let rows = max(0, (area.height - 1) / tileHeight)
        return (cells, tileWidth, tileHeight, perRow, max(0, perRow * rows - 1))
      }
      let z = (1...4).reversed().first { layout($0).perPage >= classes } ?? 1
      let l = layout(z)
      zoom = z
      (cells, tileWidth, tileHeight, perRow, perPage) = (l.cells, l.tileWidth, l.tileHeight, l.perRow, l.perPage)
      pages = perPage > 0 ? (classes + perPage - 1) / perPage : 0
    }
  }

  /// Prototype pages at a terminal size (PgDn on the output layer steps through them).
  static func prototypePages(_ trace: ExploreTrace, size: Size, mode: PixelMode) -> Int {
    guard hasPrototypes(trace) else { return 1 }
    let layout = ExploreLayout(size: size)
    let area = layout.main.union(layout.side)
    // Under the headline and a blank line, as `render` lays them out (a headline that wraps
    // moves the tiles one row down; `renderPrototypes` clamps the page to what it can show).
    let top = area.y + 2
    let pictures = split(trace, in: Rect(x: area.x, y: top, width: area.width, height: max(0, area.bottom - top))).pictures
    return max(1, PrototypeGrid(classes: trace.prototypes.count / 84, area: pictures, mode: mode).pages)
  }

  /// F6's output as a 7×12 bitmap, then each class's ±1 prototype with its distance.
  static func renderPrototypes(_ trace: ExploreTrace, page: Int, in area: Rect, into frame: inout Frame) {
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let classes = min(10, trace.prototypes.count / 84)
    let grid = PrototypeGrid(classes: classes, area: area, mode: mode)
    guard grid.perPage > 0, let f6 = trace.layers.dropLast().last else { return }
    let page = min(page, grid.pages - 1)
    let first = page * grid.perPage
    let last = min(classes, first + grid.perPage)
    // The longest wording that fits: beside the time-lapse panel the view is narrower, and a
    // cut caption would lose the page's classes or the keys that turn it.
    let classRange = "\(first)–\(last - 1)"
    let wordings = grid.pages > 1
      ? ["F6 vs classes \(classRange), pgdn/pgup", "F6 vs classes \(classRange), pgdn", "F6 vs \(classRange), pgdn",
         "F6 vs \(classRange)"]
      : ["F6 beside each class's prototype (distance)", "F6 beside each prototype", "F6 vs prototypes"]
    let caption = String.firstFitting(wordings.map { ExploreView.text($0, frame) }, width: area.width)
    frame.buffer.put(caption, at: Point(x: area.x, y: area.y), style: Style(underline: true), clippedTo: area)
    let scale = Scale(min: -1.7159, max: 1.7159)
    let nearest = trace.scores.indices.min { trace.scores[$0] < trace.scores[$1] }
    func tile(_ slot: Int, label: String, style: Style, values: [Float]) {
      let x = area.x + (slot % grid.perRow) * grid.tileWidth
      let y = area.y + 1 + (slot / grid.perRow) * grid.tileHeight
      frame.buffer.put(label, at: Point(x: x, y: y), style: style, clippedTo: area)
      frame.render(Heatmap(values: values, rows: 12, cols: 7, scale: scale, colorMap: frame.palette.diverging,
                           colorDepth: frame.colorDepth, unicode: frame.unicode, squarePixels: true),
                   in: Rect(x: x, y: y + 1, width: grid.cells.width, height: grid.cells.height).intersection(area))
    }
    tile(0, label: "F6", style: Style(bold: true), values: f6.values)
    for c in first..<last {
      let distance = trace.scores[c]
      let label = "\(c) " + String(format: distance < 100 ? "%.1f" : "%.0f", distance)
      tile(c - first + 1, label: label, style: c == nearest ? Style(bold: true, reverse: true) : Style(dim: true),
           values: Array(trace.prototypes[(c * 84)..<((c + 1) * 84)]))
    }
  }
}
