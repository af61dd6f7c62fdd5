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
    #expect(kernelMessage.contains("/explore-C1-kernels-") && kernelMessage.contains(".svg and .png"))

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
    #expect(message == "saved \(folder.path)/train-loss-20261203-160501.svg, \(folder.path)/train-confusion-20261203-160501.svg and .png")
    for file in try folder.files() where file.hasSuffix(".svg") { try Self.expectDrawable(folder.path + "/" + file) }
    #expect(KeyMap.action(for: .char("G"), in: state) == .exportPicture(.panel))
    #expect(KeyMap.action(for: .char("S"), in: state) == .exportPicture(.screen))
  }

  /// A zoomed map's picture has its values as text under it: every value of the map, four
  /// decimals, row and column numbers, the cursor's value marked; the SVG still draws.
  @Test func aZoomedMapHasItsValuesAsText() throws {
    let folder = Folder()
    let (loop, _) = Self.loop([.char("l"), .char("l"), .char("l"), KeyEvent(.enter), KeyEvent(.down), .char("e")], folder: folder)
    let e = loop.state.explore
    let layer = try #require(e.currentLayer)
    #expect(layer.name == "C3" && e.isZoomed)
    let picture = try #require(PanelPicture.focused(loop.state).first)
    let text = picture.cells.plainText()
    #expect(text.contains("map \(e.selectedMap)'s 10×10 values (row ↓, column →)"))
    // Each row of values in order, after its row number.
    let map = Array(layer.map(e.selectedMap))
    for y in [0, 4, 9] {
      let row = (0..<10).map { ExplanationText.number(Double(map[y * 10 + $0])) }
      let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("\(y) ") && $0.contains(row[0]) })
      #expect(line.split(separator: " ").dropFirst().map(String.init) == row)
    }
    // The cursor's value in reverse, as the picture outlines it.
    let cursor = map[e.cursorY * 10 + e.cursorX]
    let marked = (0..<picture.cells.height).flatMap { y in (0..<picture.cells.width).map { (x: $0, y: y) } }
      .filter { picture.cells[$0.x, $0.y].style.reverse }
    let markedText = String(marked.map { picture.cells[$0.x, $0.y].symbol }).trimmingCharacters(in: .whitespaces)
    #expect(markedText == ExplanationText.number(Double(cursor)))
    let svgName = try #require(try folder.files().first { $0.hasSuffix(".svg") })
    #expect(try folder.text(svgName).contains(ExplanationText.number(Double(map[4 * 10 + 7]))))
    try Self.expectDrawable(folder.path + "/" + svgName)
  }

  /// Kernels as pixels: C1's six 5×5 filters side by side at 32×, C3's 16 × 6 matrix with
  /// Table I's gaps gray; each weight the colour the kernel view gives it.
  @Test func kernelsAreAPNGOfTheirWeights() throws {
    let folder = Folder()
    let (c1, _) = Self.loop([.char("l"), .char("f"), .char("e")], folder: folder)
    let message = try #require(c1.state.statusMessage)
    #expect(message.hasSuffix(".svg and .png (C1: 6 kernels of 5×5 at 32×)"))
    let png = try RGBImage.read(path: folder.path + "/" + (try #require(try folder.files().first { $0.hasSuffix(".png") })))
    #expect(png.width == 6 * 160 + 7 * 2 && png.height == 160 + 2 * 2)
    let layer = try #require(c1.state.explore.currentLayer)
    let scale = ExploreMapsView.kernelScale(layer)
    func pixel(_ image: RGBImage, _ x: Int, _ y: Int) -> [UInt8] { Array(image.pixels[(y * image.width + x) * 3..<(y * image.width + x) * 3 + 3]) }
    func colour(_ v: Float) -> [UInt8] { let c = HeatmapImage.rgb(v, scale: scale, map: Palette.standard.diverging); return [c.0, c.1, c.2] }
    // Filter 2's weight at row 1, column 3.
    #expect(pixel(png, 2 + 2 * 162 + 3 * 32 + 5, 2 + 1 * 32 + 5) == colour(layer.kernels[2 * 25 + 1 * 5 + 3]))
    #expect(pixel(png, 0, 0) == [128, 128, 128])

    let c3 = try #require(ExploreTests.lenetTrace?.layers[3])
    let matrix = try #require(PictureExport.kernelImage(c3, palette: .standard))
    #expect(matrix.image.width == 6 * 162 + 2 && matrix.image.height == 16 * 162 + 2)
    #expect(matrix.detail == "C3: 60 kernels of 5×5, 16 filters × 6 inputs at 32×")
    let c3Scale = ExploreMapsView.kernelScale(c3)
    // Filter 0 reads S2 maps 0, 1, 2 (Table I): its second kernel (input 1), and a gap at input 3.
    #expect(c3.connections[0] == [0, 1, 2])
    let weight = c3.fullKernels[1 * 25 + 2 * 5 + 4]
    let w = HeatmapImage.rgb(weight, scale: c3Scale, map: Palette.standard.diverging)
    #expect(pixel(matrix.image, 2 + 1 * 162 + 4 * 32 + 9, 2 + 2 * 32 + 9) == [w.0, w.1, w.2])
    #expect(pixel(matrix.image, 2 + 3 * 162 + 80, 2 + 80) == [128, 128, 128])
  }

  /// The confusion matrix as pixels: the share of each true class given each guess, the
  /// largest mistake the brightest colour, the diagonal gray.
  @Test func theConfusionMatrixIsAPNGOfItsMistakes() throws {
    let heatmap = try #require(PictureExport.confusionImage([[8, 2, 0], [1, 9, 0], [0, 0, 5]], palette: .contrast))
    #expect(heatmap.image.width == 3 * 32 + 4 && heatmap.image.height == 3 * 32 + 4)
    #expect(heatmap.detail == "confusion: 3×3 at 32×, 0–20.0% of the true class, the diagonal gray")
    func pixel(_ row: Int, _ col: Int) -> [UInt8] {
      let p = ((2 + row * 32 + 16) * heatmap.image.width + 2 + col * 32 + 16) * 3
      return Array(heatmap.image.pixels[p..<p + 3])
    }
    func colour(_ v: Float) -> [UInt8] {
      // The shares are float32, as the matrix's counts divide: 2 / 10 is the largest.
      let c = HeatmapImage.rgb(v, scale: Scale(min: 0, max: Double(Float(2) / Float(10))), map: Palette.contrast.sequential)
      return [c.0, c.1, c.2]
    }
    #expect(pixel(0, 1) == colour(Float(2) / Float(10)) && pixel(1, 0) == colour(Float(1) / Float(10)) && pixel(2, 0) == colour(0))
    #expect(pixel(0, 0) == [128, 128, 128] && pixel(2, 2) == [128, 128, 128])
    #expect(pixel(0, 1) != pixel(1, 0))

    // G on Train writes it beside the side panel's SVG.
    let folder = Folder()
    let state = TrainChartSnapshotTests.pair()
    let message = PictureExport.write(state, folder: folder.path, stamp: "20261203-160501")
    #expect(message.hasSuffix("train-confusion-20261203-160501.svg and .png"))
    let p = try #require(state.train.progress)
    let png = try RGBImage.read(path: folder.path + "/train-confusion-20261203-160501.png")
    #expect(png.width == p.confusion.count * 16 + 4 && png.height == png.width)
  }
}
