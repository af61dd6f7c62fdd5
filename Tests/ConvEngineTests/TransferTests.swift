import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Transfer learning: the seeded class-balanced subset, frozen layers that stay bit-identical,
/// and a small three-arm run with sensible numbers.
@Suite struct TransferTests {
  static let empty = ImageDataset(name: "empty", split: .test, rows: 28, cols: 28, pixels: [], labels: [], classNames: [])
  static let fashionTrain: ImageDataset =
    (try? ImageDataset.load(.fashionMNIST, split: .train, assetsDirectory: Fixtures.assets)) ?? empty
  static let fashionTest: ImageDataset =
    (try? ImageDataset.load(.fashionMNIST, split: .test, assetsDirectory: Fixtures.assets)) ?? empty
  static let modernWeights = Fixtures.assets + "/weights/lenet5-modern.safetensors"

  func experiment(_ config: TransferConfig) throws -> TransferExperiment {
    try TransferExperiment(config: config, trainingSet: Self.fashionTrain, testSet: Self.fashionTest,
                           weightsPath: Fixtures.assets + "/weights/\(config.model).safetensors")
  }

  // MARK: - The subset

  @Test func subsetIsClassBalancedAndSeeded() throws {
    #expect(Self.fashionTrain.count == 60_000)
    let a = try Self.fashionTrain.balancedSubset(count: 200, seed: 7)
    #expect(a.count == 200)
    #expect(a.labelHistogram == Array(repeating: 20, count: 10))
    let again = try Self.fashionTrain.balancedSubset(count: 200, seed: 7)
    #expect(again.labels == a.labels && again.pixels == a.pixels)
    let other = try Self.fashionTrain.balancedSubset(count: 200, seed: 8)
    #expect(other.labelHistogram == a.labelHistogram)
    #expect(other.pixels != a.pixels)
    // Each chosen image is a real training image with its own label.
    let first = a.image(0)
    #expect(first.count == 28 * 28)
  }

  @Test func anUnevenCountGivesSomeClassesOneMore() throws {
    let s = try Self.fashionTrain.balancedSubset(count: 105, seed: 1)
    #expect(s.count == 105)
    #expect(s.labelHistogram.filter { $0 == 11 }.count == 5)
    #expect(s.labelHistogram.filter { $0 == 10 }.count == 5)
  }

  @Test func impossibleSubsetsAreErrors() throws {
    #expect(throws: EngineError.self) { try Self.fashionTest.balancedSubset(count: 5, seed: 1) }
    #expect(throws: EngineError.self) { try Self.fashionTest.balancedSubset(count: 10_001, seed: 1) }
    // Class 0 has 1,000 test images: a 10,000 subset is the whole set, 10,001 is impossible.
    #expect(try Self.fashionTest.balancedSubset(count: 10_000, seed: 1).labelHistogram == Array(repeating: 1000, count: 10))
  }

  // MARK: - Arms and freezing

  @Test func defaultClassifierLayersFollowTheHead() throws {
    let modern = try experiment(TransferConfig(model: "lenet5-modern", examples: 100, testLimit: 100))
    #expect(modern.classifierLayers == ["F6", "output"])
    #expect(modern.frozenLayers == ["C1", "C3", "C5"])
    // The 1998 output is the fixed RBF: only F6 can learn the new classes.
    let classic = try experiment(TransferConfig(model: "lenet5", examples: 100, testLimit: 100))
    #expect(classic.classifierLayers == ["F6"])
    #expect(classic.frozenLayers == ["C1", "S2", "C3", "S4", "C5"])
    let headOnly = try experiment(TransferConfig(examples: 100, classifierLayers: ["output"], testLimit: 100))
    #expect(headOnly.frozenLayers == ["C1", "C3", "C5", "F6"])
    #expect(headOnly.learningRate(for: .fineTuneAll) == headOnly.learningRate(for: .fromScratch) * 0.2)
  }

  @Test func badSettingsAreErrors() throws {
    #expect(throws: EngineError.self) { try experiment(TransferConfig(examples: 100, classifierLayers: ["S2"])) }
    #expect(throws: EngineError.self) { try experiment(TransferConfig(examples: 100, classifierLayers: ["nope"])) }
    #expect(throws: EngineError.self) {
      try TransferExperiment(config: TransferConfig(examples: 100), trainingSet: Self.fashionTrain,
                             testSet: Self.fashionTest, weightsPath: "/nonexistent/w.safetensors")
    }
    // The classic model's weights do not fit the modern model.
    #expect(throws: EngineError.self) {
      try TransferExperiment(config: TransferConfig(model: "lenet5-modern", examples: 100), trainingSet: Self.fashionTrain,
                             testSet: Self.fashionTest, weightsPath: Fixtures.assets + "/weights/lenet5.safetensors")
    }
  }

  @Test(arguments: ["lenet5-modern", "lenet5"])
  func frozenLayersStayBitIdentical(model: String) throws {
    let e = try experiment(TransferConfig(model: model, examples: 100, batchSize: 25, threads: 2, testLimit: 100))
    let trainer = try e.makeTrainer(for: .frozenFeatures)
    for _ in 0..<8 { _ = try trainer.trainStep(on: e.train) }
    let saved = Dictionary(uniqueKeysWithValues: e.pretrained.tensors.map { ($0.name, $0.values) })
    for p in trainer.network.parameters {
      let layer = String(p.name.prefix { $0 != "." })
      let now = p.value.array, before = try #require(saved[p.name])
      if e.frozenLayers.contains(layer) {
        #expect(now.map(\.bitPattern) == before.map(\.bitPattern), "\(p.name) changed")
      } else {
        #expect(now != before, "\(p.name) did not train")
      }
    }
    // The fine-tune arm moves the feature layers too.
    let fine = try e.makeTrainer(for: .fineTuneAll)
    for _ in 0..<4 { _ = try fine.trainStep(on: e.train) }
    let c1 = try #require(fine.network.parameters.first { $0.name == "C1.weight" })
    #expect(c1.value.array != saved["C1.weight"])
  }

  // MARK: - A small run

  @Test func aSmallRunGivesThreeArmsWithSensibleNumbers() throws {
    let e = try experiment(TransferConfig(examples: 200, epochs: 2, seed: 3, testLimit: 1000))
    #expect(e.stepsPerEpoch == 7)
    var steps: [TransferArm: Int] = [:], epochs: [TransferArm: Int] = [:], initial: [TransferArm: Double] = [:]
    let r = try e.run { event in
      switch event {
      case .initial(let arm, let evaluation): initial[arm] = evaluation.accuracy
      case .step(let arm, _): steps[arm, default: 0] += 1
      case .epoch(let arm, _): epochs[arm, default: 0] += 1
      }
    }
    #expect(r.arms.map(\.arm) == [.frozenFeatures, .fineTuneAll, .fromScratch])
    #expect(r.examples == 200 && r.classCounts == Array(repeating: 20, count: 10))
    #expect(r.testImages == 1000 && r.epochs == 2 && r.pretrainedOn == "mnist")
    for arm in r.arms {
      #expect(steps[arm.arm] == 14 && epochs[arm.arm] == 2 && initial[arm.arm] == arm.initial.accuracy)
      #expect(arm.stepLoss.count == 14 && arm.stepLoss.allSatisfy(\.isFinite))
      #expect(arm.epochs.map(\.epoch) == [1, 2])
      #expect(arm.testAccuracyCurve.count == 3)
      // Well above chance (10%) after 2 short epochs, and below anything implausible.
      #expect(arm.finalTestAccuracy > 0.2 && arm.finalTestAccuracy < 0.95, "\(arm.arm): \(arm.finalTestAccuracy)")
    }
    let frozen = try #require(r.result(.frozenFeatures)), fine = try #require(r.result(.fineTuneAll))
    #expect(frozen.trainableLayers == ["F6", "output"] && frozen.trainableParameters == 10_164 + 850)
    #expect(fine.trainableParameters == 61_706)
    // Both pretrained arms start from the same weights.
    #expect(frozen.initial == fine.initial)
    #expect(r.frozenAdvantage != nil && !r.verdict.isEmpty)
    let decoded = try JSONDecoder().decode(TransferResult.self, from: JSONEncoder().encode(r))
    #expect(decoded == r)
  }

  @Test func aThrowingCallbackStopsTheRun() throws {
    let e = try experiment(TransferConfig(examples: 100, epochs: 1, testLimit: 100))
    var seen = 0
    #expect(throws: CancellationError.self) {
      _ = try e.run { event in
        if case .step = event { seen += 1 }
        if seen == 2 { throw CancellationError() }
      }
    }
    #expect(seen == 2)
  }
}
