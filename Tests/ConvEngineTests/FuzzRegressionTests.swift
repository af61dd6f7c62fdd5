import Foundation
import Testing
import TestSupport
@testable import ConvEngine

/// Issue 19: every input that ever failed a fuzz target of the engine's readers
/// (Tests/Fixtures/fuzz/) goes through the same code as in its target again (Fuzz/<target>/):
/// each must end in a value or an `EngineError`, never a crash. The lesson targets' inputs are
/// replayed in ConvScopeAppTests (FuzzRegressionTests).
@Suite struct FuzzRegressionTests {
  @Test func everyInputTheFuzzersFoundStillParses() throws {
    let inputs = try FuzzFixtures.inputs(of: ["FuzzSafeTensors", "FuzzIDX", "FuzzPNG", "FuzzJPEG", "FuzzPNM", "FuzzTimeLapse",
                                                "FuzzModelFile"],
                                         replayedElsewhere: ["FuzzLesson", "FuzzLessonLink", "FuzzTour"])
    var config = TrainingConfig()
    config.threads = 1
    let trainer = try Trainer(network: try Network(spec: try ModelCatalog.spec(named: "lenet5-modern")), config: config)
    let dataset = ImageDataset(name: "mnist", split: .train, rows: 28, cols: 28, pixels: [UInt8](repeating: 0, count: 16 * 784),
                               labels: [UInt8](repeating: 0, count: 16), classNames: (0..<10).map(String.init))
    for input in inputs {
      let bytes = input.bytes, name = input.name
      switch input.target {
      case "FuzzSafeTensors":
        guard let file = try? SafeTensors.decode(bytes, source: name) else { continue }
        _ = try? Checkpoint.apply(file, source: name, to: trainer.network)
        _ = Checkpoint.outputClasses(in: file, for: trainer.network.spec)
        guard let state = try? TrainerState(file: file, source: name) else { continue }
        _ = try? state.trainingSet(from: dataset, limit: nil, path: name)
        _ = try? trainer.restore(state, source: name)
      case "FuzzTimeLapse":
        guard let file = try? SafeTensors.decode(bytes, source: name), let lapse = try? TimeLapse(file: file, source: name)
        else { continue }
        let recorder = try #require(TimeLapseRecorder(network: try Network(spec: try ModelCatalog.spec(named: "lenet5")),
                                                      input: Tensor(zeros: try ModelCatalog.spec(named: "lenet5").input.batch(1)), every: 1))
        recorder.resume(from: lapse)
        guard recorder.timeLapse == lapse else { continue }
        var continued = lapse
        continued.record(TimeLapse.Frame(step: (lapse.frames.last?.step ?? 0) &+ lapse.every,
                                         kernels: [Float](repeating: 0, count: lapse.kernelValues),
                                         maps: lapse.mapLayers.map { [Float](repeating: 0, count: $0.values) }))
      case "FuzzModelFile":
        if let spec = try? ModelFile.parse(String(decoding: bytes, as: UTF8.self), source: name) {
          #expect(throws: Never.self) { try spec.shapeTable() }
        }
      case "FuzzIDX":
        let data = GzipReader.isGzip(bytes) ? try? GzipReader.inflate(bytes, path: name, limit: 64 << 20) : bytes
        _ = try? data.map { try IDXArray.parse($0, path: name, itemName: "images") }
      default:
        // The image targets put their format's magic in front (FuzzSupport/FuzzImage.swift);
        // FuzzPNM's first byte picks P2, P3, P5 or P6.
        let file: [UInt8]
        switch input.target {
        case "FuzzPNG": file = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? bytes : [0x89, 0x50, 0x4E, 0x47] + bytes
        case "FuzzJPEG": file = bytes.starts(with: [0xFF, 0xD8]) ? bytes : [0xFF, 0xD8] + bytes
        default:
          guard let first = bytes.first else { continue }
          file = [0x50, [0x32, 0x33, 0x35, 0x36][Int(first) % 4]] + bytes.dropFirst()
        }
        guard let image = try? RGBImage.decode(file, source: name) else { continue }
        _ = ImagePreprocessing.digit(from: image, size: 28)
      }
    }
  }
}
