import ConvEngine
import Foundation
import TerminalUI

/// The Train screen's left column: the loss or accuracy chart over epochs (earlier runs
/// overlaid, live changes marked on the axis), the marks' legend, and the epoch table.
enum TrainChartView {
  /// Colours of overlaid runs, in the order they are listed.
  static let overlayColors: [Color] = [.yellow, .magenta, .green]

  /// The glyph of overlaid run `i`: colour alone is lost under `NO_COLOR` and hard to tell
  /// apart on 8 colours, a glyph on the line is not.
  static func overlayMarker(_ i: Int, unicode: Bool) -> Character {
    (unicode ? ["×", "○", "◆"] : ["x", "o", "#"] as [Character])[i % 3]
  }

  static func render(_ t: TrainState, _ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    let epochs = epochTable(p, width: area.width)
    let table = epochs.rows
    let marks = p.marks.filter { $0.kind != .note }.suffix(3)
    let numbered = Array(marks.enumerated())
    let compared = t.compared.compactMap { t.run($0) }.filter { $0.runID != p.runID }
    // The verdict wraps (hanging indent) rather than being cut: on a narrow chart its last
    // run is the one a cut would lose. At most a fifth of the column (two lines at least),
    // so the chart keeps most of its height.
    let verdict = (compared.isEmpty ? nil : TrainVerdict.line(compared + [p]))
      .map { Array(TextWrapper.wrap($0, width: area.width, first: "", rest: "  ").prefix(max(2, area.height / 5))) } ?? []
    let tableRows = min(table.count + 1 + (epochs.legend == nil ? 0 : 1), max(0, area.height / 4))
    let below = (table.isEmpty ? 0 : tableRows) + numbered.count + verdict.count
    let chartArea = Rect(x: area.x, y: area.y, width: area.width, height: max(0, area.height - below))
    let axis = Axis(zoom: t.isZoomed ? zoomSteps(compared + [p]) : nil)
    let log = t.usesLogScale(comparing: !compared.isEmpty)
    let first = firstColor(frame.palette)
    let drawn = t.chart == .loss ? lossChart(p, compared, logScale: log, axis: axis, unicode: frame.unicode, first: first)
      : accuracyChart(p, compared, errorRate: log, axis: axis, unicode: frame.unicode, first: first)
    if var chart = drawn {
      chart.marks = numbered.compactMap { i, mark in
        (axis.zoom == nil ? p.epochs(atStep: mark.step) : Double(mark.step)).map {
          LineChart.Mark(x: $0, symbol: Character(String(i + 1)), color: mark.kind == .diverged ? .red : .yellow)
        }
      }
      chart.xLabels = .round(unit: axis.unit)
      chart.xRange = axis.range
      frame.render(chart, in: chartArea)
    } else {
      TrainView.put(t.chart == .loss ? "The loss curve appears after the first steps."
                      : "Test accuracy appears after the first check, every \(p.probeEvery.grouped) steps (a: back to the loss).",
                    at: chartArea.y, in: chartArea, style: Style(dim: true), into: &frame)
    }
    var y = chartArea.bottom
    for line in verdict {
      TrainView.put(line, at: y, in: area, style: Style(bold: true), into: &frame)
      y += 1
    }
    for (i, mark) in numbered {
      TrainView.put("\(i + 1) step \(mark.step.grouped): \(mark.message)", at: y, in: area,
                    style: Style(fg: mark.kind == .diverged ? .red : .yellow), into: &frame)
      y += 1
    }
    guard !table.isEmpty, y < area.bottom else { return }
    let legendRows = epochs.legend == nil ? 0 : 1
    let rows = Array(table.suffix(max(1, area.bottom - y - 1 - legendRows)))
    frame.render(Table(header: epochs.header, rows: rows, columnSpacing: epochs.spacing, unicode: frame.unicode),
                 in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
    if let legend = epochs.legend {
      TrainView.put(legend, at: y + 1 + rows.count, in: area, style: Style(dim: true), into: &frame)
    }
  }

  /// The epoch table's columns: in words when they fit the chart's width; on a narrow chart
  /// (80×24) short names one space apart, spelt out by a legend line, and without img/s (the
  /// status line has the rate), rather than "tra…", "tes…".
  static func epochTable(_ p: TrainProgress, width: Int)
    -> (header: [String], rows: [[String]], spacing: Int, legend: String?)
  {
    let header = ["ep", "loss", "train acc", "test loss", "test acc", "img/s", "time"]
    let rows = epochRows(p)
    func tableWidth(_ header: [String], _ rows: [[String]], spacing: Int) -> Int {
      header.indices.map { c in ([header] + rows).map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }.reduce(0, +)
        + spacing * (header.count - 1)
    }
    guard tableWidth(header, rows, spacing: 2) > width else { return (header, rows, 2, nil) }
    let rate = header.firstIndex(of: "img/s") ?? 5
    let short = rows.map { row in row.enumerated().filter { $0.offset != rate }.map(\.element) }
    return (["ep", "train", "acc", "test", "acc", "time"], short, 1, "train, test: loss · acc: accuracy")
  }

  /// The chart's x axis: epochs over the whole run, or steps when zoomed on the first ones.
  struct Axis {
    /// Show steps 0…zoom only.
    var zoom: Int?

    func x(step: Int, epochs: Double) -> Double { zoom == nil ? epochs : Double(step) }
    var range: ClosedRange<Double>? { zoom.map { 0...Double($0) } }
    var unit: String { zoom.map { "steps (first \($0.grouped), z: all)" } ?? "epochs" }
  }

  /// The zoom's width: a round number of steps near a tenth of the longest run (at least 10).
  static func zoomSteps(_ runs: [TrainProgress]) -> Int {
    let longest = runs.map { $0.curve.last?.step ?? $0.step }.max() ?? 0
    return max(10, Int(LineChart.roundStep(atLeast: Double(longest) / 10)))
  }

  /// The first series' colour: blue, bright blue in the `contrast` palette (presenter mode's):
  /// a projector washes the terminal's dark blue out against black (about 2:1), bright blue
  /// keeps about 4:1.
  static func firstColor(_ palette: Palette) -> Color {
    palette == .contrast ? .brightBlue : .blue
  }

  /// Per-step loss (only without overlays: its band would hide them) and the smoothed loss
  /// of this run, then the compared runs' smoothed losses, each with its glyph.
  static func lossChart(
    _ p: TrainProgress, _ compared: [TrainProgress], logScale: Bool, axis: Axis, unicode: Bool, first: Color = .blue
  ) -> LineChart?
  {
    guard p.curve.count >= 2 || compared.contains(where: { $0.curve.count >= 2 }) else { return nil }
    func xs(_ run: TrainProgress) -> [Double] { run.curve.map { axis.x(step: $0.step, epochs: $0.epochs) } }
    var series: [LineChart.Series] = []
    if compared.isEmpty {
      // Without braille the raw steps are dots and the smoothed line stars, so the two read
      // apart under --ascii with no colour.
      series.append(.init("loss per step", values: p.curve.map(\.loss), color: first, xs: xs(p), asciiDot: "."))
    }
    series.append(.init(compared.isEmpty ? "smoothed" : "\(p.shortTitle) (smoothed)", values: centred(p.curve.map(\.loss)),
                        color: .cyan, xs: xs(p)))
    for (i, run) in compared.enumerated() {
      // Finished runs carry their final test accuracy in the legend: the comparison in one line.
      let accuracy = run.testAccuracy.map { " " + String(format: "%.1f%%", $0 * 100) } ?? ""
      series.append(.init(run.shortTitle + accuracy, values: centred(run.curve.map(\.loss)),
                          color: overlayColors[i % overlayColors.count], xs: xs(run), marker: overlayMarker(i, unicode: unicode)))
    }
    return LineChart(series: series, yScale: logScale ? .log : .linear, unicode: unicode)
  }

  /// Train accuracy per epoch and test accuracy as checked during the run (or, on the log
  /// scale, error rates in %), with the compared runs' test curves.
  static func accuracyChart(
    _ p: TrainProgress, _ compared: [TrainProgress], errorRate: Bool, axis: Axis, unicode: Bool, first: Color = .blue
  ) -> LineChart?
  {
    let runs = compared + [p]
    guard runs.contains(where: { !$0.testCurve.isEmpty || !$0.epochResults.isEmpty }) else { return nil }
    func value(_ accuracy: Double) -> Double { errorRate ? (1 - accuracy) * 100 : accuracy * 100 }
    let word = errorRate ? "error %" : "acc %"
    /// The checks during the run; a run without them (resumed from an old file) per epoch.
    func test(_ run: TrainProgress) -> (values: [Double], xs: [Double]) {
      guard run.testCurve.isEmpty else {
        return (run.testCurve.map { value($0.accuracy) }, run.testCurve.map { axis.x(step: $0.step, epochs: $0.epochs) })
      }
      let tested = run.epochResults.filter { $0.testAccuracy != nil }
      return (tested.compactMap { $0.testAccuracy.map(value) },
              tested.map { axis.x(step: $0.epoch * run.stepsPerEpoch, epochs: Double($0.epoch)) })
    }
    var series: [LineChart.Series] = []
    let mine = test(p)
    series.append(.init("train \(word) (epoch)", values: p.epochResults.map { value($0.trainAccuracy) }, color: first,
                        xs: p.epochResults.map { axis.x(step: $0.epoch * p.stepsPerEpoch, epochs: Double($0.epoch)) },
                        asciiDot: "+"))
    let checked = p.testCurve.isEmpty ? "" : " (first \(p.probeImages.grouped))"
    series.append(.init(compared.isEmpty ? "test \(word)\(checked)" : "\(p.shortTitle) test \(word)", values: mine.values,
                        color: .cyan, xs: mine.xs))
    for (i, run) in compared.enumerated() {
      let theirs = test(run)
      series.append(.init("\(run.shortTitle) test \(word)", values: theirs.values, color: overlayColors[i % overlayColors.count],
                          xs: theirs.xs, marker: overlayMarker(i, unicode: unicode)))
    }
    return LineChart(series: series, yScale: errorRate ? .log : .linear, unicode: unicode)
  }

  /// A centred moving average: each point is the mean of itself and `count / 40` neighbours
  /// on each side, so the smoothed line sits in the middle of the raw points instead of
  /// lagging behind them as an exponential average does. Within that many points of either
  /// end the window is cut off there (a single noisy point at the end would otherwise stand
  /// out as a spike).
  static func centred(_ values: [Double]) -> [Double] {
    let n = values.count
    guard n > 2 else { return values }
    var sums = [0.0]
    sums.reserveCapacity(n + 1)
    for v in values { sums.append(sums[sums.count - 1] + v) }
    let half = max(1, n / 40)
    return (0..<n).map { i in
      let (low, high) = (max(0, i - half), min(n - 1, i + half))
      return (sums[high + 1] - sums[low]) / Double(high - low + 1)
    }
  }

  static func epochRows(_ p: TrainProgress) -> [[String]] {
    p.epochResults.map {
      let rate = $0.wallSeconds > 0 ? Int($0.imagesPerSecond.rounded()).grouped : "–"
      return ["\($0.epoch)", String(format: "%.4f", $0.trainLoss), NumberFormat.percent($0.trainAccuracy, decimals: 2),
              $0.testLoss.map { String(format: "%.4f", $0) } ?? "–",
              $0.testAccuracy.map { NumberFormat.percent($0, decimals: 2) } ?? "–", rate,
              NumberFormat.elapsed($0.seconds)]
    }
  }
}
