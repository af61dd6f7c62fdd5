import ConvEngine
import Foundation
import TerminalUI
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

  @Test func eOnExploreSavesTheScreenAsSVGAndTheMapsAsPNG() throws {
    let folder = NSTemporaryDirectory() + "convscope-export-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let backend = MemoryBackend(width: 100, height: 30, events: [.tick, .tick, .key(.char("e"))])
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), pollTimeout: 0, exportFolder: folder)
    loop.run(maxTurns: 6)
    let message = try #require(loop.state.statusMessage)
    #expect(message.hasPrefix("saved \(folder)/explore-"))
    #expect(message.hasSuffix(".svg and .png (input: 1 maps of 32×32 at 5×)"))
    // Sorted, the PNG comes before the SVG of the same name.
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(files.count == 2 && files[0].hasSuffix(".png") && files[1].hasSuffix(".svg"))
    let png = try RGBImage.read(path: folder + "/" + files[0])
    #expect(png.width == 164 && png.height == 164)
    // The first value of the input map, coloured as the screen colours it.
    let e = loop.state.explore
    let layer = try #require(e.currentLayer)
    let (scale, map) = ExploreMapsView.colouring(e, trace: try #require(e.trace), layer: layer, map: 0, palette: .standard)
    let first = HeatmapImage.rgb(layer.values[0], scale: scale, map: map)
    #expect(Array(png.pixels[(2 * 164 + 2) * 3..<(2 * 164 + 2) * 3 + 3]) == [first.0, first.1, first.2])
    let svg = try String(contentsOfFile: folder + "/" + files[1], encoding: .utf8)
    #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"504\""))
    #expect(svg.contains("<title>convscope · Explore · lenet5 · input</title>"))
    #expect(svg.contains(">Input: mnist test #0</text>"))
    // The status line shows where they went (this long temporary folder is cut at 100 columns).
    loop.turn()
    #expect(backend.buffer.plainText().contains("saved \(folder.prefix(30))"))
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

  @Test func eOnCompareSavesTheTableAndAFailureIsSaid() throws {
    let folder = NSTemporaryDirectory() + "convscope-export-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let backend = MemoryBackend(width: 100, height: 30, events: [.key(.char("3")), .tick, .tick, .key(.char("e"))])
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), pollTimeout: 0, exportFolder: folder)
    loop.run(maxTurns: 6)
    let message = try #require(loop.state.statusMessage)
    #expect(message.hasPrefix("saved \(folder)/compare-") && message.hasSuffix(".svg"))
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(files.count == 1)
    let svg = try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8)
    #expect(svg.contains("60,000"))
    // A second export in the same second gets its own name.
    backend.enqueue(.key(.char("e")))
    loop.run(maxTurns: 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 2)
    // A folder that cannot be made: the message says so, and nothing else happens.
    let blocked = AppLoop(backend: MemoryBackend(width: 100, height: 30, events: [.key(.char("3")), .key(.char("e"))]),
                          engine: InlineEngineRunner(), pollTimeout: 0, exportFolder: "/proc/no-such/exports")
    blocked.run(maxTurns: 3)
    #expect(blocked.state.statusMessage?.hasPrefix("could not save the picture: ") == true)
  }
}
