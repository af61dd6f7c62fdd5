import Testing

@testable import TerminalUI

@Suite struct ColorDepthTests {
  /// https://no-color.org: present and not empty; the one rule the workbench and `forward` share.
  @Test(arguments: [
    ([:], false), (["NO_COLOR": ""], false), (["NO_COLOR": "1"], true), (["NO_COLOR": "0"], true),
    (["COLORTERM": "truecolor"], false),
  ] as [([String: String], Bool)])
  func noColorRequested(_ environment: [String: String], _ requested: Bool) {
    #expect(ColorDepth.noColorRequested(environment) == requested)
  }

  @Test func rgbDegradesStepByStepDownToMono() {
    let orange = Color.rgb(255, 128, 0)
    // 128 is nearest the cube level 135, so the 256 entry is (255, 135, 0) = 16 + 36·5 + 6·2.
    #expect(ColorDepth.direct.approximate(orange) == orange)
    #expect(ColorDepth.c256.approximate(orange) == .indexed(208))
    #expect(ColorDepth.c16.approximate(orange) == .yellow)
    #expect(ColorDepth.c8.approximate(orange) == .yellow)
    #expect(ColorDepth.mono.approximate(orange) == .default)
  }

  @Test func greysUseTheGreyRamp() {
    #expect(ColorDepth.c256.approximate(.rgb(128, 128, 128)) == .indexed(244))
    #expect(ColorDepth.c256.approximate(.rgb(0, 0, 0)) == .indexed(16))
    #expect(ColorDepth.c256.approximate(.rgb(255, 255, 255)) == .indexed(231))
  }

  @Test func brightColoursFoldToTheirBaseAtEightColours() {
    #expect(ColorDepth.c16.approximate(.brightRed) == .brightRed)
    #expect(ColorDepth.c8.approximate(.brightRed) == .red)
    #expect(ColorDepth.c8.approximate(.brightCyan) == .cyan)
    #expect(ColorDepth.c16.approximate(.indexed(9)) == .brightRed)
    #expect(ColorDepth.c16.approximate(.indexed(196)) == .brightRed)
  }

  @Test func defaultAndNamedColoursPassThroughWhereSupported() {
    for depth in ColorDepth.allCases {
      #expect(depth.approximate(Color.default) == .default)
    }
    #expect(ColorDepth.c256.approximate(.green) == .green)
    #expect(ColorDepth.mono.approximate(.green) == .default)
  }

  @Test func styleApproximationKeepsAttributes() {
    let style = Style(fg: .rgb(255, 0, 0), bg: .brightBlue, bold: true, reverse: true)
    #expect(
      ColorDepth.c8.approximate(style) == Style(fg: .red, bg: .blue, bold: true, reverse: true))
    #expect(ColorDepth.mono.approximate(style) == Style(bold: true, reverse: true))
  }
}

@Suite struct ColorMapTests {
  @Test func viridisEndsMatchMatplotlib() {
    #expect(ColorMap.viridis.rgb(at: 0) == .rgb(68, 1, 84))
    #expect(ColorMap.viridis.rgb(at: 1) == .rgb(253, 231, 37))
    #expect(ColorMap.viridis.rgb(at: -3) == .rgb(68, 1, 84))
    #expect(ColorMap.viridis.rgb(at: .nan) == .rgb(68, 1, 84))
  }

  @Test func divergingMapIsWhiteAtTheCentre() {
    #expect(ColorMap.blueWhiteRed.rgb(at: 0.5) == .rgb(255, 255, 255))
    #expect(ColorMap.blueWhiteRed.intensity(at: 0.5) == 0)
    #expect(ColorMap.blueWhiteRed.intensity(at: 0) == 1)
  }

  @Test func scalesNormalizeAndHandleDegenerateRanges() {
    #expect(Scale(min: -2, max: 2).normalize(1) == 0.75)
    #expect(Scale(min: 0, max: 1).normalize(7) == 1)
    #expect(Scale(min: 3, max: 3).normalize(3) == 0)
    #expect(Scale.fitting([2, .nan, -1, .infinity]) == Scale(min: -1, max: 2))
    #expect(Scale.symmetric([0.5, -2]) == Scale(min: -2, max: 2))
    #expect(Scale.symmetric([0, 0]) == Scale(min: -1, max: 1))
  }
}
