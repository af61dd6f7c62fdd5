import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Short seeded training runs on real MNIST images: loss falls, runs repeat exactly.
@Suite struct TrainingTests {
  static let data: ImageDataset = {
    // 512 test-set digits are plenty for a smoke run and load in milliseconds.
    (try? Fixtures.mnistTest(first: 512)) ?? ImageDataset(name: "empty", split: .test, rows: 28, cols: 28,
                                                            pixels: [], labels: [], classNames: [])
  }()

  func trainer(_ spec: ModelSpec, seed: UInt64, threads: Int, lr: Float) throws -> Trainer {
    let net = try Network(spec: spec, dropoutSeed: seed)
    net.initialize(seed: seed)
    var c = TrainingConfig()
    c.batchSize = 32
    c.learningRate = lr
    c.momentum = 0.9
    c.seed = seed
    c.threads = threads
    c.epochs = 10
    return try Trainer(network: net, config: c)
  }

  func losses(_ t: Trainer, steps: Int) throws -> [Double] {
    try (0..<steps).map { _ in try t.trainStep(on: Self.data).loss }
  }

  @Test(arguments: [("lenet5", Float(0.005)), ("lenet5-modern", Float(0.05))])
  func lossFalls(model: String, lr: Float) throws {
    #expect(Self.data.count == 512)
    let t = try trainer(try ModelCatalog.spec(named: model), seed: 3, threads: 1, lr: lr)
    let l = try losses(t, steps: 48)
    let first = l.prefix(6).reduce(0, +) / 6, last = l.suffix(6).reduce(0, +) / 6
    #expect(last < 0.6 * first, "loss went from \(first) to \(last)")
  }

  @Test func sameSeedGivesTheSameCurveBitForBit() throws {
    let a = try losses(try trainer(try ModelCatalog.spec(named: "lenet5"), seed: 11, threads: 1, lr: 0.005), steps: 12)
    let b = try losses(try trainer(try ModelCatalog.spec(named: "lenet5"), seed: 11, threads: 1, lr: 0.005), steps: 12)
    #expect(a == b)
    let c = try losses(try trainer(try ModelCatalog.spec(named: "lenet5"), seed: 12, threads: 1, lr: 0.005), steps: 12)
    #expect(a != c)
  }

  @Test func twoThreadRunsAreAlsoRepeatable() throws {
    let a = try losses(try trainer(try ModelCatalog.spec(named: "lenet5-modern"), seed: 5, threads: 2, lr: 0.05), steps: 8)
    let b = try losses(try trainer(try ModelCatalog.spec(named: "lenet5-modern"), seed: 5, threads: 2, lr: 0.05), steps: 8)
    #expect(a == b)
  }

  /// Two replicas split each batch and sum their gradients: the same sums as one network's,
  /// in another order, so the run matches a one-thread run up to float rounding. A replica
  /// that read another's images, labels or score gradients would be far off.
  @Test func twoReplicasTrainLikeOne() throws {
    let one = try trainer(try ModelCatalog.spec(named: "lenet5-modern"), seed: 5, threads: 1, lr: 0.05)
    let two = try trainer(try ModelCatalog.spec(named: "lenet5-modern"), seed: 5, threads: 2, lr: 0.05)
    #expect(one.replicas.count == 1 && two.replicas.count == 2)
    let a = try losses(one, steps: 6), b = try losses(two, steps: 6)
    for (step, (x, y)) in zip(a, b).enumerated() {
      #expect(abs(x - y) <= 1e-5 * abs(x), "step \(step + 1): loss \(x) with one replica, \(y) with two")
    }
    let wa = TrainerTestKit.weights(one.network), wb = TrainerTestKit.weights(two.network)
    #expect(wa.keys.sorted() == wb.keys.sorted())
    for (name, values) in wa {
      let other = try #require(wb[name])
      let worst = zip(values, other).map { abs($0 - $1) }.max() ?? 0
      #expect(worst <= 1e-5, "\(name) differs by up to \(worst)")
    }
  }

  /// Every per-replica thing at once (augmentation generators, dropout generators, buffers)
  /// with the replicas on two threads: the run does not depend on their timing.
  @Test func twoReplicasWithAugmentationAndDropoutRepeatBitForBit() throws {
    var c = TrainerTestKit.config(lr: 0.005, threads: 2)
    c.initScheme = .he
    c.augmentation = .alexNet
    let data = TrainerTestKit.digits.prefix(96)
    let first = try TrainerTestKit.trainer(try TrainerTestKit.tinyAlexNet, c)
    let second = try TrainerTestKit.trainer(try TrainerTestKit.tinyAlexNet, c)
    #expect(!first.intraOp && first.replicas.count == 2)
    #expect(try TrainerTestKit.losses(first, steps: 4, on: data) == TrainerTestKit.losses(second, steps: 4, on: data))
    #expect(TrainerTestKit.weights(first.network) == TrainerTestKit.weights(second.network))
    #expect(first.state().augmentation.count == 2)
  }

  @Test func connectionTableKernelsStayZeroWhileTraining() throws {
    let t = try trainer(try ModelCatalog.spec(named: "lenet5"), seed: 2, threads: 2, lr: 0.01)
    _ = try losses(t, steps: 5)
    let c3 = try #require(t.network.layers[2] as? Conv2D)
    let mask = try #require(c3.weight.mask)
    var zeros = 0
    for i in 0..<c3.weight.count where mask[i] == 0 {
      #expect(c3.weight.value.pointer[i] == 0)
      zeros += 1
    }
    #expect(zeros == (96 - 60) * 25)
  }

  @Test func hugeLearningRateIsReportedAsDivergence() throws {
    let t = try trainer(try ModelCatalog.spec(named: "lenet5-modern"), seed: 1, threads: 1, lr: 1e8)
    #expect(throws: DivergenceError.self) { _ = try losses(t, steps: 20) }
  }

  @Test func evaluationCountsEveryImageOnce() throws {
    let net = try Network(spec: try ModelCatalog.spec(named: "lenet5-modern"))
    net.initialize(seed: 1)
    let ev = try Evaluator(network: net, threads: 2).evaluate(on: Self.data, batchSize: 100)
    #expect(ev.count == 512)
    #expect(ev.confusion.flatMap { $0 }.reduce(0, +) == 512)
    #expect(ev.confusion.map { $0.reduce(0, +) } == Self.data.labelHistogram)
  }

  /// A batch is shared by the replicas, as a training step's is: on 2 threads a 128-image batch
  /// is two forward passes of 64 (not two of 128), which halves the maps each core keeps in
  /// cache. The counts are the same as on one thread.
  @Test func aBatchIsSharedByTheReplicas() throws {
    let net = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    net.initialize(seed: 1)
    let evaluator = try Evaluator(network: net, threads: 2)
    let ev = evaluator.evaluate(on: Self.data, batchSize: 128)
    for replica in evaluator.replicas {
      let c1 = try #require(replica.layers.first as? Conv2D)
      #expect(c1.preActivation?.shape.n == 64)
    }
    let alone = try Evaluator(network: net, threads: 1).evaluate(on: Self.data, batchSize: 128)
    #expect(ev.count == 512 && ev.correct == alone.correct && ev.confusion == alone.confusion)
  }

  /// A small network (LeNet-5) takes at most `Evaluator.smallNetworkPass` images a forward
  /// pass, whatever the batch; the counts and confusion matrix are the same in passes of 64 as
  /// in passes of 7, and the mean loss agrees to float rounding (sgemm may sum C5's and F6's
  /// products in another order for another number of rows: the sanitizer build's differed in
  /// the 9th digit).
  @Test func aSmallNetworkEvaluatesInPassesOf64() throws {
    let net = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    net.initialize(seed: 1)
    let evaluator = try Evaluator(network: net, threads: 1)
    let big = evaluator.evaluate(on: Self.data, batchSize: 500)
    let c1 = try #require(net.layers.first as? Conv2D)
    #expect(Evaluator.smallNetworkPass == 64 && c1.preActivation?.shape.n == 64)
    let small = evaluator.evaluate(on: Self.data, batchSize: 7)
    #expect(big.count == 512 && big.correct == small.correct && big.confusion == small.confusion)
    #expect(abs(big.loss - small.loss) <= 1e-6 * abs(small.loss))
  }

  @Test func schedules() {
    #expect(LRSchedule.constant.rate(base: 0.1, progress: 3, totalEpochs: 5) == 0.1)
    #expect(LRSchedule.step(everyEpochs: 2, gamma: 0.5).rate(base: 0.1, progress: 4.5, totalEpochs: 10) == 0.025)
    #expect(abs(LRSchedule.cosine.rate(base: 0.1, progress: 5, totalEpochs: 10) - 0.05) < 1e-6)
    #expect(LRSchedule("step:3:0.1") == .step(everyEpochs: 3, gamma: 0.1))
    #expect(LRSchedule("bogus") == nil)
  }
}
