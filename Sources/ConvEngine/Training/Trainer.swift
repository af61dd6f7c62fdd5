import Dispatch
import Foundation

/// Settings of one training run.
public struct TrainingConfig: Sendable, Equatable {
  public var epochs: Int = 1
  public var batchSize: Int = 64
  public var learningRate: Float = 0.01
  public var momentum: Float = 0.9
  public var weightDecay: Float = 0
  public var schedule: LRSchedule = .constant
  public var seed: UInt64 = 1
  /// Worker threads (data-parallel replicas); 1 gives bit-for-bit reproducible runs.
  public var threads: Int = 2
  public var initScheme: InitScheme? = nil
  /// AlexNet-style augmentation of the training images (nil: none). Needs `.imageNet` inputs.
  public var augmentation: Augmentation? = nil

  public init() {}
}

/// What one optimiser step did.
public struct StepReport: Sendable, Hashable, Codable {
  public var step: Int
  public var epoch: Int
  /// Fraction of the current epoch done after this step.
  public var epochProgress: Double
  public var loss: Double
  public var accuracy: Double
  public var learningRate: Float
  public var batchSize: Int
  public var seconds: Double
}

/// Accuracy and confusion matrix on a labelled set.
public struct Evaluation: Sendable, Hashable, Codable {
  public var count: Int
  public var correct: Int
  public var loss: Double
  /// [true class][predicted class].
  public var confusion: [[Int]]
  public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
}

/// Raised when training diverges.
public struct DivergenceError: Error, CustomStringConvertible, Sendable {
  public var step: Int
  public var epoch: Int
  public var loss: Double
  public var learningRate: Float
  public var description: String {
    "loss became \(loss.isNaN ? "NaN" : "\(loss)") at step \(step) (epoch \(epoch)) with learning rate \(learningRate); "
      + "training stopped. Try a lower learning rate, e.g. --lr \(learningRate / 10)"
  }
}

/// Runs SGD on a network, one data-parallel replica per thread.
///
/// Each step splits the batch into contiguous slices, one per replica; every replica runs
/// forward and backward on its slice with single-threaded sgemm; the gradients are summed
/// in a fixed order and one optimiser step updates the shared weights. The result does
/// not depend on thread timing, and with `threads = 1` it is bit-for-bit repeatable.
public final class Trainer: @unchecked Sendable {
  public let network: Network
  public private(set) var replicas: [Network]
  public var config: TrainingConfig
  public var optimizer: SGD
  public private(set) var step = 0
  private var order: [Int] = []
  private var shuffler: SplitMix64
  private var cursor = 0
  public private(set) var epoch = 0
  private var inputs: [Workspace]
  private var labelBuffers: [[Int32]]
  private var dscoreWS: [Workspace]
  private var augmentRNG: [SplitMix64]
  /// Whether layers run multi-threaded on one network instead of one replica per thread.
  public let intraOp: Bool
  /// Models above this many MACs per image use intra-op threading.
  public static let intraOpThresholdMACs = 20_000_000

  /// A trainer for `network`; its weights are used as they are (initialise before, or load).
  public init(network: Network, config: TrainingConfig) throws {
    self.network = network
    self.config = config
    let threads = max(1, min(config.threads, 8))
    var reps = [network]
    // Small nets (LeNet-5) train one replica per core; big ones (AlexNet) split each layer's
    // work across the cores instead, which needs no second copy of the gradients.
    let macs = (try? network.spec.shapeTable().totalMACs) ?? 0
    intraOp = macs > Trainer.intraOpThresholdMACs
    if intraOp {
      network.intraOpThreads = threads
    } else {
      for r in 1..<threads { reps.append(try network.replica(dropoutSeed: config.seed &+ UInt64(r) &* 7919)) }
    }
    replicas = reps
    optimizer = SGD(learningRate: config.learningRate, momentum: config.momentum, weightDecay: config.weightDecay)
    shuffler = SplitMix64(seed: config.seed ^ 0x5EED_5EED)
    inputs = Array(repeating: Workspace(), count: threads)
    labelBuffers = Array(repeating: [], count: threads)
    dscoreWS = Array(repeating: Workspace(), count: threads)
    augmentRNG = (0..<threads).map { SplitMix64(seed: config.seed &* 31 &+ UInt64($0)) }
  }

  /// Batch-size slices for each replica: as even as possible, in order.
  private func slices(_ total: Int) -> [Range<Int>] {
    let r = replicas.count
    return (0..<r).map { i in (total * i / r)..<(total * (i + 1) / r) }
  }

  /// Runs `body(replica index)` on every replica, in parallel when there are several.
  private func parallel(_ body: @escaping @Sendable (Int) -> Void) {
    if replicas.count == 1 {
      BLAS.setThreadsForCurrentThread(intraOp ? config.threads : 1)
      body(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: replicas.count) { r in
        BLAS.setThreadsForCurrentThread(1)
        body(r)
      }
    }
  }

  /// The learning rate for the current point of the run.
  public var currentLearningRate: Float {
    let stepsPerEpoch = max(1, order.count / max(1, config.batchSize))
    let progress = Double(epoch) + Double(cursor / max(1, config.batchSize)) / Double(stepsPerEpoch)
    return config.schedule.rate(base: config.learningRate, progress: progress, totalEpochs: config.epochs)
  }

  /// One optimiser step on the next batch of `data` (reshuffled each epoch).
  public func trainStep(on data: ImageDataset) throws -> StepReport {
    let start = DispatchTime.now().uptimeNanoseconds
    if order.count != data.count {
      order = Array(0..<data.count)
      shuffler.shuffle(&order)
      cursor = 0
    }
    if cursor >= order.count {
      epoch += 1
      shuffler.shuffle(&order)
      cursor = 0
    }
    let lr = currentLearningRate
    let batch = min(config.batchSize, order.count - cursor)
    let indices = order[cursor..<(cursor + batch)]
    cursor += batch
    let parts = slices(batch)
    var results = [LossResult](repeating: LossResult(lossSum: 0, correct: 0), count: replicas.count)
    let spec = network.spec
    for r in 0..<replicas.count where labelBuffers[r].count < parts[r].count {
      labelBuffers[r] = [Int32](repeating: 0, count: parts[r].count)
    }
    let box = Unsafe(self)
    results.withUnsafeMutableBufferPointer { resultsPointer in
      let rp = Unsafe(resultsPointer)
      parallel { r in
        let me = box.value
        let part = parts[r]
        guard !part.isEmpty else { return }
        let net = me.replicas[r]
        let x = me.inputs[r].tensor(spec.input.batch(part.count))
        me.labelBuffers[r].withUnsafeMutableBufferPointer { labels in
          let sub = indices[(indices.startIndex + part.lowerBound)..<(indices.startIndex + part.upperBound)]
          if let augmentation = me.config.augmentation, spec.preprocessing == .imageNet {
            InputEncoder.fillAugmented(x, labels: labels.baseAddress, from: data, indices: sub,
                                       augmentation: augmentation, rng: &me.augmentRNG[r])
          } else {
            InputEncoder.fill(x, labels: labels.baseAddress, from: data, indices: sub, preprocessing: spec.preprocessing)
          }
          let scores = net.forward(x, training: true)
          let dscores = me.dscoreWS[r].tensor(scores.shape)
          let lab = UnsafeBufferPointer(rebasing: labels[0..<part.count])
          rp.value[r] = Trainer.loss(scores: scores, labels: lab, head: spec.head, total: batch, dscores: dscores)
          net.backward(dscores)
        }
      }
    }
    // Sum replica gradients into the primary network in a fixed order, then update.
    let primary = network.parameters
    for rep in replicas.dropFirst() {
      for (p, q) in zip(primary, rep.parameters) {
        let a = p.grad.pointer, b = q.grad.pointer
        for i in 0..<p.count { a[i] += b[i] }
        q.grad.zero()
      }
    }
    optimizer.learningRate = lr
    optimizer.step(primary)
    network.zeroGradients()
    step += 1
    let lossSum = results.reduce(0) { $0 + $1.lossSum }
    let correct = results.reduce(0) { $0 + $1.correct }
    let report = StepReport(
      step: step, epoch: epoch + 1, epochProgress: Double(cursor) / Double(order.count),
      loss: lossSum / Double(batch), accuracy: Double(correct) / Double(batch), learningRate: lr,
      batchSize: batch, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    if !report.loss.isFinite {
      throw DivergenceError(step: step, epoch: epoch + 1, loss: report.loss, learningRate: lr)
    }
    return report
  }

  /// Whether the current epoch's batches are all used.
  public var epochFinished: Bool { !order.isEmpty && cursor >= order.count }

  /// Batches per epoch for a dataset of `count` images.
  public func stepsPerEpoch(count: Int) -> Int { (count + config.batchSize - 1) / config.batchSize }

  static func loss(scores: Tensor, labels: UnsafeBufferPointer<Int32>, head: OutputHead, total: Int,
                   dscores: Tensor?) -> LossResult {
    switch head {
    case .softmax: return Loss.softmaxCrossEntropy(logits: scores, labels: labels, total: total, dlogits: dscores)
    case .rbf(let j): return Loss.rbfMAP(penalties: scores, labels: labels, j: j, total: total, dpenalties: dscores)
    }
  }

  /// Accuracy, mean loss and confusion matrix of the current weights on `data`.
  public func evaluate(on data: ImageDataset, batchSize: Int = 500) -> Evaluation {
    Evaluator(replicas: replicas).evaluate(on: data, batchSize: batchSize)
  }
}

/// Wraps a reference so a `@Sendable` closure may carry it; used where the code guarantees
/// that each thread touches only its own replica's state.
struct Unsafe<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
