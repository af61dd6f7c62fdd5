import ConvEngine
import Foundation
import TerminalUI

/// The Compare screen's content as lines: totals with ratios, where the parameters and the
/// work are (log-scale bars per stage), the stage-by-stage table, design choices and measured
/// speeds. Built as lines so the whole screen scrolls as one; every number comes from the
/// engine's `ModelComparison` and is written by `CompareText`.
enum CompareView {
  static let bold = Style(bold: true)
  static let dim = Style(dim: true)
  /// The heading of the measured-speed section, where `m` jumps to.
  static let timingHeading = "Measured on this machine"

  /// Draws `compare` scrolled (clamped so the last line can reach the bottom, no further).
  /// When there is more than fits, the last row says which lines are in view.
  static func render(_ compare: CompareState, in area: Rect, into frame: inout Frame) {
    let all = lines(compare, width: area.width, unicode: frame.unicode)
    ScrolledLines(count: all.count, height: area.height, scroll: compare.scroll)
      .render(all, keys: frame.unicode ? "↓/↑ pgdn/pgup home/end" : "up/down pgdn/pgup home/end", in: area, into: &frame)
  }

  /// Presenter mode: the three totals a room takes away (parameters, work and memory per
  /// image), a blank row between rows, and nothing else; F5 gives back the whole comparison.
  static func renderPresented(_ compare: CompareState, in area: Rect, into frame: inout Frame) {
    guard let c = compare.comparison else {
      let text = compare.comparisonError.map { "Could not build the comparison: \($0)" } ?? "Building the comparison…"
      frame.render(Paragraph(text), in: area)
      return
    }
    let (l, r) = (c.left, c.right)
    let rows = [
      ["parameters", l.parameters.grouped, r.parameters.grouped, CompareText.ratio(c.ratios.parameters)],
      ["MACs per image", l.macs.grouped, r.macs.grouped, CompareText.ratio(c.ratios.macs)],
      ["memory per image", NumberFormat.bytes(l.activationBytes), NumberFormat.bytes(r.activationBytes),
       CompareText.ratio(c.ratios.activationBytes)],
    ]
    let header = ["", l.name, r.name, "\(r.name) ÷ \(l.name)"]
    // Centred; on a big terminal the columns spread to about half its width and the rows
    // to a few blank rows apart, so the numbers stay large against the room they have.
    let narrow = table(header: header, rows: rows, right: [1, 2, 3]).map { $0.map(\.text).joined().displayWidth }.max() ?? 0
    let spacing = max(2, min(8, (area.width / 2 - narrow) / 3 + 2))
    let lines = table(header: header, rows: rows, right: [1, 2, 3], spacing: spacing).map { line in
      let text = line.map(\.text).joined()
      return frame.unicode ? text : ASCIIText.plain(text)
    }
    let step = max(2, min(4, area.height / (2 * lines.count)))
    let width = lines.map(\.displayWidth).max() ?? 0
    let height = (lines.count - 1) * step + 1
    let x = area.x + max(0, (area.width - width) / 2)
    let top = area.y + max(0, (area.height - height) / 2)
    for (i, line) in lines.enumerated() {
      let y = top + step * i
      guard y < area.bottom else { break }
      frame.buffer.put(line, at: Point(x: x, y: y), style: bold, clippedTo: area)
    }
  }

  /// Rows of content shown: all of `height`, less the position row when the lines overflow.
  static func visibleRows(lineCount: Int, height: Int) -> Int {
    ScrolledLines(count: lineCount, height: height, scroll: 0).visibleRows
  }

  static func maxScroll(lineCount: Int, height: Int) -> Int {
    ScrolledLines(count: lineCount, height: height, scroll: 0).maxScroll
  }

  /// Where the comparison is drawn on a terminal of `size`: inside the screen's box, below
  /// its purpose line (the same rectangle `ScreenBody` gives `render`), so scrolling in
  /// `update` clamps against what is drawn.
  static func area(for size: Size) -> Rect {
    let body = RootView.layout(Rect(size)).body
    let inner = Block(title: " Compare ").inner(body).inset(top: 1, left: 2, bottom: 0, right: 2)
    let purpose = Paragraph(ScreenBody.comparePurpose).lines(width: max(1, inner.width)).count
    let y = min(inner.bottom, inner.y + purpose + 1)
    return Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.bottom - y))
  }

  /// Every line of the screen at `width`, spelled in ASCII when `unicode` is false.
  static func lines(_ compare: CompareState, width: Int, unicode: Bool) -> [[Span]] {
    let out = unicodeLines(compare, width: width, unicode: unicode)
    guard !unicode else { return out }
    return out.map { $0.map { Span(ASCIIText.plain($0.text), style: $0.style) } }
  }

  /// The line index of the measured-speed heading (where `m` scrolls to).
  static func timingLine(_ compare: CompareState, width: Int) -> Int? {
    lines(compare, width: width, unicode: true).firstIndex { $0.first?.text == timingHeading }
  }

  private static func unicodeLines(_ compare: CompareState, width: Int, unicode: Bool) -> [[Span]] {
    guard let c = compare.comparison else {
      let text = compare.comparisonError.map { "Could not build the comparison: \($0)" } ?? "Building the comparison…"
      return wrap(text, width: width)
    }
    let times = "×"
    var out: [[Span]] = []
    out += totals(c, width: width, times: times)
    for v in c.variantRatios {
      let pair = v.replacesLeft ? "\(c.right.name) ÷ \(v.variant)" : "\(v.variant) ÷ \(c.left.name)"
      out += wrap("\(pair): parameters \(CompareText.ratio(v.ratios.parameters)), MACs \(CompareText.ratio(v.ratios.macs)).",
                  width: width, style: dim)
    }
    out.append([])
    out += CompareBars.lines(c, .parameters, width: width, unicode: unicode)
    out.append([])
    out += CompareBars.lines(c, .macs, width: width, unicode: unicode)
    out.append([])
    out.append([Span("Stage by stage", style: bold)])
    out += wrap(c.alignmentRule, width: width, style: dim)
    out += stageTable(c, width: width, times: times, compare: compare)
    out.append([])
    out.append([Span("Design choices", style: bold)])
    let nameWidth = max(c.left.name.displayWidth, c.right.name.displayWidth) + 1
    for choice in c.designChoices {
      out += wrap(choice.aspect, width: width, style: bold)
      out += hanging("  " + (c.left.name + ":").fitted(to: nameWidth) + " ", entry(choice.left), width: width)
      out += hanging("  " + (c.right.name + ":").fitted(to: nameWidth) + " ", entry(choice.right), width: width)
    }
    out.append([])
    out.append([Span(timingHeading, style: bold)])
    out += timingLines(compare, c, width: width, times: times)
    return out
  }

  static func entry(_ e: DesignEntry) -> String {
    e.text + (e.source.map { " [\($0)]" } ?? "")
  }

  /// Totals of both models and their ratio, one measure a row (fits 80 columns).
  static func totals(_ c: ModelComparison, width: Int, times: String) -> [[Span]] {
    let l = c.left, r = c.right
    let rows: [[String]] = [
      ["input", l.input.map(String.init).joined(separator: times), r.input.map(String.init).joined(separator: times), ""],
      ["weight layers", String(l.layerCounts.weightLayers), String(r.layerCounts.weightLayers), ""],
      ["parameters", l.parameters.grouped, r.parameters.grouped, CompareText.ratio(c.ratios.parameters)],
      ["MACs per image", l.macs.grouped, r.macs.grouped, CompareText.ratio(c.ratios.macs)],
      ["memory per image", NumberFormat.bytes(l.activationBytes), NumberFormat.bytes(r.activationBytes),
       CompareText.ratio(c.ratios.activationBytes)],
      ["params in classifier", CompareText.share(l.classifierShare), CompareText.share(r.classifierShare), ""],
    ]
    return table(header: ["", l.name, r.name, "\(r.name) ÷ \(l.name)"], rows: rows, right: [1, 2, 3])
  }

  /// The aligned layers. Side by side when both models fit the width; otherwise (80
  /// columns) each line of a stage becomes two rows, one per model, so nothing is cut.
  /// The row of the layer picked with `<`/`>` is drawn reversed.
  static func stageTable(_ c: ModelComparison, width: Int, times: String, compare: CompareState = CompareState()) -> [[Span]] {
    var wideRows: [[String]] = []
    var widePicked: Int?
    var narrowPicked: Int?
    var narrowRows: [[String]] = []
    var wideNotes: [Int: [String]] = [:]
    var narrowNotes: [Int: [String]] = [:]
    for stage in c.stages {
      for (i, line) in stage.lines.enumerated() {
        let label = i == 0 ? stage.label : ""
        let leftPicked = ComparePick.isPicked(line.left, model: c.left.name, in: compare)
        let rightPicked = ComparePick.isPicked(line.right, model: c.right.name, in: compare)
        if leftPicked || rightPicked { widePicked = wideRows.count }
        if leftPicked { narrowPicked = narrowRows.count }
        if rightPicked { narrowPicked = narrowRows.count + 1 }
        wideRows.append([label] + side(line.left, times) + side(line.right, times))
        narrowRows.append([label, c.left.name] + side(line.left, times))
        narrowRows.append(["", c.right.name] + side(line.right, times))
      }
      if !stage.notes.isEmpty {
        wideNotes[wideRows.count - 1] = stage.notes
        narrowNotes[narrowRows.count - 1] = stage.notes
      }
    }
    let wideHeader = ["stage", c.left.name, "output", "params", "MACs", c.right.name, "output", "params", "MACs"]
    let wide = table(header: wideHeader, rows: wideRows, right: [3, 4, 7, 8])
    let fits = wide.allSatisfy { $0.reduce(0) { $0 + $1.text.displayWidth } <= width }
    let lines = fits ? wide
      : table(header: ["stage", "model", "layer", "output", "params", "MACs"], rows: narrowRows, right: [4, 5])
    let notes = fits ? wideNotes : narrowNotes
    let picked = fits ? widePicked : narrowPicked
    var out: [[Span]] = []
    for (i, line) in lines.enumerated() {
      // Row i of the data is line i + 1 (the header comes first).
      out.append(i - 1 == picked ? line.map { Span($0.text, style: Style(reverse: true)) } : line)
      for note in notes[i - 1] ?? [] { out += hanging("    ", note, width: width, style: dim) }
    }
    return out
  }

  static func side(_ row: ShapeRow?, _ times: String) -> [String] {
    guard let row else { return ["—", "", "", ""] }
    return [row.name, row.output.map(String.init).joined(separator: times), row.parameters.grouped, row.macs.grouped]
  }

  static func timingLines(_ compare: CompareState, _ c: ModelComparison, width: Int, times: String) -> [[Span]] {
    if compare.isMeasuring {
      let spinner = ["|", "/", "-", "\\"][compare.measureTicks / 4 % 4]
      var out = wrap("\(spinner) Measuring \(c.left.name), then \(c.right.name), on this machine: batch-1 forward passes "
        + "and a few training steps of each. \(c.right.name) takes several seconds on every core; the results "
        + "appear here.", width: width, style: Style(fg: .yellow, bold: true))
      if let t = compare.timing { out += wrap("Until then, the previous measurement:", width: width, style: dim) + timingTable(t, c) }
      return out
    }
    if let error = compare.timingError {
      return wrap("Timing failed: \(error) (m measures again).", width: width)
    }
    guard let t = compare.timing else {
      return wrap("Not measured yet: press m (it takes several seconds, and jumps here).", width: width, style: dim)
    }
    var out = timingTable(t, c)
    out += wrap("\(c.right.name) takes \(CompareText.ratio(t.forwardTimeRatio)) the forward time and "
      + "\(CompareText.ratio(t.trainTimeRatio)) the training time per image. The paper's schedule (90 epochs in 5–6 days "
      + "on two GTX 580s) implies \(t.paperImagesPerSecond.map { CompareText.rate($0) }.joined(separator: " to ")). "
      + "m measures again.", width: width, style: dim)
    return out
  }

  /// Measured speeds of both models, one measure a row.
  static func timingTable(_ t: ComparisonTiming, _ c: ModelComparison) -> [[Span]] {
    let lp = t.leftProjection, rp = t.rightProjection
    let rows: [[String]] = [
      ["forward, batch 1", CompareText.milliseconds(t.left.forwardBatch1.median),
       CompareText.milliseconds(t.right.forwardBatch1.median), CompareText.ratio(t.forwardTimeRatio)],
      ["training, per image", CompareText.milliseconds(t.left.trainMillisecondsPerImage),
       CompareText.milliseconds(t.right.trainMillisecondsPerImage), CompareText.ratio(t.trainTimeRatio)],
      ["training throughput", CompareText.rate(t.left.trainImagesPerSecond), CompareText.rate(t.right.trainImagesPerSecond), ""],
      ["epoch of \(CompareText.abbreviated(lp.images)) images", CompareText.duration(lp.trainEpochSeconds),
       CompareText.duration(rp.trainEpochSeconds), ""],
      ["\(lp.epochs) epochs", CompareText.duration(lp.trainRunSeconds), CompareText.duration(rp.trainRunSeconds), ""],
      ["classify \(CompareText.abbreviated(lp.images))", CompareText.duration(lp.inferenceSeconds),
       CompareText.duration(rp.inferenceSeconds), ""],
    ]
    return table(header: ["", c.left.name, c.right.name, "\(c.right.name) ÷ \(c.left.name)"], rows: rows, right: [1, 2, 3])
  }

  // MARK: - Layout of text

  /// Columns padded to their widest cell, two spaces apart; `right` columns right-aligned.
  static func table(header: [String], rows: [[String]], right: Set<Int>, spacing: Int = 2) -> [[Span]] {
    let alignments = header.indices.map { right.contains($0) ? Alignment.right : .left }
    let lines = Table(header: header, rows: rows, alignments: alignments, columnSpacing: spacing).plainLines()
    return [[Span(lines[0], style: bold)]] + lines.dropFirst().map { [Span($0)] }
  }

  static func wrap(_ text: String, width: Int, style: Style = .plain) -> [[Span]] {
    Paragraph(text, style: style).lines(width: max(1, width))
  }

  /// `text` wrapped after `lead`, its later lines indented to line up under the first word.
  static func hanging(_ lead: String, _ text: String, width: Int, style: Style = .plain) -> [[Span]] {
    let indent = lead.displayWidth
    let body = wrap(text, width: max(10, width - indent), style: style)
    return body.enumerated().map { i, line in
      [Span(i == 0 ? lead : String(repeating: " ", count: indent), style: style)] + line
    }
  }
}

extension String {
  /// Without spaces at the end (a table's last column is often empty).
  fileprivate var trimmingTrailingSpaces: String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
