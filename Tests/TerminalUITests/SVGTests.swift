import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

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

  /// The elements of an SVG document, with their attributes and text, read by Foundation's
  /// XML parser (which fails on anything that is not well-formed XML).
  final class Elements: NSObject, XMLParserDelegate {
    var list: [(name: String, attributes: [String: String], text: String)] = []
    /// The elements open now (indexes into `list`); text goes to the innermost.
    private var open: [Int] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
      open.append(list.count)
      list.append((name, attributes, ""))
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      open.removeLast()
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let i = open.last, list[i].name != "svg" { list[i].text += string }
    }

    static func parse(_ svg: String) -> Elements? {
      let parser = XMLParser(data: Data(svg.utf8))
      let elements = Elements()
      parser.delegate = elements
      return parser.parse() ? elements : nil
    }
  }

  @Test func theSVGIsWellFormedAndDrawsCellsAsRectanglesAndText() throws {
    let svg = Self.sample.svgText(title: "demo & test")
    let doc = try #require(Elements.parse(svg), "not well-formed XML:\n\(svg)")
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

  static var hasRSVG: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert") }

  @Test(.enabled(if: hasRSVG, "rsvg-convert (Debian librsvg2-bin, installed by make test) draws the SVG"))
  func aStandardRendererDrawsIt() throws {
    let folder = NSTemporaryDirectory() + "convscope-svg-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Self.sample.svgText().write(toFile: folder + "/a.svg", atomically: true, encoding: .utf8)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
    p.arguments = ["-o", folder + "/a.png", folder + "/a.svg"]
    let err = Pipe()
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(p.terminationStatus == 0, "rsvg-convert: \(message)")
    let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/a.png"))
    // PNG signature, then IHDR's width and height (big-endian): the SVG's 108×54.
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let bytes = Array(png)
    let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
    #expect(width == 108 && height == 54)
  }

  @Test func controlCharactersNeverReachTheXML() {
    var b = ScreenBuffer(width: 3, height: 1)
    b[0, 0] = Cell("\u{1}")
    b[1, 0] = Cell("x")
    #expect(Elements.parse(b.svgText()) != nil)
    #expect(!b.svgText().unicodeScalars.contains { $0.value == 1 })
  }
}
