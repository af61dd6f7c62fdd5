import Testing

@testable import TerminalUI

@Suite struct HeatmapTests {
  /// 4 rows × 2 columns holding 0…7 row by row.
  private let ramp = Heatmap(values: (0..<8).map(Float.init), rows: 4, cols: 2, zoom: false)

  @Test func directColourPacksTwoRowsPerCell() {
    let buffer = rendered(ramp, width: 4, height: 2)
    #expect(
      buffer.snapshot() == """
        "▀▀  "
        "▀▀  "
        """)
    // Top-left: value 0 above value 2 (t = 2/7, between viridis anchors 4 and 5).
    #expect(buffer[0, 0].style == Style(fg: .rgb(68, 1, 84), bg: .rgb(55, 91, 141)))
    // Bottom-right: value 5 above value 7, the top of the scale.
    #expect(buffer[1, 1].style == Style(fg: .rgb(75, 193, 109), bg: .rgb(253, 231, 37)))
  }

  @Test func colour256UsesPaletteIndexes() {
    var heatmap = ramp
    heatmap.colorDepth = .c256
    let buffer = rendered(heatmap, width: 2, height: 2)
    #expect(buffer[1, 1].style.bg == .indexed(220))
    #expect(buffer[0, 0].style.fg == .indexed(53))
  }

  @Test func monoUsesShadeCharactersOneValuePerCell() {
    let heatmap = Heatmap(
      values: (0..<10).map(Float.init), rows: 2, cols: 5, colorDepth: .mono, zoom: false)
    let buffer = rendered(heatmap, width: 6, height: 3)
    #expect(
      buffer.snapshot() == """
        "  ░░▒ "
        "▒▓▓██ "
        "      "
        """)
    #expect(buffer.styleSnapshot() == "")
  }

  @Test func sixteenColoursShowSignByColourAndSizeByShade() {
    let heatmap = Heatmap(
      values: [-1, -0.5, 0, 0.5, 1], rows: 1, cols: 5, scale: .symmetric([-1, 1]),
      colorMap: .blueWhiteRed, colorDepth: .c16)
    let buffer = rendered(heatmap, width: 5, height: 1)
    #expect(buffer.snapshot() == "\"█▒ ▒█\"")
    #expect(buffer.styleSnapshot() == "0: 0-1 fg=brightBlue | 3-4 fg=brightRed")
  }

  @Test func largeMapsAreAreaAveraged() {
    // 8×8 values; each 2×2 block averages to its block number b = 0…15.
    var values = [Float](repeating: 0, count: 64)
    for r in 0..<8 {
      for c in 0..<8 {
        let block = Float((r / 2) * 4 + c / 2)
        values[r * 8 + c] = block + ((r + c) % 2 == 0 ? -1 : 1)
      }
    }
    let heatmap = Heatmap(
      values: values, rows: 8, cols: 8, scale: Scale(min: 0, max: 15), colorDepth: .mono)
    #expect(heatmap.resampled(to: Size(width: 4, height: 4)) == (0..<16).map(Double.init))
    let buffer = rendered(heatmap, width: 6, height: 4)
    #expect(
      buffer.snapshot() == """
        "   ░  "
        "░░▒▒  "
        "▒▓▓▓  "
        "████  "
        """)
  }

  @Test func downsamplingKeepsTheAspectRatio() {
    let heatmap = Heatmap(values: [Float](repeating: 1, count: 28 * 28), rows: 28, cols: 28)
    let area = Rect(x: 0, y: 0, width: 40, height: 10)
    #expect(heatmap.renderedSize(in: area) == Size(width: 20, height: 10))
    var stretched = heatmap
    stretched.preserveAspect = false
    #expect(stretched.renderedSize(in: area) == Size(width: 28, height: 10))
  }

  @Test func smallMapsAreZoomedByAWholeFactor() {
    let heatmap = Heatmap(values: [0, 1, 2, 3], rows: 2, cols: 2, colorDepth: .mono)
    let buffer = rendered(heatmap, width: 5, height: 5)
    #expect(
      buffer.snapshot() == """
        "  ░░ "
        "  ░░ "
        "▓▓██ "
        "▓▓██ "
        "     "
        """)
  }

  @Test func legendShowsTheRange() {
    let legend = HeatmapLegend(scale: Scale(min: -1, max: 1), colorDepth: .mono)
    let mono = rendered(legend, width: 12, height: 1)
    #expect(mono.snapshot() == "\"-1   ░▒▓██ 1\"")
    let colour = rendered(HeatmapLegend(scale: Scale(min: 0, max: 2.5)), width: 12, height: 1)
    #expect(colour.snapshot() == "\"0 ▀▀▀▀▀▀ 2.5\"")
    #expect(colour[2, 0].style.fg == .rgb(68, 1, 84))
    #expect(colour[7, 0].style.bg == .rgb(253, 231, 37))
  }
}
