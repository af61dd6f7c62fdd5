import ConvEngine
import Foundation
import TerminalUI

/// The Train screen's right column: the first layer's kernels and one test image's feature
/// maps (both change as the run learns; `L` picks which kept layer's maps), then the panel `v` picks: the test confusion
/// matrix, the misclassified test images, or every run of the session.
enum TrainSideView {
  /// Where the column's parts start: the kernels, the maps, the time-lapse (its caption, then
  /// its track one row lower) and the panel. Shared with the mouse, which finds the track here.
  struct Layout: Equatable {
    var kernels: Int?
    var maps: Int?
    var timeLapse: Int?
    var panel: Int
    /// Rows the maps' cells may take (they grow into rows the panel does not need).
    var mapRows = 0
    /// Rows of maps at most: one, or as many as `mapRows` hold (C3's 16 maps take more than
    /// one row; C1's 6 fit in one at any width).
    var mapMaxRows = 1

    /// The time-lapse's track row (clicks on it scrub).
    func track(in area: Rect) -> Rect? {
      timeLapse.map { Rect(x: area.x, y: $0 + 1, width: area.width, height: 1) }
    }
  }

  /// The maps the column shows: a layer's name, its `count` planes of `side`×`side` (flat,
  /// plane after plane) and, when they come from a kept frame, that frame's step.
  struct Maps: Equatable {
    var layer: String
    var count: Int
    var side: Int
    var values: [Float]
    var step: Int?
  }

  /// The maps of the layer `L` picked: from the frame the scrubber shows; else the run's own
  /// live maps when that layer is the one the run computes each summary (the shallowest);
  /// else, for a deeper layer, the newest kept frame's (the run does not compute those between
  /// frames, and the title's step says how old they are).
  static func maps(_ t: TrainState, _ p: TrainProgress) -> Maps? {
    let live = p.sampleMapCount > 0
      ? Maps(layer: p.sampleMapLayer, count: p.sampleMapCount, side: p.sampleMapSide, values: p.sampleMaps) : nil
    guard let lapse = p.timeLapse, !lapse.mapLayers.isEmpty else { return live }
    let index = min(t.mapLayer, lapse.mapLayers.count - 1)
    let layer = lapse.mapLayers[index]
    let shown = t.scrub.shown(count: lapse.frames.count)
    if shown == nil, let live, layer.name == live.layer { return live }
    guard let frame = (shown ?? lapse.frames.indices.last).map({ lapse.frames[$0] }), index < frame.maps.count
    else { return live }
    return Maps(layer: layer.name, count: layer.count, side: layer.side, values: frame.maps[index], step: frame.step)
  }

  /// The kernels, the maps and the time-lapse from the top, then the panel `v` picks. When the
  /// panel would not get the rows it needs (the whole confusion matrix, the runs table's rows),
  /// the maps give way first, then the kernels too: the panel was asked for, and on a short
  /// terminal (80×24) ten classes need thirteen rows.
  static func layout(_ t: TrainState, _ p: TrainProgress, in area: Rect) -> Layout {
    let needed = panelNeeds(t, p, width: area.width)
    var layout = stack(t, p, kernels: true, maps: true, in: area)
    if area.bottom - layout.panel < needed { layout = stack(t, p, kernels: true, maps: false, in: area) }
    if area.bottom - layout.panel < needed { layout = stack(t, p, kernels: false, maps: false, in: area) }
    return layout
  }

  /// The pictures asked for, top down, each only while it fits.
  private static func stack(_ t: TrainState, _ p: TrainProgress, kernels: Bool, maps: Bool, in area: Rect) -> Layout {
    var layout = Layout(panel: area.y)
    var y = area.y
    if kernels, p.kernelCount > 0, p.kernelSize > 0 {
      layout.kernels = y
      y += gridHeight(count: p.kernelCount, side: p.kernelSize, maxRows: 2, width: area.width)
    }
    if maps, let pictures = Self.maps(t, p), pictures.count > 0, y + 3 < area.bottom {
      layout.maps = y
      // What the panel under them, the time-lapse's two rows and the title leave.
      layout.mapRows = area.bottom - y - 1 - 2 - panelRows
      let cellHeight = cells(count: pictures.count, side: pictures.side, maxRows: 1, width: area.width).height
      layout.mapMaxRows = max(1, layout.mapRows / max(1, cellHeight))
      y += gridHeight(count: pictures.count, side: pictures.side, maxRows: layout.mapMaxRows, width: area.width,
                      height: layout.mapRows)
    }
    // The caption and the track (scrubbing pictures that are shown), when a row is still left
    // for the panel under them.
    if layout.kernels != nil || layout.maps != nil, let lapse = p.timeLapse, !lapse.frames.isEmpty, y + 2 < area.bottom {
      layout.timeLapse = y
      y += 2
    }
    layout.panel = y
    return layout
  }

  /// Rows the picked panel needs to show all it has: the confusion matrix's title, header,
  /// one row a class and its legend; the runs table's title, header and rows; a title and
  /// one row of the smallest digits for the mistakes.
  static func panelNeeds(_ t: TrainState, _ p: TrainProgress, width: Int) -> Int {
    switch t.panel {
    case .confusion:
      guard !p.confusion.isEmpty else { return wrapped(confusionWaiting, width: width).count }
      let legend = confusionCells(p.confusion, width: width).legend.map { wrapped($0, width: width).count } ?? 0
      return 2 + p.confusion.count + legend
    case .mistakes:
      return p.confusion.isEmpty ? wrapped(mistakesWaiting, width: width).count : 5
    case .runs:
      return wrapped(runsTitle, width: width).count + 1 + t.allRuns.count + (runsHeader(width: width, t: t).legend.map { wrapped($0, width: width).count } ?? 0)
    }
  }

  private static let confusionWaiting = "Confusion matrix after the first epoch (v: next panel)."
  private static let runsTitle = "runs (k/j select · w save · x export · c overlay)"
  private static let mistakesWaiting = "Misclassified test images after the first epoch (v: next panel)."

  /// `text` in lines of the column's width, continuations indented by 2.
  static func wrapped(_ text: String, width: Int) -> [String] {
    TextWrapper.wrap(text, width: width, first: "", rest: "  ")
  }

  /// Puts `text` wrapped from row `y` on; returns the rows it took.
  @discardableResult
  private static func putWrapped(_ text: String, at y: Int, in area: Rect, style: Style = Style(), into frame: inout Frame)
    -> Int
  {
    let lines = wrapped(text, width: area.width)
    for (i, line) in lines.enumerated() { TrainView.put(line, at: y + i, in: area, style: style, into: &frame) }
    return lines.count
  }

  static func render(_ t: TrainState, _ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    let layout = layout(t, p, in: area)
    // A kept frame of the time-lapse when one is picked (`(`, `)`, `P`), else the run now.
    let lapse = p.timeLapse
    let kept = lapse.flatMap { l in t.scrub.shown(count: l.frames.count).map { l.frames[$0] } }
    let when = kept.map { " at step \($0.step.grouped)" } ?? ""
    if let top = layout.kernels {
      let values = kept?.kernels ?? p.kernels
      let scale = kept != nil && lapse != nil ? TimeLapseView.kernelScale(lapse!) : .symmetric(values)
      let title = String.firstFitting(
        ["\(p.kernelLayer) kernels (\(p.kernelCount) × \(p.kernelSize)×\(p.kernelSize))\(when)", "\(p.kernelLayer) kernels\(when)"],
        width: area.width)
      grid(title: title, values: values,
           count: p.kernelCount, side: p.kernelSize, scale: scale, colorMap: frame.palette.diverging, maxRows: 2, at: top, in: area,
           into: &frame)
    }
    if let top = layout.maps, let maps = maps(t, p) {
      let name = p.classNames.indices.contains(p.sampleLabel) ? p.classNames[p.sampleLabel] : "\(p.sampleLabel)"
      let at = maps.step.map { " at step \($0.grouped)" } ?? ""
      // With more than one layer kept, the title names the key that turns to the next.
      let turn = (lapse?.mapLayers.count ?? 0) > 1 ? " · L: next layer" : ""
      // When the rows left hold fewer maps than the layer has, the title says how many are drawn.
      let c = cells(count: maps.count, side: maps.side, maxRows: layout.mapMaxRows, width: area.width,
                    height: layout.mapRows)
      let drawn = min(maps.count, c.rows * c.perRow)
      let layer = drawn < maps.count ? "\(maps.layer) maps (\(drawn) of \(maps.count))" : "\(maps.layer) maps"
      let title = String.firstFitting(
        ["\(layer) of test image \(p.sampleIndex) (\(name))\(at)\(turn)",
         "\(layer) of test image \(p.sampleIndex) (\(name))\(at)",
         "\(layer) of test image \(p.sampleIndex)\(at)", "\(layer)\(at)", "\(maps.layer) maps\(at)"],
        width: area.width)
      grid(title: title, values: maps.values,
           count: maps.count, side: maps.side, scale: .fitting(maps.values), colorMap: frame.palette.sequential,
           maxRows: layout.mapMaxRows,
           height: layout.mapRows, at: top, in: area, into: &frame)
    }
    if let top = layout.timeLapse, let lapse, let track = layout.track(in: area) {
      TrainView.put(TimeLapseView.caption(lapse, t.scrub, width: area.width), at: top, in: area,
                    style: t.scrub.isActive ? Style(fg: .yellow, bold: true) : Style(dim: true), into: &frame)
      TimeLapseView.renderTrack(lapse, t.scrub, in: track, into: &frame)
    }
    guard layout.panel < area.bottom else { return }
    let rest = Rect(x: area.x, y: layout.panel, width: area.width, height: area.bottom - layout.panel)
    switch t.panel {
    case .confusion: confusion(p, in: rest, into: &frame)
    case .mistakes: mistakes(t, p, in: rest, into: &frame)
    case .runs: runs(t, in: rest, into: &frame)
    }
  }

  /// Rows kept for the panel under the pictures: the confusion matrix's title, header, ten
  /// rows and legend, and a gallery of two rows of digits.
  static let panelRows = 18

  /// How small heatmaps tile a row `width` wide: as many cells in a row as fit at 6 columns,
  /// then as wide as the row allows, up to twice the map's side (a 5×5 kernel at 2× zoom)
  /// and 28 columns (a 55×55 AlexNet map is area-averaged down): the panel's width turns into
  /// bigger pictures, not emptier rows. Given `height` rows to spare (a tall terminal), fewer
  /// cells a row in more rows make them bigger still (up to twice the map's side, 56
  /// columns), when that makes them 40% wider or more (less would trade the panel's rows for
  /// little).
  static func cells(count: Int, side: Int, maxRows: Int, width: Int, height: Int = 0)
    -> (perRow: Int, width: Int, height: Int, rows: Int)
  {
    let perRow = max(1, min(count, width / 6))
    let cellWidth = max(6, min(max(8, min(2 * side, 28)) + 1, width / perRow))
    var best = (perRow: perRow, width: cellWidth, height: cellWidth / 2, rows: min(maxRows, (count + perRow - 1) / perRow))
    for fewer in stride(from: perRow - 1, through: 1, by: -1) {
      let w = max(6, min(max(8, min(2 * side, 56)) + 1, width / fewer))
      let rows = (count + fewer - 1) / fewer
      if rows * (w / 2) <= height, 5 * w >= 7 * cellWidth, w > best.width { best = (fewer, w, w / 2, rows) }
    }
    return best
  }

  /// Rows a `grid` takes: its title and its rows of cells.
  static func gridHeight(count: Int, side: Int, maxRows: Int, width: Int, height: Int = 0) -> Int {
    let c = cells(count: count, side: side, maxRows: maxRows, width: width, height: height)
    return 1 + c.rows * c.height
  }

  /// Small heatmaps in rows under a title (the Explore time-lapse panel draws with it too).
  static func grid(
    title: String, values: [Float], count: Int, side: Int, scale: Scale, colorMap: ColorMap, maxRows: Int,
    height: Int = 0, at top: Int, in area: Rect, into frame: inout Frame
  ) {
    TrainView.put(title, at: top, in: area, into: &frame)
    let c = cells(count: count, side: side, maxRows: maxRows, width: area.width, height: height)
    let plane = side * side
    for k in 0..<min(count, c.rows * c.perRow) {
      let rowY = top + 1 + (k / c.perRow) * c.height
      guard rowY + c.height <= area.bottom, (k + 1) * plane <= values.count else { break }
      frame.render(
        // Square pixels: without half blocks (`--ascii`, `LANG=C`, 16 colours) a pixel is a
        // whole cell, twice as tall as wide, and the maps were drawn twice as tall as they are.
        Heatmap(values: Array(values[(k * plane)..<((k + 1) * plane)]), rows: side, cols: side, scale: scale,
                colorMap: colorMap, colorDepth: frame.colorDepth, zoom: true, unicode: frame.unicode, squarePixels: true),
        in: Rect(x: area.x + (k % c.perRow) * c.width, y: rowY, width: c.width - 1, height: c.height))
    }
  }

  private static func confusion(_ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    guard !p.confusion.isEmpty else {
      putWrapped(confusionWaiting, at: area.y, in: area, style: Style(dim: true), into: &frame)
      return
    }
    TrainView.put("mistakes: row = true, column = guess", at: area.y, in: area, into: &frame)
    let cells = confusionCells(p.confusion, width: area.width)
    frame.render(
      Table(header: cells.header, rows: cells.rows, alignments: Array(repeating: .right, count: cells.header.count),
            columnSpacing: 1, unicode: frame.unicode),
      in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1))
    if let legend = cells.legend {
      for (i, line) in wrapped(legend, width: area.width).enumerated() {
        TrainView.put(line, at: area.y + 2 + cells.rows.count + i, in: area, style: Style(dim: true), into: &frame)
      }
    }
  }

  /// The confusion matrix as table cells: off-diagonal counts only (the mistakes stand out,
  /// the table stays narrow), each class's accuracy last. Every count column is as wide as
  /// the widest count, right-aligned, so the columns line up evenly. When four-digit (or, on
  /// a narrow panel, three-digit) counts would not fit `width` columns, each cell is instead
  /// the percent of its true class, two columns wide (ten classes then fit the narrowest
  /// panel, 36 columns), and `legend` says so.
  static func confusionCells(_ confusion: [[Int]], width: Int) -> (header: [String], rows: [[String]], legend: String?) {
    let n = confusion.count
    func accuracies(decimals: Int) -> [String] {
      confusion.enumerated().map { i, row in
        let total = row.reduce(0, +)
        return total == 0 ? "–" : String(format: "%.\(decimals)f", Double(row[i]) * 100 / Double(total))
      }
    }
    let labelWidth = "\(max(0, n - 1))".count
    /// The table's width with count cells `cell` columns wide (one space between columns).
    func tableWidth(_ cell: Int, _ accuracies: [String]) -> Int {
      labelWidth + n * (cell + 1) + 1 + ((accuracies + ["acc%"]).map(\.count).max() ?? 4)
    }
    let offDiagonal = confusion.enumerated().flatMap { i, row in row.enumerated().filter { $0.offset != i }.map(\.element) }
    let countWidth = max(offDiagonal.map { "\($0)".count }.max() ?? 1, labelWidth)
    let asPercent = tableWidth(countWidth, accuracies(decimals: 1)) > width
    let cellWidth = asPercent ? max(2, labelWidth) : countWidth
    // A 100.0 in the accuracy column would not fit the narrowest panel beside percent cells:
    // then whole percents there too.
    let accuracy = tableWidth(cellWidth, accuracies(decimals: 1)) > width ? accuracies(decimals: 0) : accuracies(decimals: 1)
    func cell(_ text: String) -> String { String(repeating: " ", count: max(0, cellWidth - text.count)) + text }
    var usedUnder1 = false, usedAll = false
    let rows = confusion.enumerated().map { i, row in
      let total = max(1, row.reduce(0, +))
      return ["\(i)"] + row.enumerated().map { j, count -> String in
        if j == i { return cell("·") }
        if count == 0 { return cell("") }
        guard asPercent else { return cell("\(count)") }
        let percent = Double(count) * 100 / Double(total)
        if percent < 0.5 { usedUnder1 = true; return cell("<1") }
        if percent >= 99.5 { usedAll = true; return cell("**") }
        return cell("\(Int(percent.rounded()))")
      } + [accuracy[i]]
    }
    let header = ["↓"] + (0..<n).map { cell("\($0)") } + ["acc%"]
    guard asPercent else { return (header, rows, nil) }
    let legend = "cells: % of the true class" + (usedUnder1 ? " · <1 under 1%" : "") + (usedAll ? " · ** all" : "")
    return (header, rows, legend)
  }

  /// The first misclassified test images, each with "true→predicted" under it, as large as
  /// the panel allows (28 pixels a side when it can, else 14 or 7); k/j select one, whose
  /// label is highlighted, and Enter opens it in Explore.
  private static func mistakes(_ t: TrainState, _ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    guard !p.confusion.isEmpty else {
      putWrapped(mistakesWaiting, at: area.y, in: area, style: Style(dim: true), into: &frame)
      return
    }
    let wrong = p.confusion.enumerated().reduce(0) { sum, row in sum + row.element.reduce(0, +) - row.element[row.offset] }
    // The title in full when it fits; else its short form (the 46 columns at 120×40 keep a
    // third row of digits); else the full one wrapped.
    let counts = "misclassified: \(wrong.grouped) of \(p.confusion.joined().reduce(0, +).grouped)"
    let full = counts + (t.selectedMistake == nil ? " (true→guess; k/j pick one)" : " (true→guess; enter opens it in Explore)")
    let short = counts + (t.selectedMistake == nil ? " (true→guess; k/j)" : " (enter: Explore)")
    let title = putWrapped(full.count <= area.width || short.count > area.width ? full : short,
                           at: area.y, in: area, into: &frame)
    // The biggest cell that still fits two in a row and one row under the title.
    let side = p.mistakes.first?.side ?? 28
    let (cell, height) = [(side + 1, side / 2), (side / 2 + 1, side / 4), (7, 3)].first {
      2 * $0.0 <= area.width && area.y + title + $0.1 < area.bottom
    } ?? (7, 3)
    let perRow = max(1, area.width / cell)
    for (k, m) in p.mistakes.enumerated() {
      let x = area.x + (k % perRow) * cell
      let y = area.y + title + (k / perRow) * (height + 1)
      guard y + height < area.bottom else { break }
      frame.render(
        Heatmap(values: m.pixels.map { Float($0) }, rows: m.side, cols: m.side, scale: Scale(min: 0, max: 255),
                colorMap: frame.palette.sequential, colorDepth: frame.colorDepth, zoom: false, unicode: frame.unicode,
                squarePixels: true),
        in: Rect(x: x, y: y, width: cell - 1, height: height))
      let selected = t.selectedMistake == k
      TrainView.put((selected ? (frame.unicode ? "▸" : ">") : "") + "\(m.label)→\(m.predicted)", at: y + height,
                    in: Rect(x: x, y: area.y, width: cell - 1, height: area.height),
                    style: Style(fg: .red, bold: selected, reverse: selected), into: &frame)
    }
  }

  /// Every run of the session: what it was, how far it got, whether it is saved; the
  /// selected one (k/j) is the one `w` and `x` write.
  private static func runs(_ t: TrainState, in area: Rect, into frame: inout Frame) {
    let title = putWrapped(runsTitle, at: area.y, in: area, into: &frame)
    let selected = t.targetRun?.runID
    let unsaved = Set(t.unsavedRuns.map(\.runID))
    let onChart = frame.unicode ? "●" : "*"
    let rows = t.allRuns.map { r in
      [(r.runID == selected ? (frame.unicode ? "▸" : ">") : " ") + "\(r.runID)", r.setup.label ?? r.setup.modelName,
       "\(r.epochResults.count)/\(r.epochs)", r.testAccuracy.map { NumberFormat.percent($0, decimals: 2) } ?? "–",
       t.compared.contains(r.runID) ? onChart : "", r.step == 0 ? "–" : unsaved.contains(r.runID) ? "no" : "yes"]
    }
    let header = runsHeader(width: area.width, t: t, onChart: onChart)
    frame.render(
      Table(header: header.names, rows: rows, columnSpacing: header.spacing, unicode: frame.unicode),
      in: Rect(x: area.x, y: area.y + title, width: area.width, height: area.height - title))
    var y = area.y + title + 1 + rows.count
    if let legend = header.legend, y < area.bottom {
      y += putWrapped(legend, at: y, in: Rect(x: area.x, y: area.y, width: area.width, height: area.bottom - area.y),
                      style: Style(dim: true), into: &frame)
    }
    // The newest runs' full settings, which the table has no room for: wrapped, since a
    // settings line is longer than the panel is wide from 120 columns down.
    y += 1
    for r in t.allRuns.suffix(3) where y < area.bottom {
      y += putWrapped("\(r.runID): \(r.setup.summary)", at: y,
                      in: Rect(x: area.x, y: area.y, width: area.width, height: area.bottom - area.y),
                      style: Style(dim: true), into: &frame)
    }
  }

  /// The runs table's column names: in words when the table fits the column with them and
  /// the run names whole, else short ones (one space apart) with a legend line for them, so
  /// a narrow panel (36 columns at 80×24) reads "ep", "test" rather than "tra…", "tes…".
  static func runsHeader(width: Int, t: TrainState, onChart: String = "●")
    -> (names: [String], spacing: Int, legend: String?)
  {
    let long = [" #", "run", "epochs", "test acc", "on chart", "saved"]
    let idWidth = max(2, 1 + "\(t.allRuns.map(\.runID).max() ?? 1)".count)
    let nameWidth = t.allRuns.map { ($0.setup.label ?? $0.setup.modelName).count }.max() ?? 3
    // epochs "12/20", test "99.12%": the long names are the widest cells of their columns.
    let natural = idWidth + max(3, nameWidth) + long.dropFirst(2).map(\.count).reduce(0, +) + 2 * (long.count - 1)
    guard natural > width else { return (long, 2, nil) }
    return ([" #", "run", "ep", "test", onChart, "saved"], 1, "ep: epochs done · test: test accuracy · \(onChart): on the chart")
  }
}
