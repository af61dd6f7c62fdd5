import ConvEngine
import Foundation
import TerminalUI

/// Bar charts of one measure (parameters or MACs) per stage for both models, on a log scale
/// so that LeNet-5's 156 and AlexNet's 37,752,832 both show: one decade is the same length
/// everywhere. Each bar is labelled with its exact value and its share of the model's total
/// (fc6 holds 61.9% of AlexNet's parameters). Lines of spans, to scroll with the rest.
public enum CompareBars {
  /// The two measures charted.
  public enum Measure: Sendable {
    case parameters, macs

    var title: String {
      switch self {
      case .parameters: "Parameters per stage"
      case .macs: "MACs per image, per stage"
      }
    }

    func values(_ stage: ComparisonStage) -> (left: Int, right: Int) {
      switch self {
      case .parameters: stage.parameters
      case .macs: stage.macs
      }
    }

    func total(_ model: ComparedModel) -> Int {
      switch self {
      case .parameters: model.parameters
      case .macs: model.macs
      }
    }
  }

  /// Bar styles: the models differ in colour and, for `NO_COLOR`, each row names its model.
  static let leftStyle = Style(fg: .cyan)
  static let rightStyle = Style(fg: .magenta)

  public static func lines(_ c: ModelComparison, _ measure: Measure, width: Int, unicode: Bool) -> [[Span]] {
    let stages = c.stages.filter { $0.role != .input }
    // A model with no layer in a stage (LeNet-5 has no conv block 3) gets no row there.
    let rows = stages.flatMap { stage -> [(String, String, Int, Int, Style)] in
      let v = measure.values(stage)
      var rows: [(String, String, Int, Int, Style)] = []
      if !stage.leftRows.isEmpty { rows.append((stage.label, c.left.name, v.left, measure.total(c.left), leftStyle)) }
      if !stage.rightRows.isEmpty {
        rows.append((rows.isEmpty ? stage.label : "", c.right.name, v.right, measure.total(c.right), rightStyle))
      }
      return rows
    }
    let largest = max(10, rows.map(\.2).max() ?? 10)
    let labelWidth = stages.map(\.label.displayWidth).max() ?? 0
    let nameWidth = max(c.left.name.displayWidth, c.right.name.displayWidth)
    let values = rows.map { $0.2.grouped }
    let shares = rows.map { $0.3 > 0 ? CompareText.share(Double($0.2) / Double($0.3)) : "" }
    let valueWidth = values.map(\.displayWidth).max() ?? 0
    let shareWidth = shares.map(\.displayWidth).max() ?? 0
    let barWidth = min(60, max(8, width - labelWidth - nameWidth - valueWidth - shareWidth - 8))
    let lead = labelWidth + nameWidth + 4
    var out: [[Span]] = [[Span(measure.title, style: Style(bold: true)),
                          Span(" (log scale; share of the model's total)", style: Style(dim: true))]]
    for (i, row) in rows.enumerated() {
      // log10(1) = 0: a stage with one parameter or none draws no bar.
      let fraction = row.2 > 0 ? log10(Double(row.2)) / log10(Double(largest)) : 0
      let bar = BlockGlyphs.bar(fraction: fraction, width: barWidth, unicode: unicode)
      out.append([
        Span(row.0.fitted(to: labelWidth) + "  " + row.1.fitted(to: nameWidth) + "  "),
        Span(bar, style: row.4),
        Span("  " + values[i].fitted(to: valueWidth, alignment: .right) + "  "
          + shares[i].fitted(to: shareWidth, alignment: .right)),
      ])
    }
    out.append([Span(String(repeating: " ", count: lead) + axis(largest: largest, width: barWidth), style: Style(dim: true))])
    return out
  }

  /// Decade labels under the bars (1, 10, 100, 1k … 100M), each where its decade ends,
  /// dropped where it would touch the previous one.
  static func axis(largest: Int, width: Int) -> String {
    var line = [Character](repeating: " ", count: width + 6)
    var free = 0
    let top = log10(Double(largest))
    var decade = 0
    while Double(decade) <= top {
      let text = decadeLabel(decade)
      let x = Int((Double(decade) / top * Double(width)).rounded())
      let start = max(0, min(x - (decade == 0 ? 0 : text.count / 2), line.count - text.count))
      if start >= free {
        for (k, ch) in text.enumerated() { line[start + k] = ch }
        free = start + text.count + 1
      }
      decade += 1
    }
    var text = String(line)
    while text.last == " " { text.removeLast() }
    return text
  }

  /// 0 → "1", 3 → "1k", 7 → "10M".
  static func decadeLabel(_ decade: Int) -> String {
    let units = ["", "k", "M", "G", "T"]
    let unit = min(decade / 3, units.count - 1)
    return "1" + String(repeating: "0", count: decade - unit * 3) + units[unit]
  }
}
