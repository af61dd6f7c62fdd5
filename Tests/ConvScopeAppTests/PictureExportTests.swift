import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// `e`: the screen as SVG and, on Explore, its maps as PNG; and the PNG grid itself.
@Suite struct PictureExportTests {
  @Test func aKnownMapBecomesExactlyThosePixels() throws {
    // Two 2×3 maps, values 0…5 and 5…0, on viridis from 0 to 5, three pixels a value.
    let values: [Float] = [0, 1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 0]
    let scale = Scale(min: 0, max: 5)
    let image = HeatmapImage.grid(
      maps: [values[0..<6], values[6..<12]], rows: 2, cols: 3, perRow: 2, scale: 3,
      colour: { _, v in HeatmapImage.rgb(v, scale: scale, map: .viridis) })
    let path = NSTemporaryDirectory() + "convscope-map-\(UUID().uuidString).png"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try image.writePNG(path: path)
    let read = try RGBImage.read(path: path)
    // 2 maps of 3×3-pixel values across with 2-pixel gaps: 2·9 + 3·2 = 24 wide, 6 + 2·2 = 10 high.
    #expect(read.width == 24 && read.height == 10 && read.channels == 3)
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(read.pixels[(y * 24 + x) * 3..<(y * 24 + x) * 3 + 3]) }
    func expected(_ v: Float) -> [UInt8] {
      guard case .rgb(let r, let g, let b) = ColorMap.viridis.rgb(at: Double(v) / 5) else { return [] }
      return [r, g, b]
    }
    #expect(pixel(0, 0) == [128, 128, 128])
    #expect(pixel(2, 2) == expected(0))
    #expect(pixel(4, 4) == expected(0))
    #expect(pixel(5, 2) == expected(1))
    #expect(pixel(10, 7) == expected(5))
    #expect(pixel(11, 7) == [128, 128, 128])
    #expect(pixel(13, 2) == expected(5))
    #expect(pixel(21, 7) == expected(0))
    #expect(expected(0) != expected(5))
  }

  /// A temporary exports folder, removed at the end of the test.
  final class Folder {
    let path = NSTemporaryDirectory() + "convscope-export-\(UUID().uuidString)"
    deinit { try? FileManager.default.removeItem(atPath: path) }
    /// The files written, sorted (a PNG before the SVG of the same name).
    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
    func text(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }
  }

  /// The workbench after `keys` (each followed by two quiet turns, so the engine reports).
  static func loop(_ keys: [KeyEvent], folder: Folder, width: Int = 100, height: Int = 30) -> (AppLoop<MemoryBackend>, MemoryBackend) {
    let events: [InputEvent] = [.tick, .tick] + keys.flatMap { [InputEvent.key($0), .tick, .tick] }
    let backend = MemoryBackend(width: width, height: height, events: events)
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), pollTimeout: 0, exportFolder: folder.path)
    loop.run(maxTurns: events.count + 2)
    return (loop, backend)
  }

  /// Well-formed XML that rsvg-convert draws at the SVG's own size.
  static func expectDrawable(_ path: String) throws {
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    let doc = try #require(SVGElements.parse(svg), "not well-formed XML: \(path)")
    let root = try #require(doc.list.first)
    #expect(root.name == "svg")
    guard SVGRenderer.isInstalled else { return }
    let drawing = try SVGRenderer.draw(path)
    #expect(drawing.status == 0, "rsvg-convert: \(drawing.errors)")
    #expect(drawing.width.map(String.init) == root.attributes["width"] && drawing.height.map(String.init) == root.attributes["height"])
  }

  @Test func eOnExploreSavesTheMapsPanelWithItsLegendAndTheMapsAsPNG() throws {
    let folder = Folder()
    let (loop, backend) = Self.loop([.char("e")], folder: folder)
    let message = try #require(loop.state.statusMessage)
    #expect(message.hasPrefix("saved \(folder.path)/explore-input-maps-"))
    #expect(message.hasSuffix(".svg and .png (input: 1 map of 32×32 at 5×)"))
    let files = try folder.files()
    #expect(files.count == 2 && files[0].hasSuffix(".png") && files[1].hasSuffix(".svg"))
    let png = try RGBImage.read(path: folder.path + "/" + files[0])
    #expect(png.width == 164 && png.height == 164)
    // The first value of the input map, coloured as the screen colours it.
    let e = loop.state.explore
    let layer = try #require(e.currentLayer)
    let (scale, map) = ExploreMapsView.colouring(e, trace: try #require(e.trace), layer: layer, map: 0, palette: .standard)
    let first = HeatmapImage.rgb(layer.values[0], scale: scale, map: map)
    #expect(Array(png.pixels[(2 * 164 + 2) * 3..<(2 * 164 + 2) * 3 + 3]) == [first.0, first.1, first.2])
    let svg = try folder.text(files[1])
    try Self.expectDrawable(folder.path + "/" + files[1])
    // The panel, not the screen: the info line as its title, the legend's numbers (the
    // engine's range of the input), the map; not the side panel's input or prediction.
    let info = ExploreView.info(e, layer: layer, state: loop.state).trimmingCharacters(in: .whitespaces)
    #expect(svg.contains("<title>convscope · Explore · lenet5 · \(info)</title>"))
    #expect(svg.contains(">\(info)</text>"))
    #expect(svg.contains(">\(NumberFormat.significant(scale.min))</text>") || svg.contains(NumberFormat.significant(scale.min)))
    #expect(!svg.contains("Input: mnist test #0"))
    // The status line shows where they went (this long temporary folder is cut at 100 columns).
    loop.turn()
    #expect(backend.buffer.plainText().contains("saved \(folder.path.prefix(30))"))
  }

  @Test func sSavesTheWholeScreenAsBefore() throws {
    let folder = Folder()
    let (loop, _) = Self.loop([.char("S")], folder: folder)
    let message = try #require(loop.state.statusMessage)
    #expect(message.hasPrefix("saved \(folder.path)/explore-2") && message.hasSuffix(".svg and .png (input: 1 map of 32×32 at 5×)"))
    let files = try folder.files()
    let svg = try folder.text(files[1])
    #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"504\""))
    #expect(svg.contains("<title>convscope · Explore · lenet5 · input</title>"))
    #expect(svg.contains(">Input: mnist test #0</text>"))
    try Self.expectDrawable(folder.path + "/" + files[1])
  }

  /// F6's palette carries into both pictures: the PNG's pixels and the SVG's fills are the
  /// contrast map's colours, not viridis's.
  @Test func thePaletteCarriesIntoThePictures() throws {
    let folder = NSTemporaryDirectory() + "convscope-export-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let backend = MemoryBackend(width: 100, height: 30, events: [.tick, .tick, .key(KeyEvent(.function(6))), .key(.char("e"))])
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), pollTimeout: 0, exportFolder: folder)
    loop.run(maxTurns: 7)
    #expect(loop.state.palette == .contrast)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    try #require(files.count == 2)
    let png = try RGBImage.read(path: folder + "/" + files[0])
    let e = loop.state.explore
    let layer = try #require(e.currentLayer)
    let (scale, map) = ExploreMapsView.colouring(e, trace: try #require(e.trace), layer: layer, map: 0, palette: .contrast)
    #expect(map == .contrast)
    let first = HeatmapImage.rgb(layer.values[0], scale: scale, map: map)
    let viridis = HeatmapImage.rgb(layer.values[0], scale: scale, map: .viridis)
    #expect([first.0, first.1, first.2] != [viridis.0, viridis.1, viridis.2])
    #expect(Array(png.pixels[(2 * 164 + 2) * 3..<(2 * 164 + 2) * 3 + 3]) == [first.0, first.1, first.2])
    // The input's lowest value (the digit's background) is the contrast map's dark end.
    let svg = try String(contentsOfFile: folder + "/" + files[1], encoding: .utf8)
    let (r, g, b) = ColorMap.contrast.anchors[0]
    #expect(svg.contains(String(format: "fill=\"#%02x%02x%02x\"", r, g, b)))
    let (vr, vg, vb) = ColorMap.viridis.anchors[0]
    #expect(!svg.contains(String(format: "fill=\"#%02x%02x%02x\"", vr, vg, vb)))
  }

  /// C1 zoomed: one map, the PNG 28×28 values at 5× with its gap; its kernels; its arithmetic.
  @Test func aZoomedMapItsKernelsAndItsArithmetic() throws {
    let folder = Folder()
    let (loop, _) = Self.loop([.char("l"), KeyEvent(.enter), .char("e")], folder: folder)
    #expect(loop.state.explore.isZoomed && loop.state.explore.currentLayer?.name == "C1")
    let zoomed = try #require(loop.state.statusMessage)
    #expect(zoomed.contains("/explore-C1-map0-") && zoomed.hasSuffix("(C1: map 0 of 28×28 at 5×)"))
    let png = try RGBImage.read(path: folder.path + "/" + (try folder.files()[0]))
    #expect(png.width == 28 * 5 + 4 && png.height == 28 * 5 + 4)
    let e = loop.state.explore
    let layer = try #require(e.currentLayer)
    let (scale, map) = ExploreMapsView.colouring(e, trace: try #require(e.trace), layer: layer, map: 0, palette: .standard)
    // Value (row 3, column 7) of map 0 is the square from pixel (2 + 7·5, 2 + 3·5).
    let v = HeatmapImage.rgb(layer.map(0)[layer.map(0).startIndex + 3 * 28 + 7], scale: scale, map: map)
    let p = ((2 + 3 * 5) * png.width + 2 + 7 * 5) * 3
    #expect(Array(png.pixels[p..<p + 3]) == [v.0, v.1, v.2])

    let (kernels, _) = Self.loop([.char("l"), .char("f"), .char("e")], folder: folder)
    let kernelMessage = try #require(kernels.state.statusMessage)
    #expect(kernelMessage.contains("/explore-C1-kernels-") && kernelMessage.hasSuffix(".svg"))

    // C3 reads several of S2's maps: its arithmetic is longer than the view.
    let (explained, _) = Self.loop([.char("l"), .char("l"), .char("l"), .char("i"), .char("e")], folder: folder)
    let explanation = try #require(explained.state.explore.currentExplanation)
    let arithmeticMessage = try #require(explained.state.statusMessage)
    #expect(arithmeticMessage.contains("/explore-C3-explain-"))
    let svgName = try #require(try folder.files().first { $0.contains("C3-explain") })
    let svg = try folder.text(svgName)
    // Every line of the arithmetic, including those below the screen's last row.
    #expect(explanation.lines.count > ExploreLayout(size: explained.state.size).explainText.height)
    let last = try #require(explanation.lines.last { !$0.trimmingCharacters(in: CharacterSet.whitespaces).isEmpty })
    // (Two spaces end an SVG text run: look for the line's first run.)
    let run = try #require(last.components(separatedBy: "  ").map { $0.trimmingCharacters(in: CharacterSet.whitespaces) }
      .first { !$0.isEmpty })
    #expect(svg.contains(">" + Self.escaped(run) + "</text>"))
    #expect(svg.contains("engine agrees ✓"))
    for file in try folder.files() where file.hasSuffix(".svg") { try Self.expectDrawable(folder.path + "/" + file) }
  }

  static func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
  }

  @Test func eOnCompareSavesTheWholeComparisonAndAFailureIsSaid() throws {
    let folder = Folder()
    let (loop, backend) = Self.loop([.char("3"), .char("e")], folder: folder)
    let message = try #require(loop.state.statusMessage)
    #expect(message.hasPrefix("saved \(folder.path)/compare-lenet5-alexnet-") && message.hasSuffix(".svg"))
    let files = try folder.files()
    #expect(files.count == 1)
    let svg = try folder.text(files[0])
    #expect(svg.contains("60,000"))
    // All of it, the lines below the screen too: the design choices and the timing heading.
    #expect(!backend.buffer.plainText().contains(CompareView.timingHeading))
    #expect(svg.contains(">\(CompareView.timingHeading)</text>"))
    try Self.expectDrawable(folder.path + "/" + files[0])
    // A second export in the same second gets its own name.
    backend.enqueue(InputEvent.key(.char("e")))
    loop.run(maxTurns: 2)
    #expect(try folder.files().count == 2)
    // A folder that cannot be made: the message says so, and nothing else happens.
    let blocked = AppLoop(backend: MemoryBackend(width: 100, height: 30, events: [.key(.char("3")), .key(.char("e"))]),
                          engine: InlineEngineRunner(), pollTimeout: 0, exportFolder: "/proc/no-such/exports")
    blocked.run(maxTurns: 3)
    #expect(blocked.state.statusMessage?.hasPrefix("could not save the picture: ") == true)
  }

  /// Train: the chart with its legend and the confusion matrix, each its own picture.
  @Test func gOnTrainSavesTheChartAndTheSidePanel() throws {
    let folder = Folder()
    let state = TrainChartSnapshotTests.pair()
    let pictures = PanelPicture.focused(state)
    #expect(pictures.map(\.name) == ["train-loss", "train-confusion"])
    let chart = pictures[0].cells.plainText(), side = pictures[1].cells.plainText()
    #expect(chart.contains("ReLU #1") && chart.contains("tanh #2"))
    #expect(!chart.contains("confusion") && side.contains("confusion"))
    #expect(side.contains("row = true, column = guess"))
    let message = PictureExport.write(state, folder: folder.path, stamp: "20261203-160501")
    #expect(message == "saved \(folder.path)/train-loss-20261203-160501.svg, \(folder.path)/train-confusion-20261203-160501.svg")
    for file in try folder.files() { try Self.expectDrawable(folder.path + "/" + file) }
    #expect(KeyMap.action(for: .char("G"), in: state) == .exportPicture(.panel))
    #expect(KeyMap.action(for: .char("S"), in: state) == .exportPicture(.screen))
  }
}
