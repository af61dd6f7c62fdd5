import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// `export svg metrics RUN.jsonl`: a saved run's loss or accuracy chart as Train draws it.
struct ExportMetricsSVG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics",
    abstract: "A run's loss or accuracy chart (from train --metrics, or x on Train) as SVG.")

  @Argument(help: "The run's metrics: a .jsonl or .csv file as train --metrics or the Train screen's x writes.")
  var metrics: String
  @Option(help: "Which chart: loss (every step) or accuracy (test accuracy after each epoch).")
  var chart: MetricsChart = .loss
  @Option(help: "Columns of the chart.") var columns: Int = 100
  @Option(help: "Rows of the chart (with its legend and epoch table).") var rows: Int = 30
  @OptionGroup var output: PictureOutputOptions

  func validate() throws {
    if columns < 40 || rows < 10 { throw ValidationError("--columns must be at least 40 and --rows at least 10") }
  }

  func run() throws {
    try CLI.guarded {
      let record = try RunRecord.read(path: metrics)
      guard !record.steps.isEmpty else { throw EngineError(metrics, "holds no training steps to draw") }
      let chart: TrainState.Chart = chart == .loss ? .loss : .accuracy
      try output.write(PanelPicture.metrics(record, chart: chart, size: Size(width: columns, height: rows)))
    }
  }
}

/// The charts `export svg metrics --chart` draws.
enum MetricsChart: String, ExpressibleByArgument, CaseIterable {
  case loss, accuracy
}
