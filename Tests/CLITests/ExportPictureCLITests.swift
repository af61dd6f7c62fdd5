import ConvEngine
import Foundation
import Testing
import TestSupport

/// `export svg forward|compare|metrics` and `export png forward`: the workbench's pictures
/// from the command line. SVGs are well-formed XML that rsvg-convert draws at their size;
/// a PNG of a known map has exactly the pixels viridis gives its values.
@Suite struct ExportPictureCLITests {
  /// matplotlib's viridis at 16 evenly spaced points (the published viridis(16) palette).
  static let viridis16: [[UInt8]] = [
    [68, 1, 84], [72, 26, 108], [71, 47, 125], [65, 68, 135], [57, 86, 140], [49, 104, 142], [42, 120, 142],
    [35, 136, 142], [31, 152, 139], [34, 168, 132], [53, 183, 121], [84, 197, 104], [122, 209, 81], [165, 219, 54],
    [210, 226, 27], [253, 231, 37],
  ]

  /// Checks `path` is well-formed SVG that rsvg-convert draws at the size the command said.
  static func expectDrawable(_ path: String, width: Int, height: Int) throws {
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    let doc = try #require(SVGElements.parse(svg), "not well-formed XML: \(path)")
    #expect(doc.list.first?.attributes["width"] == "\(width)" && doc.list.first?.attributes["height"] == "\(height)")
    guard SVGRenderer.isInstalled else { return }
    let drawing = try SVGRenderer.draw(path)
    #expect(drawing.status == 0, "rsvg-convert: \(drawing.errors)")
    #expect(drawing.width == width && drawing.height == height)
  }

  /// `--json`'s answer.
  struct Written: Decodable {
    var file: String
    var format: String
    var width: Int
    var height: Int
    var shows: String
  }

  static func written(_ r: CommandRunner.Result) throws -> Written {
    try JSONDecoder().decode(Written.self, from: Data(r.stdout.utf8))
  }

  @Test func aKnownMapBecomesExactlyViridisPixels() throws {
    // A 32×32 input whose values run 0…15 over and over: with --scale map, value v is at
    // v/15 of the map's range, exactly one of viridis's 16 published points.
    let folder = Fixtures.temporaryDirectory()
    let values = (0..<1024).map { Float($0 % 16) }
    try SafeTensors.write([NamedTensor(name: "input", shape: [1, 1, 32, 32], values: values)], to: folder + "/known.safetensors")
    let out = folder + "/input.png"
    let r = try CommandRunner.run(["export", "png", "forward", "lenet5", "--input", folder + "/known.safetensors",
                                   "--layer", "input", "--scale", "map", "--zoom", "3", "--out", out, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let answer = try Self.written(r)
    // One map of 32×32 values at 3×, with 2 gray pixels around it: 2 + 96 + 2.
    #expect(answer.file == out && answer.format == "png" && answer.width == 100 && answer.height == 100)
    let png = try RGBImage.read(path: out)
    #expect(png.width == 100 && png.height == 100 && png.channels == 3)
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(png.pixels[(y * 100 + x) * 3..<(y * 100 + x) * 3 + 3]) }
    #expect(pixel(0, 0) == [128, 128, 128] && pixel(99, 99) == [128, 128, 128])
    var wrong = 0
    for y in 0..<32 {
      for x in 0..<32 {
        let expected = Self.viridis16[(y * 32 + x) % 16]
        for (dx, dy) in [(0, 0), (2, 2)] where pixel(2 + x * 3 + dx, 2 + y * 3 + dy) != expected { wrong += 1 }
      }
    }
    #expect(wrong == 0, "\(wrong) pixels are not viridis of their value")
  }

  @Test func aLayerOfMapsAndItsArithmeticAsSVG() throws {
    let folder = Fixtures.temporaryDirectory()
    let out = folder + "/c1.svg"
    let r = try CommandRunner.run(["export", "svg", "forward", "lenet5", "--input", "mnist:test:0", "--layer", "C1",
                                   "--explain", "0,14,14", "--out", out, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let answer = try Self.written(r)
    #expect(answer.format == "svg" && answer.shows == "forward · lenet5 on mnist test image 0 (label 7) · C1")
    try Self.expectDrawable(out, width: answer.width, height: answer.height)
    let svg = try String(contentsOfFile: out, encoding: .utf8)
    // The title line, forward --render's layer line and its map labels, the legend's caption,
    // and the explanation's check (as text, so it can be searched).
    for text in ["lenet5 on mnist test image 0 (label 7)", "C1: conv 5×5 /1 pad 0, 6×28×28, scaled-tanh", "#5", "scale: layer, centred on 0"] {
      #expect(svg.contains(">\(text)"), "no text \(text)")
    }
    #expect(svg.contains("C1 map 0 at row 14, col 14"))
    // Heatmap cells are rectangles in full colour, many of them.
    #expect(svg.components(separatedBy: "<rect").count > 500)

    // Without --json: one line saying where and what.
    let plain = try CommandRunner.run(["export", "svg", "forward", "lenet5", "--input", "mnist:test:0", "--out", folder + "/all.svg"])
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout.hasPrefix("wrote \(folder)/all.svg: forward · lenet5 on mnist test image 0 (label 7), "))
    #expect(try String(contentsOfFile: folder + "/all.svg", encoding: .utf8).contains(">F6: "))
  }

  @Test func theComparisonAsSVG() throws {
    let out = Fixtures.temporaryDirectory() + "/compare.svg"
    let r = try CommandRunner.run(["export", "svg", "compare", "lenet5", "alexnet", "--no-timing", "--out", out, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let answer = try Self.written(r)
    #expect(answer.shows == "Compare · lenet5 vs alexnet" && answer.width == 900)
    try Self.expectDrawable(out, width: answer.width, height: answer.height)
    let svg = try String(contentsOfFile: out, encoding: .utf8)
    #expect(svg.contains(">60,000</text>") && svg.contains(">60,965,224</text>"))
    #expect(svg.contains(">Design choices</text>"))
  }

  @Test func aSavedRunsChartsAsSVG() throws {
    let folder = Fixtures.temporaryDirectory()
    var config = TrainingConfig()
    config.epochs = 2
    var record = RunRecord(settings: RunRecord.Settings(config: config, model: "lenet5", dataset: "mnist", trainImages: 6_400))
    // Two epochs of 100 steps; the loss halves every 50 steps.
    for step in 1...200 {
      record.steps.append(RunRecord.Step(step: step, epoch: (step - 1) / 100 + 1, loss: 2.3 * pow(0.5, Double(step) / 50),
                                         accuracy: 0.5, learningRate: 0.01, batchSize: 64, seconds: 0.01,
                                         elapsed: Double(step) / 100))
    }
    record.epochs = [
      RunRecord.Epoch(epoch: 1, step: 100, trainLoss: 0.6, trainAccuracy: 0.8, testLoss: 0.5, testAccuracy: 0.9125, seconds: 1),
      RunRecord.Epoch(epoch: 2, step: 200, trainLoss: 0.2, trainAccuracy: 0.95, testLoss: 0.15, testAccuracy: 0.9637, seconds: 1),
    ]
    try record.write(to: folder + "/run.jsonl")
    for chart in ["loss", "accuracy"] {
      let out = folder + "/\(chart).svg"
      let r = try CommandRunner.run(["export", "svg", "metrics", folder + "/run.jsonl", "--chart", chart, "--out", out, "--json"])
      #expect(r.status == 0, "\(r.stderr)")
      let answer = try Self.written(r)
      #expect(answer.shows == "Train · lenet5 on mnist · 2 of 2 epochs · \(chart)")
      try Self.expectDrawable(out, width: answer.width, height: answer.height)
      let svg = try String(contentsOfFile: out, encoding: .utf8)
      // The epoch table has both epochs' test accuracy, as the Train screen writes it.
      #expect(svg.contains("96.37%"), "\(chart): no epoch 2 accuracy")
    }
    // An empty record has nothing to draw: said, with the file's name.
    try RunRecord(settings: record.settings).write(to: folder + "/empty.jsonl")
    let empty = try CommandRunner.run(["export", "svg", "metrics", folder + "/empty.jsonl", "--out", folder + "/e.svg"])
    #expect(empty.status == 1 && empty.stderr.contains("empty.jsonl") && empty.stderr.contains("no training steps"))
  }

  @Test func whatCannotBeDrawnIsSaid() throws {
    let folder = Fixtures.temporaryDirectory()
    let units = try CommandRunner.run(["export", "png", "forward", "lenet5", "--input", "mnist:test:0", "--layer", "F6",
                                       "--out", folder + "/f6.png"])
    #expect(units.status == 1 && units.stderr.contains("F6") && units.stderr.contains("not maps"))
    let noLayer = try CommandRunner.run(["export", "png", "forward", "lenet5", "--input", "mnist:test:0", "--out", folder + "/x.png"])
    #expect(noLayer.status == 64 && noLayer.stderr.contains("--layer"))
    let badLayer = try CommandRunner.run(["export", "svg", "forward", "lenet5", "--input", "mnist:test:0", "--layer", "C9",
                                          "--out", folder + "/x.svg"])
    #expect(badLayer.status == 1 && badLayer.stderr.contains("no such layer"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/f6.png") && !FileManager.default.fileExists(atPath: folder + "/x.svg"))
  }
}
