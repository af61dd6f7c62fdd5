import ConvEngine
import Foundation
import TerminalUI

/// The Train screen's left column: the loss or accuracy chart over epochs (earlier runs
/// overlaid, live changes marked on the axis), the marks' legend, and the epoch table.
enum TrainChartView {
  /// Colours of overlaid runs, in the order they are listed.
  static let overlayColors: [Color] = [.yellow, .magenta, .green]

  static func render(_ t: TrainState, _ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    let table = epochRows(p)
    let marks = p.marks.filter { $0.kind != .note }.suffix(3)
    let numbered = Array(marks.enumerated())
    let tableRows = min(table.count + 1, max(0, area.height / 4))
    let below = (table.isEmpty ? 0 : tableRows) + numbered.count
    let chartArea = Rect(x: area.x, y: area.y, width: area.width, height: max(0, area.height - below))
    let compared = t.compared.compactMap { t.run($0) }.filter { $0.runID != p.runID }
    let drawn = t.chart == .loss ? lossChart(p, compared, logScale: t.logScale, unicode: frame.unicode)
      : accuracyChart(p, compared, errorRate: t.logScale, unicode: frame.unicode)
    if var chart = drawn {
      chart.marks = numbered.compactMap { i, mark in
        p.epochs(atStep: mark.step).map {
          LineChart.Mark(x: $0, symbol: Character(String(i + 1)), color: mark.kind == .diverged ? .red : .yellow)
        }
      }
      frame.render(chart, in: chartArea)
    } else {
      TrainView.put(t.chart == .loss ? "The loss curve appears after the first steps."
                      : "Accuracy per epoch appears after the first epoch (a: back to the loss).",
                    at: chartArea.y, in: chartArea, style: Style(dim: true), into: &frame)
    }
    var y = chartArea.bottom
    for (i, mark) in numbered {
      TrainView.put("\(i + 1) step \(mark.step.grouped): \(mark.message)", at: y, in: area,
                    style: Style(fg: mark.kind == .diverged ? .red : .yellow), into: &frame)
      y += 1
    }
    guard !table.isEmpty, y < area.bottom else { return }
    let rows = Array(table.suffix(max(0, area.bottom - y - 1)))
    frame.render(
      Table(header: ["ep", "loss", "train acc", "test loss", "test acc", "img/s", "time"], rows: rows,
            unicode: frame.unicode),
      in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
  }

  /// Per-step loss (dim) and smoothed loss of this run, smoothed losses of the compared runs;
  /// x in epochs.
  static func lossChart(_ p: TrainProgress, _ compared: [TrainProgress], logScale: Bool, unicode: Bool) -> LineChart? {
    guard p.curve.count >= 2 || compared.contains(where: { $0.curve.count >= 2 }) else { return nil }
    var series: [LineChart.Series] = []
    for (i, run) in compared.enumerated() {
      // Finished runs carry their final test accuracy in the legend: the comparison in one line.
      let accuracy = run.testAccuracy.map { " " + String(format: "%.1f%%", $0 * 100) } ?? ""
      series.append(.init(run.shortTitle + accuracy, values: run.curve.map(\.smoothed), color: overlayColors[i % overlayColors.count],
                          xs: run.curve.map(\.epochs)))
    }
    series.append(.init("loss per step", values: p.curve.map(\.loss), color: .blue, xs: p.curve.map(\.epochs)))
    series.append(.init(compared.isEmpty ? "smoothed" : "\(p.shortTitle) (smoothed)", values: p.curve.map(\.smoothed),
                        color: .cyan, xs: p.curve.map(\.epochs)))
    return LineChart(series: series, yScale: logScale ? .log : .linear, unicode: unicode)
  }

  /// Train and test accuracy per epoch (or, on the log scale, test error in %), with the
  /// compared runs' test curves; x in epochs.
  static func accuracyChart(_ p: TrainProgress, _ compared: [TrainProgress], errorRate: Bool, unicode: Bool) -> LineChart? {
    guard !p.epochResults.isEmpty || compared.contains(where: { !$0.epochResults.isEmpty }) else { return nil }
    func values(_ results: [TrainProgress.EpochResult], _ key: KeyPath<TrainProgress.EpochResult, Double>) -> [Double] {
      results.map { errorRate ? (1 - $0[keyPath: key]) * 100 : $0[keyPath: key] * 100 }
    }
    let word = errorRate ? "error %" : "acc %"
    var series: [LineChart.Series] = []
    for (i, run) in compared.enumerated() {
      series.append(.init("\(run.shortTitle) test \(word)", values: values(run.epochResults, \.testAccuracy),
                          color: overlayColors[i % overlayColors.count], xs: run.epochResults.map { Double($0.epoch) }))
    }
    let xs = p.epochResults.map { Double($0.epoch) }
    series.append(.init("train \(word)", values: values(p.epochResults, \.trainAccuracy), color: .blue, xs: xs))
    series.append(.init("test \(word)", values: values(p.epochResults, \.testAccuracy), color: .cyan, xs: xs))
    return LineChart(series: series, yScale: errorRate ? .log : .linear, unicode: unicode)
  }

  static func epochRows(_ p: TrainProgress) -> [[String]] {
    p.epochResults.map {
      let rate = $0.wallSeconds > 0 ? Int((Double($0.images) / $0.wallSeconds).rounded()).grouped : "–"
      return ["\($0.epoch)", String(format: "%.4f", $0.trainLoss), NumberFormat.percent($0.trainAccuracy, decimals: 2),
              String(format: "%.4f", $0.testLoss), NumberFormat.percent($0.testAccuracy, decimals: 2), rate,
              NumberFormat.elapsed($0.seconds)]
    }
  }
}
