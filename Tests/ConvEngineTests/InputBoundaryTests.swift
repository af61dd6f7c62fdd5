import ConvEngine
import Foundation
import TestSupport
import Testing

/// The engine keeps its `precondition`s for programmer invariants only (issue 11's audit:
/// each says why no input reaches it). What makes them unreachable are the thrown checks
/// where input enters; these tests hand those places bad input and expect a message naming
/// the input, never a trap (a release build would not trap at all).
@Suite struct InputBoundaryTests {
  static func message(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return String(describing: error)
    }
  }

  /// Dataset indices out of range stop in `InputSource`, before `ImageDataset.image`.
  @Test(arguments: [
    ("mnist:test:10000", "mnist:test:10000: index 10000 is past the last image (9999)"),
    ("mnist:test:-1", "mnist:test:-1: the index must be a number ≥ 0"),
    ("mnist:valid:3", "mnist:valid:3: the split must be train or test"),
  ])
  func datasetIndicesAreCheckedWhereTheyEnter(text: String, says: String) {
    let error = Self.message { _ = try InputSource.load(text, for: try ModelCatalog.spec(named: "lenet5"), assets: Fixtures.assets) }
    #expect(error == says)
  }

  /// A tensor file of the wrong shape, or of no images, stops in `InputSource`, before
  /// `Tensor(shape:values:)` and Conv2D's input check.
  @Test func tensorFilesOfAnotherShapeAreRefusedByName() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cases: [(shape: [Int], says: String)] = [
      ([1, 1, 28, 28], "has shape [1, 1, 28, 28] but lenet5 needs [N, 1, 32, 32]"),
      ([0, 1, 32, 32], "has shape [0, 1, 32, 32] but lenet5 needs [N, 1, 32, 32]"),
      ([1024], "has shape [1024] but lenet5 needs [N, 1, 32, 32]"),
    ]
    for (i, c) in cases.enumerated() {
      let path = folder + "/input\(i).safetensors"
      try SafeTensors.write([NamedTensor(name: "input", shape: c.shape, values: [Float](repeating: 0.5, count: c.shape.reduce(1, *)))],
                            to: path)
      let error = Self.message { _ = try InputSource.load(path, for: try ModelCatalog.spec(named: "lenet5"), assets: Fixtures.assets) }
      #expect(error == "\(path): tensor \"input\" \(c.says)")
    }
    let good = folder + "/good.safetensors"
    try SafeTensors.write([NamedTensor(name: "input", shape: [2, 1, 32, 32], values: [Float](repeating: 0.5, count: 2048))], to: good)
    let loaded = try InputSource.load(good, for: try ModelCatalog.spec(named: "lenet5"), assets: Fixtures.assets)
    #expect(loaded.tensor.shape == Shape(n: 2, c: 1, h: 32, w: 32))
  }

  /// An image file without pixels stops in the decoder, before `RGBImage.init`.
  @Test func anImageWithoutPixelsIsRefusedByTheDecoder() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/empty.pgm"
    try Data("P5\n0 4\n255\n".utf8).write(to: URL(fileURLWithPath: path))
    let error = Self.message { _ = try InputSource.load(path, for: try ModelCatalog.spec(named: "lenet5"), assets: Fixtures.assets) }
    #expect(error == "\(path): bad P5 PGM header: the image size is 0×4")
  }

  /// A time-lapse saved for another model is not continued, so `TimeLapse.record` never gets
  /// frames of another size.
  @Test func aTimeLapseOfAnotherModelIsNotContinued() throws {
    let lenet = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    let alexnet = try Network(spec: try ModelChoice(name: "alexnet", width: 0.25, inputSize: 67).spec())
    let input = Tensor(zeros: try ModelCatalog.spec(named: "lenet5").input.batch(1))
    let recorder = try #require(TimeLapseRecorder(network: lenet, input: input, every: 1))
    let other = try #require(TimeLapse(network: alexnet, every: 1))
    recorder.resume(from: other)
    #expect(recorder.timeLapse.layer == "C1")
    recorder.offer(step: 1)
    #expect(recorder.timeLapse.frames.count == 1)
    #expect(recorder.timeLapse.frames[0].kernels.count == recorder.timeLapse.kernelValues)
  }

  /// The one output-shape rule: every model's built layers report exactly the shapes the
  /// shape table computes from the spec alone.
  @Test(arguments: ["lenet5", "lenet5-modern", "alexnet", "alexnet-ungrouped", "alexnet-torchvision", "alexnet@0.25-67px"])
  func layersAndShapeTableAgree(model: String) throws {
    let spec = try #require(ModelChoice(model)).spec()
    let network = try Network(spec: spec)
    let table = try spec.shapeTable()
    #expect(network.layers.count == table.rows.count)
    for (layer, row) in zip(network.layers, table.rows) {
      let shape = layer.outputShape
      #expect([shape.c, shape.h, shape.w] == row.output, "\(model) \(row.name)")
      #expect(shape == layer.spec.kind.outputShape(for: layer.inputShape))
    }
  }
}
