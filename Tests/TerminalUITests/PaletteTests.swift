import Foundation
import Testing

@testable import TerminalUI

/// The palettes' promises about brightness, measured the way WCAG 2 does: relative luminance
/// from linearised sRGB, and the contrast ratio (L1 + 0.05) / (L2 + 0.05) between two colours.
@Suite struct PaletteTests {
  static func luminance(_ c: (UInt8, UInt8, UInt8)) -> Double {
    func linear(_ v: UInt8) -> Double {
      let s = Double(v) / 255
      return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
  }

  static func luminance(_ color: Color) -> Double {
    guard case .rgb(let r, let g, let b) = color else { Issue.record("not RGB: \(color)"); return .nan }
    return luminance((r, g, b))
  }

  static func ratio(_ a: Double, _ b: Double) -> Double { (max(a, b) + 0.05) / (min(a, b) + 0.05) }

  /// The luminance along a map at four points per anchor step (finer steps would measure
  /// rounding to whole 8-bit values, not the ramp).
  static func ramp(_ map: ColorMap) -> [Double] {
    let n = (map.anchors.count - 1) * 4
    return (0...n).map { luminance(map.rgb(at: Double($0) / Double(n))) }
  }

  /// Projector ramp: neighbouring anchors ≥ 1.5:1, ends ≥ 18:1 (what ColorMap.contrastAnchors states).
  @Test func contrastNeighboursDifferByAtLeastOneAndAHalfToOne() {
    let l = ColorMap.contrast.anchors.map(Self.luminance)
    for i in 1..<l.count {
      #expect(Self.ratio(l[i], l[i - 1]) >= 1.5, "anchors \(i - 1) and \(i): \(Self.ratio(l[i], l[i - 1])):1")
    }
    #expect(Self.ratio(l.first!, l.last!) >= 18)
  }

  /// Diverging projector ramp: neighbours ≥ 2.5:1 towards the white centre, both sides alike.
  @Test func contrastDivergingStepsAreLargeAndSymmetric() {
    let l = ColorMap.contrastDiverging.anchors.map(Self.luminance)
    for i in 1..<l.count {
      #expect(Self.ratio(l[i], l[i - 1]) >= 2.5, "anchors \(i - 1) and \(i): \(Self.ratio(l[i], l[i - 1])):1")
    }
    for i in 0..<(l.count / 2) { #expect(Self.ratio(l[i], l[l.count - 1 - i]) < 1.05) }
  }

  @Test(arguments: Palette.allCases) func sequentialMapGetsBrighterAllTheWay(_ palette: Palette) {
    let l = Self.ramp(palette.sequential)
    for i in 1..<l.count { #expect(l[i] > l[i - 1], "\(palette.sequential) at step \(i)") }
  }

  @Test(arguments: Palette.allCases) func divergingMapGetsBrighterTowardsWhiteAtTheCentre(_ palette: Palette) {
    let map = palette.diverging
    #expect(map.isDiverging && !palette.sequential.isDiverging)
    #expect(map.rgb(at: 0.5) == .rgb(255, 255, 255))
    let l = Self.ramp(map)
    let centre = l.count / 2
    for i in 1...centre { #expect(l[i] > l[i - 1], "\(map) rising at step \(i)") }
    for i in (centre + 1)..<l.count { #expect(l[i] < l[i - 1], "\(map) falling at step \(i)") }
  }

  /// The colour-blind maps run along blue–yellow (blue–orange): the low end is bluer than it is
  /// red, the high end redder than blue, so red–green blindness does not fold them together.
  @Test func colorblindMapsRunFromBlueToYellowOrOrange() {
    for map in [Palette.colorblind.sequential, Palette.colorblind.diverging] {
      let (low, high) = (map.anchors.first!, map.anchors.last!)
      #expect(low.2 > low.0 && high.0 > high.2, "\(map)")
    }
  }

  @Test func f6CyclesThroughEveryPaletteAndTheNamesParse() {
    #expect(Palette.standard.next == .contrast)
    #expect(Palette.contrast.next == .colorblind)
    #expect(Palette.colorblind.next == .standard)
    #expect(Palette.allCases.map(\.name) == ["default", "contrast", "colorblind"])
    #expect(Palette.allCases.allSatisfy { Palette(rawValue: $0.name) == $0 })
  }

  @Test func colouringPicksThePalettesMaps() {
    for palette in Palette.allCases {
      #expect(ColorMap.colouring(low: -1, high: 2, palette: palette) == (Scale(min: -2, max: 2), palette.diverging))
      #expect(ColorMap.colouring(low: 0, high: 2, palette: palette) == (Scale(min: 0, max: 2), palette.sequential))
    }
  }

  /// At 16 colours a diverging map shows the sign in two plain colours: the colour-blind one
  /// keeps blue against yellow there too.
  @Test func sixteenColourSignColoursFollowThePalette() {
    let painter = HeatmapPainter(colorMap: .blueWhiteOrange, depth: .c16)
    #expect(painter.color(0.1) == .brightBlue && painter.color(0.9) == .brightYellow)
    #expect(HeatmapPainter(colorMap: .contrastDiverging, depth: .c16).color(0.9) == .brightRed)
  }
}
