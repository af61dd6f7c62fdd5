import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// The time-lapse: thinning within its budget, frames equal to the run's weights and maps at
/// their step, and a saved file that reads back to the same frames.
@Suite struct TimeLapseTests {
  /// A frame whose values say which step it is (so thinning mistakes show).
  static func frame(_ step: Int, _ lapse: TimeLapse) -> TimeLapse.Frame {
    TimeLapse.Frame(step: step, kernels: Array(repeating: Float(step), count: lapse.kernelValues),
                    maps: Array(repeating: -Float(step), count: lapse.mapValues))
  }

  @Test func thinningKeepsTheBudgetAndSpreadsFramesOverTheRun() {
    // 1 kernel of 2×2 and 1 map of 2×2: 32 bytes a frame; 160 bytes hold 5 frames.
    var lapse = TimeLapse(layer: "C1", kernelCount: 1, kernelSize: 2, mapCount: 1, mapSide: 2, every: 1, budgetBytes: 160)
    #expect(lapse.frameBytes == 32)
    #expect(lapse.capacity == 5)
    for step in 0...4 { lapse.record(Self.frame(step, lapse)) }
    #expect(lapse.frames.map(\.step) == [0, 1, 2, 3, 4])
    lapse.record(Self.frame(5, lapse))  // a sixth frame: thin to every 2
    #expect(lapse.every == 2)
    #expect(lapse.frames.map(\.step) == [0, 2, 4])
    for step in 6...100 { lapse.record(Self.frame(step, lapse)) }
    #expect(lapse.frames.count <= lapse.capacity)
    #expect(lapse.every == 32)
    #expect(lapse.frames.map(\.step) == [0, 32, 64, 96])
    #expect(lapse.frames.allSatisfy { f in f.kernels.allSatisfy { $0 == Float(f.step) } && f.maps.allSatisfy { $0 == -Float(f.step) } })
    #expect(lapse.frameIndex(atOrBefore: 70) == 2)
    #expect(lapse.frameIndex(atOrBefore: 0) == 0)
    #expect(lapse.kernelRange == 96)
  }

  @Test func aResumedRunKeepsItsFirstFrameThroughThinning() {
    var lapse = TimeLapse(layer: "C1", kernelCount: 1, kernelSize: 1, mapCount: 0, mapSide: 0, every: 10, budgetBytes: 12)
    #expect(lapse.capacity == 3)
    lapse.record(Self.frame(35, lapse))  // resumed at step 35: not a multiple, kept as the start
    for step in 36...100 { lapse.record(Self.frame(step, lapse)) }
    #expect(lapse.frames.map(\.step) == [35, 40, 80])  // 35…60 thinned to every 20, then to every 40
    #expect(lapse.every == 40)
  }

  @Test func recorderFramesAreTheWeightsAndMapsAtTheirStep() throws {
    let data = try Fixtures.mnistTest(first: 64)
    let network = try Network(spec: LeNet5.modern)
    network.initialize(seed: 9)
    var config = TrainingConfig()
    config.batchSize = 16
    config.learningRate = 0.05
    config.threads = 1
    let trainer = try Trainer(network: network, config: config)
    let input = Tensor(zeros: LeNet5.modern.input.batch(1))  // (1, 1, 32, 32)
    InputEncoder.fill(input, labels: nil, from: data, indices: 0..<1, preprocessing: LeNet5.modern.preprocessing)
    let recorder = try #require(TimeLapseRecorder(network: network, input: input, every: 2))
    #expect(recorder.timeLapse.layer == "C1")
    #expect(recorder.timeLapse.kernelCount == 6 && recorder.timeLapse.kernelSize == 5)
    #expect(recorder.timeLapse.mapCount == 6 && recorder.timeLapse.mapSide == 28)
    recorder.offer(step: 0)
    var expected: [Int: (kernels: [Float], maps: [Float])] = [:]
    func fresh() throws -> (kernels: [Float], maps: [Float]) {
      // An independent network loaded with a copy of the weights: what the step's picture must be.
      let copy = try Network(spec: LeNet5.modern)
      for (a, b) in zip(network.savedParameters, copy.savedParameters) { b.value.copy(from: a.value) }
      copy.forward(input, training: false)
      let w = copy.layers[0].parameters[0].value.array  // (6, 1, 5, 5): one input channel
      return (w, Array(copy.outputs[0].array.prefix(6 * 28 * 28)))
    }
    expected[0] = try fresh()
    for _ in 0..<5 {
      _ = try trainer.trainStep(on: data)
      recorder.offer(step: trainer.step)
      if trainer.step % 2 == 0 { expected[trainer.step] = try fresh() }
    }
    let lapse = recorder.timeLapse
    #expect(lapse.frames.map(\.step) == [0, 2, 4])
    for frame in lapse.frames {
      #expect(frame.kernels == expected[frame.step]?.kernels, "kernels at step \(frame.step)")
      #expect(frame.maps == expected[frame.step]?.maps, "maps at step \(frame.step)")
    }
    #expect(lapse.frames[0].kernels != lapse.frames[2].kernels)
  }

  @Test func aSavedTimeLapseReadsBackToTheSameFrames() throws {
    var lapse = TimeLapse(layer: "conv1", kernelCount: 2, kernelSize: 3, mapCount: 2, mapSide: 2, every: 5)
    for step in stride(from: 0, through: 20, by: 5) {
      var f = Self.frame(step, lapse)
      f.kernels[1] = 0.125 * Float(step)
      lapse.record(f)
    }
    let path = Fixtures.temporaryDirectory() + "/run.timelapse.safetensors"
    try lapse.write(to: path)
    #expect(try TimeLapse.read(path: path) == lapse)
    #expect(TimeLapse.path(forCheckpoint: "a/run.safetensors") == "a/run.timelapse.safetensors")
    #expect(TimeLapse.path(forCheckpoint: "run") == "run.timelapse.safetensors")
  }

  @Test func aDamagedTimeLapseIsRefusedWithItsProblem() throws {
    var lapse = TimeLapse(layer: "C1", kernelCount: 1, kernelSize: 1, mapCount: 0, mapSide: 0, every: 1)
    lapse.record(Self.frame(0, lapse))
    lapse.record(Self.frame(1, lapse))
    var file = lapse.file
    file.metadata["steps"] = "1,0"
    #expect(throws: EngineError("t", "lists its frames' steps out of order")) { try TimeLapse(file: file, source: "t") }
    file.metadata["steps"] = "0,1,2"
    #expect(throws: EngineError("t", "has 3 steps but 2 kernel and 2 map frames (or planes that are not square)")) {
      try TimeLapse(file: file, source: "t")
    }
    file.metadata["steps"] = "0,x"
    #expect(throws: EngineError("t", "has a step that is not a whole number ≥ 0")) { try TimeLapse(file: file, source: "t") }
    file.metadata["format"] = "convscope-weights-1"
    #expect(throws: EngineError("t", "is not a convscope time-lapse (format \"convscope-weights-1\", expected "
      + "\"convscope-timelapse-1\")")) { try TimeLapse(file: file, source: "t") }
  }

  @Test func pngWriterRoundTripsThroughTheReader() throws {
    let rgb = RGBImage(width: 3, height: 2, channels: 3, pixels: (0..<18).map { UInt8($0 * 14) })
    let gray = RGBImage(width: 2, height: 2, channels: 1, pixels: [0, 85, 170, 255])
    let dir = Fixtures.temporaryDirectory()
    try rgb.writePNG(path: dir + "/rgb.png")
    try gray.writePNG(path: dir + "/gray.png")
    #expect(try RGBImage.read(path: dir + "/rgb.png") == rgb)
    #expect(try RGBImage.read(path: dir + "/gray.png") == gray)
    #expect(throws: EngineError.self) { try rgb.writePNG(path: dir + "/missing/folder/x.png") }
  }
}
