import Testing

@testable import TerminalUI

@Suite struct LineChartTests {
  private let twoSeries = LineChart(series: [
    .init("train", values: [5, 4, 3, 2.5, 2, 1.8, 1.7, 1.6], color: .cyan),
    .init("test", values: [5, 4.5, 4, 3.8, 3.7, 3.6, 3.5, 3.5], color: .yellow),
  ])

  @Test func twoSeriesInBrailleWithAxesAndLegend() {
    let buffer = rendered(twoSeries, width: 24, height: 8)
    #expect(
      buffer.snapshot() == """
        "● train  ● test         "
        "  5┤⠑⢦⢄⡀                "
        "   │  ⠑⢌⠑⠢⠤⣀⣀⣀⣀⣀⡀       "
        "3.3┤    ⠑⢄      ⠈⠉⠉⠉⠉⠉⠉⠉"
        "   │      ⠉⠒⠤⣀          "
        "1.6┤          ⠉⠒⠢⠤⠤⠤⠤⠤⣀⣀"
        "   └────────────────────"
        "    0       3.5        7"
        """)
    // The train curve ends bottom-right in cyan; the test curve's plateau is yellow.
    #expect(buffer[23, 5].style.fg == .cyan)
    #expect(buffer[23, 3].style.fg == .yellow)
    #expect(buffer[0, 0].style.fg == .cyan)
    #expect(buffer[9, 0].style.fg == .yellow)
  }

  @Test func logScaleWithAsciiFallback() {
    let chart = LineChart(
      series: [.init("loss", values: [100, 30, 10, 3, 1], color: .red)], yScale: .log,
      unicode: false)
    #expect(
      rendered(chart, width: 16, height: 7).snapshot() == """
        "* loss          "
        "100+**          "
        "   |  ***       "
        "   |     *****  "
        "  1+          **"
        "   +------------"
        "    0    2     4"
        """)
  }

  /// Without braille each line is drawn in its own character, in the legend too, so two
  /// series stay apart with no colour (Train's loss per step `.` and smoothed `*`).
  @Test func asciiLinesKeepTheirOwnCharacters() {
    let chart = LineChart(
      series: [.init("raw", values: [4, 3, 2, 1], color: .blue, asciiDot: "."),
               .init("smooth", values: [1, 2, 3, 4], color: .cyan)],
      unicode: false)
    let text = rendered(chart, width: 16, height: 7).snapshot()
    #expect(text.hasPrefix("\". raw  * smooth"))
    let plot = text.split(separator: "\n").dropFirst().joined()
    #expect(plot.contains(".") && plot.contains("*"))
  }

  @Test func rangesAreFittedAndPadded() {
    #expect(twoSeries.effectiveYRange == 1.6...5)
    let flat = LineChart(series: [.init("x", values: [2, 2], color: .red)])
    #expect(flat.effectiveYRange == 1...3)
    let log = LineChart(series: [.init("x", values: [0, -1, 10, 1000], color: .red)], yScale: .log)
    #expect(log.effectiveYRange == 10...1000)
    #expect(log.middle(of: log.effectiveYRange) == 100)
    let floats: [Float] = [1, 2]
    #expect(LineChart.Series("f", values: floats, color: .red).values == [1, 2])
  }

  @Test func gapsAndTinyAreasDoNotCrash() {
    let chart = LineChart(series: [.init("x", values: [1, .nan, 3, .infinity], color: .red)])
    for (w, h) in [(0, 0), (1, 1), (3, 2), (5, 3)] {
      _ = rendered(chart, width: w, height: h)
    }
    _ = rendered(LineChart(series: []), width: 10, height: 5)
  }
}

@Suite struct BarChartTests {
  /// Six figures, not four decimals: a float32 penalty's seventh figure differs between CPUs.
  @Test func sixFiguresAtMostFourDecimals() {
    #expect(BarChart.sixFigures(120.14605) == "120.146")
    #expect(BarChart.sixFigures(85.12341) == "85.1234")
    #expect(BarChart.sixFigures(0.5) == "0.5000")
    #expect(BarChart.sixFigures(123_456.7) == "123457")
    #expect(BarChart.sixFigures(0) == "0.0000")
    #expect(BarChart.sixFigures(-3.25) == "-3.2500")
  }

  @Test func topKProbabilitiesWithLabelsAndPercentages() {
    let bars = BarChart.topK(
      labels: ["zero", "one", "two", "seven"], values: [0.02, 0.061, 0.046, 0.873], k: 3)
    let buffer = rendered(BarChart(bars: bars, highlighted: 0), width: 30, height: 3)
    #expect(
      buffer.snapshot() == """
        "seven ███████████████▊   87.3%"
        "one   █▏                  6.1%"
        "two   ▉                   4.6%"
        """)
    #expect(
      buffer.styleSnapshot() == """
        0: 0-4 bold | 6-23 fg=yellow bold
        1: 6-23 fg=cyan
        2: 6-23 fg=cyan
        """)
  }

  @Test func numbersWithAsciiBars() {
    let chart = BarChart(bars: [.init("a", 3), .init("bb", 1.5)], format: .number, unicode: false)
    #expect(
      rendered(chart, width: 16, height: 2).snapshot() == """
        "a  #########   3"
        "bb #####     1.5"
        """)
  }

  /// A bar too short for a `#` that Unicode draws as ▏ is a `|` (LeNet-5's winning penalty);
  /// zero stays empty.
  @Test func aTinyAsciiBarIsAStroke() {
    let chart = BarChart(bars: [.init("a", 100), .init("b", 3), .init("c", 0)], format: .number, unicode: false)
    #expect(
      rendered(chart, width: 16, height: 3).snapshot() == """
        "a ########## 100"
        "b |            3"
        "c              0"
        """)
  }
}

@Suite struct ProgressBarTests {
  @Test func fractionWithLabelAndEighthBlocks() {
    let buffer = rendered(ProgressBar(fraction: 0.42, label: "epoch 3"), width: 30, height: 1)
    #expect(buffer.snapshot() == "\"epoch 3 ███████▏░░░░░░░░░  42%\"")
    #expect(buffer.styleSnapshot() == "0: 8-24 fg=green")
  }

  @Test func clampsAndFallsBackToAscii() {
    let full = rendered(
      ProgressBar(fraction: 1.2, label: "done", unicode: false), width: 16, height: 1)
    #expect(full.snapshot() == "\"done ###### 100%\"")
    let empty = rendered(ProgressBar(fraction: .nan, unicode: false), width: 8, height: 1)
    #expect(empty.snapshot() == "\"---   0%\"")
  }
}
