import ConvEngine
import Foundation
import TerminalUI

/// The Compare screen's content as lines: totals, ratios, the stage-by-stage table, design
/// choices and measured speeds. Built as lines so the whole screen scrolls as one.
enum CompareScreenView {
  static let bold = Style(bold: true)
  static let dim = Style(dim: true)

  /// Draws `compare` scrolled (clamped so the last line can reach the bottom, no further).
  static func render(_ compare: CompareState, in area: Rect, into frame: inout Frame) {
    let all = lines(compare, width: area.width, unicode: frame.unicode)
    let start = min(compare.scroll, max(0, all.count - area.height))
    for (row, line) in all.dropFirst(start).prefix(area.height).enumerated() {
      frame.buffer.put(line, at: Point(x: area.x, y: area.y + row), clippedTo: area)
    }
  }

  /// Every line of the screen at `width`.
  static func lines(_ compare: CompareState, width: Int, unicode: Bool) -> [[Span]] {
    guard let c = compare.comparison else {
      let text = compare.comparisonError.map { "Could not build the comparison: \($0)" }
        ?? "Building the comparison" + (unicode ? "…" : "...")
      return wrap(text, width: width)
    }
    let times = unicode ? "×" : "x"
    var out: [[Span]] = []
    out += table(
      header: ["model", "input", "weight layers", "parameters", "MACs/image", "memory/image", "classifier"],
      rows: [c.left, c.right].map { m in
        [m.name, m.input.map(String.init).joined(separator: times), String(m.layerCounts.weightLayers),
         NumberFormat.grouped(m.parameters), NumberFormat.grouped(m.macs), NumberFormat.bytes(m.activationBytes),
         NumberFormat.percent(m.classifierShare, decimals: 0) + " of params"]
      }, right: [2, 3, 4, 5], width: width)
    out.append([])
    out += wrap("\(c.right.name) ÷ \(c.left.name): parameters \(ratio(c.ratios.parameters, times)), "
      + "MACs \(ratio(c.ratios.macs, times)), memory \(ratio(c.ratios.activationBytes, times)).", width: width)
    for v in c.variantRatios {
      let pair = v.replacesLeft ? "\(c.right.name) ÷ \(v.variant)" : "\(v.variant) ÷ \(c.left.name)"
      out += wrap("\(pair): parameters \(ratio(v.ratios.parameters, times)), MACs \(ratio(v.ratios.macs, times)).",
                  width: width, style: dim)
    }
    out.append([])
    out.append([Span("Stage by stage", style: bold)])
    out += wrap(c.alignmentRule, width: width, style: dim)
    out += stageTable(c, width: width, times: times)
    out.append([])
    out.append([Span("Design choices", style: bold)])
    for choice in c.designChoices {
      out += wrap(choice.aspect, width: width, style: bold)
      out += wrap("  \(c.left.name): " + entry(choice.left), width: width)
      out += wrap("  \(c.right.name): " + entry(choice.right), width: width)
    }
    out.append([])
    out.append([Span("Measured on this machine", style: bold)])
    out += timingLines(compare, c, width: width, times: times)
    return out
  }

  static func entry(_ e: DesignEntry) -> String {
    e.text + (e.source.map { " [\($0)]" } ?? "")
  }

  /// The aligned layers: a stage's label on its first line, `—` where a model has no layer.
  static func stageTable(_ c: ModelComparison, width: Int, times: String) -> [[Span]] {
    var rows: [[String]] = []
    var notes: [Int: [String]] = [:]
    for stage in c.stages {
      for (i, line) in stage.lines.enumerated() {
        rows.append([i == 0 ? stage.label : ""] + side(line.left, times) + side(line.right, times))
      }
      if !stage.notes.isEmpty { notes[rows.count - 1] = stage.notes }
    }
    let header = ["stage", c.left.name, "output", "params", "MACs", c.right.name, "output", "params", "MACs"]
    let lines = table(header: header, rows: rows, right: [3, 4, 7, 8], width: width)
    var out: [[Span]] = []
    for (i, line) in lines.enumerated() {
      out.append(line)
      // Row i of the data is line i + 1 (the header comes first).
      for note in notes[i - 1] ?? [] { out += wrap("    " + note, width: width, style: dim) }
    }
    return out
  }

  static func side(_ row: ShapeRow?, _ times: String) -> [String] {
    guard let row else { return ["—", "", "", ""] }
    return [row.name, row.output.map(String.init).joined(separator: times), NumberFormat.abbreviated(row.parameters), NumberFormat.abbreviated(row.macs)]
  }

  static func timingLines(_ compare: CompareState, _ c: ModelComparison, width: Int, times: String) -> [[Span]] {
    if let error = compare.timingError {
      return wrap("Timing failed: \(error) (m measures again).", width: width)
    }
    guard let t = compare.timing else {
      return wrap(compare.isMeasuring ? "Measuring both models in the background…" : "Not measured yet: press m.",
                  width: width, style: dim)
    }
    var out: [[Span]] = []
    let header = ["model", "forward (batch 1)", "training", "1.2 M-image epoch", "\(t.leftProjection.epochs) epochs", "inference, 1.2 M"]
    let rows = [(c.left.name, t.left, t.leftProjection), (c.right.name, t.right, t.rightProjection)].map { name, m, p in
      [name, String(format: "%.2f ms", m.forwardBatch1.median), String(format: "%.0f img/s", m.trainImagesPerSecond),
       NumberFormat.span(p.trainEpochSeconds, secondDecimals: 0), NumberFormat.span(p.trainRunSeconds, secondDecimals: 0), NumberFormat.span(p.inferenceSeconds, secondDecimals: 0)]
    }
    out += table(header: header, rows: rows, right: [1, 2, 3, 4, 5], width: width)
    out += wrap("\(c.right.name) takes \(ratio(t.forwardTimeRatio, times)) the forward time and "
      + "\(ratio(t.trainTimeRatio, times)) the training time per image. The paper's schedule (90 epochs in 5–6 days "
      + "on two GTX 580s) implies \(t.paperImagesPerSecond.map { String(format: "%.0f", $0) }.joined(separator: "–")) img/s. "
      + "m measures again.", width: width, style: dim)
    return out
  }

  // MARK: - Formatting

  /// Columns padded to their widest cell, two spaces apart; `right` columns right-aligned.
  static func table(header: [String], rows: [[String]], right: Set<Int>, width: Int) -> [[Span]] {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { c < $0.count ? $0[c].displayWidth : 0 }.max() ?? 0 }
    func format(_ row: [String]) -> String {
      row.enumerated().map { c, cell in
        let pad = String(repeating: " ", count: max(0, widths[c] - cell.displayWidth))
        return right.contains(c) ? pad + cell : cell + pad
      }.joined(separator: "  ")
    }
    return [[Span(format(header), style: bold)]] + rows.map { [Span(format($0))] }
  }

  static func wrap(_ text: String, width: Int, style: Style = .plain) -> [[Span]] {
    Paragraph(text, style: style).lines(width: max(1, width))
  }

  static func ratio(_ x: Double, _ times: String) -> String {
    (x >= 100 ? Int(x.rounded()).grouped : String(format: "%.1f", x)) + times
  }

}
