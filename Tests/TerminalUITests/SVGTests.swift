import Foundation
import TestSupport
import Testing

@testable import TerminalUI

/// `ScreenBuffer.svgText`: pictures of what the terminal shows, for slides.
@Suite struct SVGTests {
  /// A 2×2 heatmap in half blocks, a bar's eighth block, styled text with XML's special characters.
  static var sample: ScreenBuffer {
    var b = ScreenBuffer(width: 12, height: 3)
    b[0, 0] = Cell("▀", style: Style(fg: .rgb(255, 0, 0), bg: .rgb(0, 0, 255)))
    b[1, 0] = Cell("▀", style: Style(fg: .rgb(0, 255, 0), bg: .rgb(10, 20, 30)))
    b[2, 0] = Cell("▌", style: Style(fg: .indexed(196)))
    b.put("a<b & \"c\"", at: Point(x: 3, y: 0), style: Style(fg: .yellow, bold: true))
    b.put("plain text", at: Point(x: 0, y: 1))
    b.put("rev", at: Point(x: 0, y: 2), style: Style(reverse: true))
    return b
  }

  @Test func theSVGIsWellFormedAndDrawsCellsAsRectanglesAndText() throws {
    let svg = Self.sample.svgText(title: "demo & test")
    let doc = try #require(SVGElements.parse(svg), "not well-formed XML:\n\(svg)")
    let root = try #require(doc.list.first)
    #expect(root.name == "svg")
    #expect(root.attributes["width"] == "108" && root.attributes["height"] == "54")
    #expect(doc.list.first { $0.name == "title" }?.text == "demo & test")
    let rects = doc.list.filter { $0.name == "rect" }.map {
      [$0.attributes["x"] ?? "", $0.attributes["y"] ?? "", $0.attributes["width"] ?? "", $0.attributes["height"] ?? "", $0.attributes["fill"] ?? ""]
    }
    // The page, the two backgrounds of the heatmap row, then the top halves and the left half block.
    #expect(rects.contains(["0", "0", "9", "18", "#0000ff"]))
    #expect(rects.contains(["9", "0", "9", "18", "#0a141e"]))
    #expect(rects.contains(["0", "0", "9", "9", "#ff0000"]))
    #expect(rects.contains(["9", "0", "9", "9", "#00ff00"]))
    #expect(rects.contains(["18", "0", "4.5", "18", "#ff0000"]))
    // Reverse video: the default colours swapped (the page's light text becomes the background).
    #expect(rects.contains(["0", "36", "27", "18", "#dddddd"]))
    let texts = doc.list.filter { $0.name == "text" }
    #expect(texts.map(\.text) == ["a<b & \"c\"", "plain text", "rev"])
    #expect(texts[0].attributes["font-weight"] == "bold")
    #expect(texts[0].attributes["fill"] == "#cdcd00")
    #expect(texts[0].attributes["x"] == "27" && texts[0].attributes["textLength"] == "81")
    #expect(texts[2].attributes["fill"] == "#111111")
  }

  @Test(.enabled(if: SVGRenderer.isInstalled, "rsvg-convert (Debian librsvg2-bin, installed by make test) draws the SVG"))
  func aStandardRendererDrawsIt() throws {
    let path = NSTemporaryDirectory() + "convscope-svg-\(UUID().uuidString).svg"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Self.sample.svgText().write(toFile: path, atomically: true, encoding: .utf8)
    let drawing = try SVGRenderer.draw(path)
    #expect(drawing.status == 0, "rsvg-convert: \(drawing.errors)")
    // The PNG has the SVG's 108×54.
    #expect(drawing.width == 108 && drawing.height == 54)
  }

  @Test func controlCharactersNeverReachTheXML() {
    var b = ScreenBuffer(width: 3, height: 1)
    b[0, 0] = Cell("\u{1}")
    b[1, 0] = Cell("x")
    #expect(SVGElements.parse(b.svgText()) != nil)
    #expect(!b.svgText().unicodeScalars.contains { $0.value == 1 })
  }
}
