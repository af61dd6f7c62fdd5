import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Small seeded trainers shared by the trainer test files (resume, live settings, health).
enum TrainerTestKit {
  static let empty = ImageDataset(name: "empty", split: .test, rows: 28, cols: 28, pixels: [], labels: [], classNames: [])

  /// 320 MNIST test digits: ten batches of 32, so short runs cross epoch boundaries.
  static let digits: ImageDataset = (try? Fixtures.mnistTest(first: 320)) ?? empty

  /// A tiny AlexNet with dropout (width ×0.125, 67×67 inputs, 10 classes).
  static var tinyAlexNet: ModelSpec { get throws { try ModelCatalog.spec(named: "alexnet", width: 0.125, inputSize: 67, classes: 10) } }

  static func config(lr: Float, threads: Int = 1, seed: UInt64 = 1, epochs: Int = 3) -> TrainingConfig {
    var c = TrainingConfig()
    c.batchSize = 32
    c.learningRate = lr
    c.momentum = 0.9
    c.weightDecay = 5e-4
    c.schedule = .cosine
    c.seed = seed
    c.threads = threads
    c.epochs = epochs
    return c
  }

  /// A trainer on freshly initialised weights (`initSeed` defaults to the config's seed).
  static func trainer(_ spec: ModelSpec, _ config: TrainingConfig, initSeed: UInt64? = nil) throws -> Trainer {
    let net = try Network(spec: spec, dropoutSeed: initSeed ?? config.seed)
    net.initialize(seed: initSeed ?? config.seed, scheme: config.initScheme)
    return try Trainer(network: net, config: config)
  }

  static func losses(_ t: Trainer, steps: Int, on data: ImageDataset = digits) throws -> [Double] {
    try (0..<steps).map { _ in try t.trainStep(on: data).loss }
  }

  /// Every saved tensor's values, by name.
  static func weights(_ net: Network) -> [String: [Float]] {
    Dictionary(uniqueKeysWithValues: Checkpoint.tensors(of: net).map { ($0.name, $0.values) })
  }
}

/// A run saved after N steps and resumed in a fresh trainer makes the same M further steps as
/// the run that never stopped: same losses and same final weights, bit for bit.
@Suite struct TrainerResumeTests {
  typealias Kit = TrainerTestKit

  /// Runs N+M steps straight, and N steps + save + resume in a fresh trainer + M steps.
  func checkResume(spec: ModelSpec, config: TrainingConfig, first n: Int, then m: Int,
                   data: ImageDataset = Kit.digits) throws {
    let straight = try Kit.trainer(spec, config)
    let reference = try Kit.losses(straight, steps: n + m, on: data)

    let interrupted = try Kit.trainer(spec, config)
    let before = try Kit.losses(interrupted, steps: n, on: data)
    #expect(before == Array(reference.prefix(n)))
    let path = Fixtures.temporaryDirectory() + "/run.safetensors"
    try interrupted.save(to: path, metadata: ["dataset": data.name])

    // Different seeds and settings everywhere: everything must come from the file.
    var other = config
    other.seed = config.seed &+ 1000
    other.learningRate = 0.123
    other.batchSize = 7
    other.schedule = .constant
    let resumed = try Kit.trainer(spec, other)
    try resumed.resume(from: path)
    #expect(resumed.step == n)
    #expect(resumed.config == config)
    let after = try Kit.losses(resumed, steps: m, on: data)
    #expect(after == Array(reference.suffix(m)), "resumed losses differ from the uninterrupted run")
    #expect(Kit.weights(resumed.network) == Kit.weights(straight.network), "final weights differ")
    #expect(resumed.events.last?.kind == .resumed)
  }

  @Test(arguments: [("lenet5", 7), ("lenet5", 10), ("lenet5-modern", 7), ("lenet5-modern", 13)])
  func resumeContinuesTheSameCurveBitForBit(model: String, n: Int) throws {
    #expect(Kit.digits.count == 320)
    let spec = try ModelCatalog.spec(named: model)
    // The classic net (RBF loss) and the modern one (softmax); N = 7 and 13 stop mid-epoch,
    // N = 10 exactly at its end, and the M = 8 steps after cross into the next epoch.
    try checkResume(spec: spec, config: Kit.config(lr: model == "lenet5" ? 0.003 : 0.05), first: n, then: 8)
  }

  @Test func twoThreadRunsResumeExactlyToo() throws {
    try checkResume(spec: try ModelCatalog.spec(named: "lenet5-modern"), config: Kit.config(lr: 0.05, threads: 2), first: 6, then: 6)
  }

  @Test func alexNetWithDropoutAndAugmentationResumesExactly() throws {
    // Dropout draws from one generator per layer and replica, augmentation from one per
    // replica: all of them must be saved. 96 images in batches of 32 keep it quick in debug.
    let data = Kit.digits.prefix(96)
    var c = Kit.config(lr: 0.005, threads: 2)
    c.initScheme = .he
    c.augmentation = .alexNet
    try checkResume(spec: try Kit.tinyAlexNet, config: c, first: 2, then: 3, data: data)
  }

  @Test func savedFileIsAlsoAnOrdinaryWeightsFile() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5"), Kit.config(lr: 0.003))
    _ = try Kit.losses(t, steps: 3)
    let path = Fixtures.temporaryDirectory() + "/run.safetensors"
    try t.save(to: path)
    let file = try SafeTensors.read(path: path)
    #expect(file.tensors.contains { $0.name == "train.velocity.C1.weight" })
    #expect(file.tensors.contains { $0.name == "train.order" })
    #expect(file.metadata["train.step"] == "3")
    let plain = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    try Checkpoint.load(path, into: plain)
    #expect(Kit.weights(plain) == Kit.weights(t.network))
  }

  @Test func plainWeightsFileCannotBeResumed() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    let path = Fixtures.temporaryDirectory() + "/weights.safetensors"
    try Checkpoint.save(t.network, to: path)
    #expect(throws: EngineError(path, "has no training state; it can only be used as --weights")) {
      try t.resume(from: path)
    }
  }

  @Test func stateForAnotherModelIsRejected() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    let path = Fixtures.temporaryDirectory() + "/run.safetensors"
    try t.save(to: path)
    let other = try Kit.trainer(try ModelCatalog.spec(named: "lenet5"), Kit.config(lr: 0.003))
    #expect(throws: EngineError.self) { try other.resume(from: path) }
    #expect(other.step == 0)
  }

  @Test func everySettingSurvivesTheFile() throws {
    var c = Kit.config(lr: 0.0125, threads: 1, seed: 0xFFFF_FFFF_FFFF_FFF1)
    c.schedule = .step(everyEpochs: 3, gamma: 0.25)
    c.initScheme = .he
    c.frozenLayers = ["conv1", "conv2"]
    c.augmentation = Augmentation(randomCrop: true, flip: false,
                                  pcaColor: PCAColor(eigenvalues: [0.3, 0.02, 0.001],
                                                     eigenvectors: [[1, 0, 0], [0, 1, 0], [0, 0, -1]], alphaStd: 0.2))
    let t = try Kit.trainer(try Kit.tinyAlexNet, c)
    t.mark(.note, "a note with \"quotes\", commas and a NaN", value: .nan)
    var state = t.state()
    state.trainingSeconds = 12.5
    let file = try state.file()
    let back = try TrainerState(file: file, source: "memory")
    #expect(back.config == c)
    #expect(back.trainingSeconds == 12.5)
    #expect(back.events.count == 1)
    #expect(back.events.first?.message == "a note with \"quotes\", commas and a NaN")
    #expect(back.events.first?.newValue?.isNaN == true)
    #expect(Set(back.dropout) == Set(state.dropout))
    #expect(!back.dropout.isEmpty)
    #expect(back.augmentation == state.augmentation)
    #expect(back.shuffler == state.shuffler)
  }
}

/// Metrics export: CSV and JSON Lines hold the same record and read back to it.
@Suite struct RunRecordTests {
  typealias Kit = TrainerTestKit

  /// A record of a short real run with a live change and an epoch result.
  static func sampleRecord() throws -> RunRecord {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    var record = RunRecord(settings: .init(config: t.config, model: "lenet5-modern", dataset: "mnist", trainImages: 320))
    for i in 0..<12 {
      if i == 4 { t.update(learningRate: 0.02) }
      if i == 6 { t.mark(.note, "a \"quoted\", comma, line\nbreak") }
      record.append(try t.trainStep(on: Kit.digits), elapsed: t.trainingSeconds)
      if t.epochFinished {
        record.epochs.append(.init(epoch: 1, step: t.step, trainLoss: 1.5, trainAccuracy: 0.5, testLoss: 1.25,
                                   testAccuracy: 0.625, seconds: 0.75))
      }
    }
    record.events = t.events
    return record
  }

  @Test func csvAndJSONLinesReadBackExactly() throws {
    let record = try Self.sampleRecord()
    #expect(record.steps.count == 12 && record.epochs.count == 1 && record.events.count == 2)
    #expect(try RunRecord(csv: record.csv()) == record)
    #expect(try RunRecord(jsonl: record.jsonl()) == record)
  }

  /// An epoch trained without test images (`train --test-limit 0`) reads back untested from
  /// both formats, not as a test loss of 0 or NaN.
  @Test func anUntestedEpochReadsBackUntested() throws {
    var record = try Self.sampleRecord()
    record.epochs.append(RunRecord.Epoch(epoch: 2, step: 20, trainLoss: 0.5, trainAccuracy: 0.8, testLoss: nil,
                                         testAccuracy: nil, seconds: 1.5, wallSeconds: 2, images: 320))
    for read in [try RunRecord(csv: record.csv()), try RunRecord(jsonl: record.jsonl())] {
      #expect(read == record)
      #expect(read.epochs.map { $0.testLoss == nil } == [false, true])
    }
  }

  @Test func rowsComeInStepOrder() throws {
    let record = try Self.sampleRecord()
    #expect(record.csv().hasPrefix(RunRecord.csvColumns.joined(separator: ",") + "\n"))
    // Parsed rather than split at line breaks: the note's quoted cell holds one.
    let rows = try RunRecord.csvRows(record.csv(), source: "test")
    #expect(rows.allSatisfy { $0.count == RunRecord.csvColumns.count })
    let kinds = rows.dropFirst().map { $0[0] }
    #expect(kinds.prefix(14).allSatisfy { $0 == "setting" })
    // Step 4, then the learning-rate change made after it; step 10, then epoch 1's result.
    let afterSettings = Array(kinds.dropFirst(14))
    #expect(afterSettings[4] == "event" && afterSettings[3] == "step")
    #expect(afterSettings.firstIndex(of: "epoch") == 12)
    let json = try record.jsonl().split(separator: "\n")
    #expect(json.first?.contains("\"type\":\"settings\"") == true)
    #expect(json.first?.contains("\"batch_size\":32") == true)
    #expect(json.dropFirst().first?.contains("\"type\":\"step\"") == true)
    #expect(json.dropFirst().first?.contains("\"learning_rate\":0.05") == true)
  }

  @Test func writesAtomicallyByExtensionAndTruncatesForResume() throws {
    var record = try Self.sampleRecord()
    let dir = Fixtures.temporaryDirectory()
    try record.write(to: dir + "/m.csv")
    try record.write(to: dir + "/m.jsonl")
    #expect(try RunRecord.read(path: dir + "/m.csv") == record)
    #expect(try RunRecord.read(path: dir + "/m.jsonl") == record)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["m.csv", "m.jsonl"])
    record.truncate(afterStep: 5)
    #expect(record.steps.map(\.step) == [1, 2, 3, 4, 5])
    #expect(record.epochs.isEmpty)
    #expect(record.events.count == 1)
  }

  @Test func notAMetricsFileIsAnError() {
    #expect(throws: EngineError.self) { try RunRecord(csv: "a,b\n1,2\n", source: "x.csv") }
    #expect(throws: EngineError.self) { try RunRecord(jsonl: "{\"type\":\"step\"}\n", source: "x.jsonl") }
  }
}

/// A run that has ended frees its batch buffers and gradients but keeps what it saves; if
/// it trains again, the buffers come back and it goes on exactly as if nothing was freed.
@Suite struct TrainerReleaseTests {
  typealias Kit = TrainerTestKit

  /// A big net tests in batches of its training size, so a test pass leaves its layers'
  /// buffers at the size a step uses (in batches of 500, the full AlexNet kept 4.6 GB more for
  /// the rest of the run; README "Train"); a small one keeps the faster batches of 500.
  @Test func aBigNetTestsInBatchesOfItsTrainingSize() throws {
    var config = Kit.config(lr: 0.001)
    config.batchSize = 16
    let big = try Kit.trainer(try ModelCatalog.spec(named: "alexnet", width: 0.25, classes: 10), config)
    #expect(big.intraOp)
    _ = try Kit.losses(big, steps: 1)
    let bigTest = big.evaluate(on: Kit.digits.prefix(40))
    #expect(bigTest.count == 40)
    // 40 images in batches of 16: the last forward pass held the remaining 8.
    #expect(big.network.outputs.first?.shape.n == 8)
    let small = try Kit.trainer(try Kit.tinyAlexNet, config)
    #expect(!small.intraOp)
    _ = small.evaluate(on: Kit.digits.prefix(40))
    #expect(small.network.outputs.first?.shape.n == 40)
  }

  @Test(arguments: [1, 2])
  func releasedBuffersComeBackAndTrainingGoesOnBitForBit(threads: Int) throws {
    let config = Kit.config(lr: 0.01, threads: threads)
    let straight = try Kit.trainer(try Kit.tinyAlexNet, config)
    let reference = try Kit.losses(straight, steps: 6)
    _ = straight.evaluate(on: Kit.digits.prefix(64))
    let released = try Kit.trainer(try Kit.tinyAlexNet, config)
    #expect(try Kit.losses(released, steps: 3) == Array(reference.prefix(3)))
    _ = released.evaluate(on: Kit.digits.prefix(64))
    let state = released.state()
    released.releaseBuffers()
    // Nothing the run saves has changed, and every gradient is gone.
    let after = released.state()
    #expect(after.weights == state.weights && after.velocities == state.velocities)
    #expect(after.step == state.step && after.order == state.order && after.cursor == state.cursor)
    #expect(after.dropout == state.dropout && after.augmentation == state.augmentation)
    #expect(released.network.parameters.allSatisfy { $0.grad.count == 0 })
    #expect(try Kit.losses(released, steps: 3) == Array(reference.suffix(3)))
    #expect(released.network.parameters.allSatisfy { $0.grad.count == $0.count })
    // A test pass after the release works too, and agrees with the run never released.
    let again = try Kit.trainer(try Kit.tinyAlexNet, config)
    _ = try Kit.losses(again, steps: 6)
    released.releaseBuffers()
    #expect(released.evaluate(on: Kit.digits).accuracy == again.evaluate(on: Kit.digits).accuracy)
    #expect(Kit.weights(released.network) == Kit.weights(again.network))
  }
}
