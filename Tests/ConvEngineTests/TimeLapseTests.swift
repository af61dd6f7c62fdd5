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
                    maps: lapse.mapLayers.map { Array(repeating: -Float(step), count: $0.values) })
  }

  @Test func thinningKeepsTheBudgetAndSpreadsFramesOverTheRun() {
    // 1 kernel of 2×2 and 1 map of 2×2: 32 bytes a frame; 160 bytes hold 5 frames.
    var lapse = TimeLapse(layer: "C1", kernelCount: 1, kernelSize: 2, mapLayers: [.init(name: "C1", count: 1, side: 2)],
                          every: 1, budgetBytes: 160)
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
    #expect(lapse.frames.allSatisfy { f in f.kernels.allSatisfy { $0 == Float(f.step) } && f.maps[0].allSatisfy { $0 == -Float(f.step) } })
    #expect(lapse.frameIndex(atOrBefore: 70) == 2)
    #expect(lapse.frameIndex(atOrBefore: 0) == 0)
    #expect(lapse.kernelRange == 96)
  }

  @Test func aResumedRunKeepsItsFirstFrameThroughThinning() {
    var lapse = TimeLapse(layer: "C1", kernelCount: 1, kernelSize: 1, mapLayers: [], every: 10, budgetBytes: 12)
    #expect(lapse.capacity == 3)
    lapse.record(Self.frame(35, lapse))  // resumed at step 35: not a multiple, kept as the start
    for step in 36...100 { lapse.record(Self.frame(step, lapse)) }
    #expect(lapse.frames.map(\.step) == [35, 40, 80])  // 35…60 thinned to every 20, then to every 40
    #expect(lapse.every == 40)
  }

  @Test func recorderFramesAreTheWeightsAndMapsAtTheirStep() throws {
    let data = try Fixtures.mnistTest(first: 64)
    let network = try Network(spec: try ModelCatalog.spec(named: "lenet5-modern"))
    network.initialize(seed: 9)
    var config = TrainingConfig()
    config.batchSize = 16
    config.learningRate = 0.05
    config.threads = 1
    let trainer = try Trainer(network: network, config: config)
    let input = Tensor(zeros: try ModelCatalog.spec(named: "lenet5-modern").input.batch(1))  // (1, 1, 32, 32)
    InputEncoder.fill(input, labels: nil, from: data, indices: 0..<1, preprocessing: try ModelCatalog.spec(named: "lenet5-modern").preprocessing)
    let recorder = try #require(TimeLapseRecorder(network: network, input: input, every: 2))
    #expect(recorder.timeLapse.layer == "C1")
    #expect(recorder.timeLapse.kernelCount == 6 && recorder.timeLapse.kernelSize == 5)
    #expect(recorder.timeLapse.mapLayers.first == TimeLapse.MapLayer(name: "C1", count: 6, side: 28))
    recorder.offer(step: 0)
    var expected: [Int: (kernels: [Float], maps: [Float])] = [:]
    func fresh() throws -> (kernels: [Float], maps: [Float]) {
      // An independent network loaded with a copy of the weights: what the step's picture must be.
      let copy = try Network(spec: try ModelCatalog.spec(named: "lenet5-modern"))
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
      #expect(frame.maps.first == expected[frame.step]?.maps, "maps at step \(frame.step)")
    }
    #expect(lapse.frames[0].kernels != lapse.frames[2].kernels)
  }

  @Test func lenetKeepsC1AndC3MapsAndThinsWithinTheBudget() throws {
    let network = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    var lapse = try #require(TimeLapse(network: network, every: 1))
    #expect(lapse.mapLayers == [.init(name: "C1", count: 6, side: 28), .init(name: "C3", count: 16, side: 10)])
    // 6 kernels of 5×5, 6 maps of 28×28, 16 of 10×10: 6,454 floats, 25,816 bytes; 8 MiB hold 324.
    #expect(lapse.frameBytes == 25_816 && lapse.capacity == 324)
    for step in 0...5_000 { lapse.record(Self.frame(step, lapse)) }
    #expect(lapse.frames.count <= lapse.capacity && lapse.frames.count * lapse.frameBytes <= lapse.budgetBytes)
    #expect(lapse.every == 16)
    #expect(lapse.frames.count == 5_000 / 16 + 1)
    #expect(lapse.frames.allSatisfy { f in f.maps.map(\.count) == [4_704, 1_600] && f.maps[1].allSatisfy { $0 == -Float(f.step) } })
  }

  @Test func layersAreChosenByNameOrAll() throws {
    let lenet = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    #expect(TimeLapse.defaultMapLayers(of: lenet).map { lenet.layers[$0].spec.name } == ["C1", "C3"])
    #expect(try TimeLapse.mapLayers(named: ["C3", "S2", "C3"], in: lenet).map { lenet.layers[$0].spec.name } == ["S2", "C3"])
    #expect(try TimeLapse.mapLayers(named: ["all"], in: lenet).map { lenet.layers[$0].spec.name } == ["C1", "C3"])
    #expect(throws: EngineError("lenet5", "has no layer \"conv1\" (layers with maps: C1, S2, C3, S4, or all)")) {
      try TimeLapse.mapLayers(named: ["conv1"], in: lenet)
    }
    #expect(throws: EngineError("lenet5", "layer F6 has no maps to keep (layers with maps: C1, S2, C3, S4, or all)")) {
      try TimeLapse.mapLayers(named: ["F6"], in: lenet)
    }
    let alexnet = try Network(spec: try ModelChoice(name: "alexnet", width: 0.25, inputSize: 67).spec())
    #expect(TimeLapse.defaultMapLayers(of: alexnet).map { alexnet.layers[$0].spec.name } == ["conv1", "conv2"])
  }

  /// A frame's maps at a deeper layer (and a pooling layer) are what a fresh network with the
  /// weights of that step computes for the input.
  @Test func deeperLayersFramesAreAFreshForwardPassAtTheirStep() throws {
    let data = try Fixtures.mnistTest(first: 64)
    let spec = try ModelCatalog.spec(named: "lenet5")
    let network = try Network(spec: spec)
    network.initialize(seed: 4)
    var config = TrainingConfig()
    (config.batchSize, config.learningRate, config.threads) = (16, 0.05, 1)
    let trainer = try Trainer(network: network, config: config)
    let input = Tensor(zeros: spec.input.batch(1))  // (1, 1, 32, 32)
    InputEncoder.fill(input, labels: nil, from: data, indices: 3..<4, preprocessing: spec.preprocessing)
    let layers = try TimeLapse.mapLayers(named: ["S2", "C3"], in: network)
    let recorder = try #require(TimeLapseRecorder(network: network, input: input, mapLayers: layers, every: 3))
    #expect(recorder.timeLapse.mapLayers == [.init(name: "S2", count: 6, side: 14), .init(name: "C3", count: 16, side: 10)])
    var expected: [Int: [[Float]]] = [:]
    func fresh() throws -> [[Float]] {
      let copy = try Network(spec: spec)
      for (a, b) in zip(network.savedParameters, copy.savedParameters) { b.value.copy(from: a.value) }
      copy.forward(input, training: false)
      return [copy.outputs[layers[0]].array, copy.outputs[layers[1]].array]
    }
    recorder.offer(step: 0)
    expected[0] = try fresh()
    for _ in 0..<7 {
      _ = try trainer.trainStep(on: data)
      recorder.offer(step: trainer.step)
      if trainer.step % 3 == 0 { expected[trainer.step] = try fresh() }
    }
    let lapse = recorder.timeLapse
    #expect(lapse.frames.map(\.step) == [0, 3, 6])
    for frame in lapse.frames { #expect(frame.maps == expected[frame.step], "maps at step \(frame.step)") }
    #expect(lapse.frames[0].maps[1] != lapse.frames[2].maps[1])
    // The screen's picture between frames computes the first layer only.
    #expect(recorder.picture(step: 7, mapLayers: 1)?.maps.count == 1)
  }

  /// A file saved before maps at several layers were kept (format 1) reads as a time-lapse of
  /// its first layer's maps.
  @Test func aFormatOneFileStillReads() throws {
    let file = SafeTensorsFile(
      tensors: [NamedTensor(name: "kernels", shape: [2, 1, 2, 2], values: (0..<8).map(Float.init)),
                NamedTensor(name: "maps", shape: [2, 2, 3, 3], values: (0..<36).map { -Float($0) })],
      metadata: ["format": "convscope-timelapse-1", "layer": "C1", "every": "10", "budget": "1024", "steps": "0,10"])
    let lapse = try TimeLapse(file: file, source: "old")
    #expect(lapse.mapLayers == [.init(name: "C1", count: 2, side: 3)])
    #expect(lapse.frames.map(\.step) == [0, 10])
    #expect(lapse.frames[1].kernels == [4, 5, 6, 7] && lapse.frames[1].maps == [(18..<36).map { -Float($0) }])
    // Without maps (a layer whose maps were not square): kernels only.
    var bare = file
    bare.tensors[1] = NamedTensor(name: "maps", shape: [2, 0, 0, 0], values: [])
    #expect(try TimeLapse(file: bare, source: "old").mapLayers.isEmpty)
    // Saving it again writes format 2, which reads back the same.
    let path = Fixtures.temporaryDirectory() + "/old.timelapse.safetensors"
    try lapse.write(to: path)
    #expect(try SafeTensors.read(path: path).metadata["format"] == "convscope-timelapse-2")
    #expect(try TimeLapse.read(path: path) == lapse)
  }

  @Test func aSavedTimeLapseReadsBackToTheSameFrames() throws {
    var lapse = TimeLapse(layer: "conv1", kernelCount: 2, kernelSize: 3,
                          mapLayers: [.init(name: "conv1", count: 2, side: 2), .init(name: "conv2", count: 3, side: 1)],
                          every: 5)
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
    var lapse = TimeLapse(layer: "C1", kernelCount: 1, kernelSize: 1, mapLayers: [], every: 1)
    lapse.record(Self.frame(0, lapse))
    lapse.record(Self.frame(1, lapse))
    var file = lapse.file
    file.metadata["steps"] = "1,0"
    #expect(throws: EngineError("t", "lists its frames' steps out of order")) { try TimeLapse(file: file, source: "t") }
    file.metadata["steps"] = "0,1,2"
    #expect(throws: EngineError("t", "has 3 steps but 2 kernel frames (or planes that are not square)")) {
      try TimeLapse(file: file, source: "t")
    }
    var crowded = file
    (crowded.metadata["steps"], crowded.metadata["budget"]) = ("0,1", "0")
    crowded.tensors[0] = NamedTensor(name: "kernels", shape: [2, 1, 1, 1], values: [0, 1])
    #expect(try TimeLapse(file: crowded, source: "t").frames.count == 2)  // two frames: the least capacity
    var three = lapse
    three.record(Self.frame(2, three))
    var over = three.file
    over.metadata["budget"] = "8"
    #expect(throws: EngineError("t", "holds 3 frames, more than its budget of 8 bytes holds (2)")) {
      try TimeLapse(file: over, source: "t")
    }
    // No frames, but planes no memory holds: refused before anything is sized by them.
    var huge = crowded
    (huge.metadata["steps"], huge.tensors[0]) = ("", NamedTensor(name: "kernels", shape: [0, 1 << 40, 1 << 20, 1 << 20], values: []))
    #expect(throws: EngineError("t", "has frames of more than 268,435,456 values (a full AlexNet frame has about 72,000)")) {
      try TimeLapse(file: huge, source: "t")
    }
    file.metadata["steps"] = "0,x"
    #expect(throws: EngineError("t", "has a step that is not a whole number ≥ 0")) { try TimeLapse(file: file, source: "t") }
    file.metadata["format"] = "convscope-weights-1"
    #expect(throws: EngineError("t", "is not a convscope time-lapse (format \"convscope-weights-1\", expected "
      + "\"convscope-timelapse-2\" or \"convscope-timelapse-1\")")) { try TimeLapse(file: file, source: "t") }
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
