import Dispatch
import Foundation

/// Runs SGD on a network, one data-parallel replica per thread.
///
/// Each step splits the batch into contiguous slices, one per replica; every replica runs
/// forward and backward on its slice with single-threaded sgemm; the gradients are summed
/// in a fixed order and one optimiser step updates the shared weights. The result does
/// not depend on thread timing, and with `threads = 1` it is bit-for-bit repeatable.
///
/// Settings may change at any time, from any thread (`update(…)` or `config`): each change
/// applies from the next step on and is logged in `events` so a curve can mark it. Everything
/// else (`trainStep`, `state()`, `save`, `restore`) runs on one thread at a time, between
/// steps. `state()` / `restore(_:)` and `save(to:)` / `resume(from:)` capture everything a run
/// needs to continue exactly.
public final class Trainer: @unchecked Sendable {
  public let network: Network
  public private(set) var replicas: [Network]
  /// The run's settings. Assigning applies like `update(…)`: from the next step on, logged
  /// in `events`. `threads` is fixed when the trainer is made (replicas exist by then), and
  /// frozen-layer names the model does not have are dropped (use `freeze(_:)` to be told).
  public var config: TrainingConfig {
    get { settings }
    set { apply(newValue) }
  }
  /// Guards the settings, the event log and the position events are stamped with, which
  /// other threads may touch while a step runs.
  let lock = NSLock()
  var lockedSettings: TrainingConfig
  var lockedEvents: [TrainerEvent] = []
  /// (steps done, epoch of the next step) as of the last finished step, for event stamps.
  var lockedPosition = (step: 0, epoch: 1)
  /// Set when the frozen layers changed; the next step recomputes what trains.
  var frozenLayersChanged = false
  /// The current settings (a copy).
  var settings: TrainingConfig { lock.withLock { lockedSettings } }
  /// The optimiser and its velocities; its rate, momentum and decay are set from the
  /// settings at every step.
  public internal(set) var optimizer: SGD
  /// Optimiser steps taken since the run began (survives save and resume).
  public internal(set) var step = 0
  /// Zero-based epoch the last step belonged to.
  public internal(set) var epoch = 0
  /// Live setting changes, resumes and divergences, in order, with the step they follow.
  public var events: [TrainerEvent] { lock.withLock { lockedEvents } }
  /// Wall-clock seconds spent in `trainStep` over the whole run, across resumes.
  public internal(set) var trainingSeconds = 0.0
  /// This epoch's image order (shuffled at each epoch's start) and how far into it we are.
  var order: [Int] = []
  var cursor = 0
  var shuffler: SplitMix64
  /// One per replica, in replica order; each replica's thread changes only its own.
  let workspaces: [ReplicaWorkspace]
  /// Parameters of the primary network and of each replica, in the same order (cached: the
  /// `parameters` property builds a new array on every call).
  let primaryParameters: [Parameter]
  private let replicaParameters: [[Parameter]]
  /// Set by `releaseBuffers()`: the next step gives every parameter its gradient back.
  private var gradientsReleased = false
  /// Per primary parameter: false when its layer is frozen.
  var trainable: [Bool] = []
  /// The lowest layer index backward must reach (nil: nothing to train), and whether that is
  /// short of the full network (then backward stops early).
  private var backwardStop: Int?
  private var backwardIsPartial = false
  /// Whether layers run multi-threaded on one network instead of one replica per thread.
  public let intraOp: Bool
  /// Models above this many MACs per image use intra-op threading (`ModelSpec.splitsLayersAcrossCores`).
  public static let intraOpThresholdMACs = 20_000_000

  /// A trainer for `network`; its weights are used as they are (initialise before, or load).
  /// Throws when `config.frozenLayers` names a layer the model does not have.
  public init(network: Network, config: TrainingConfig) throws {
    self.network = network
    let threads = max(1, min(config.threads, 8))
    lockedSettings = config
    lockedSettings.threads = threads
    var reps = [network]
    // Small nets (LeNet-5) train one replica per core; big ones (AlexNet) split each layer's
    // work across the cores instead, which needs no second copy of the gradients.
    intraOp = (try? network.spec.splitsLayersAcrossCores()) ?? false
    if intraOp {
      network.intraOpThreads = threads
    } else {
      for r in 1..<threads { reps.append(try network.replica(dropoutSeed: config.seed &+ UInt64(r) &* 7919)) }
    }
    replicas = reps
    primaryParameters = network.parameters
    replicaParameters = reps.dropFirst().map { $0.parameters }
    optimizer = SGD(learningRate: config.learningRate, momentum: config.momentum, weightDecay: config.weightDecay)
    shuffler = SplitMix64(seed: config.seed ^ 0x5EED_5EED)
    workspaces = (0..<reps.count).map { ReplicaWorkspace(augmentSeed: config.seed &* 31 &+ UInt64($0)) }
    try Self.checkLayerNames(config.frozenLayers, in: network)
    updateFrozenLayers(config.frozenLayers)
  }

  /// Batch-size slices for each replica: as even as possible, in order.
  private func slices(_ total: Int) -> [Range<Int>] {
    let r = replicas.count
    return (0..<r).map { i in (total * i / r)..<(total * (i + 1) / r) }
  }

  /// How far into the run the next step is, in epochs (fractions count images, so the
  /// schedule does not jump when the batch size changes mid-epoch).
  public var progress: Double {
    order.isEmpty ? Double(epoch) : Double(epoch) + Double(cursor) / Double(order.count)
  }

  /// The learning rate for the current point of the run.
  public var currentLearningRate: Float { learningRate(settings) }

  private func learningRate(_ c: TrainingConfig) -> Float {
    c.schedule.rate(base: c.learningRate, progress: progress, totalEpochs: c.epochs)
  }

  /// The settings for the step about to run (what trains is brought up to date first).
  private func settingsForNextStep() -> TrainingConfig {
    lock.withLock {
      if frozenLayersChanged {
        updateFrozenLayers(lockedSettings.frozenLayers)
        frozenLayersChanged = false
      }
      return lockedSettings
    }
  }

  /// One optimiser step on the next batch of `data` (reshuffled each epoch).
  ///
  /// Throws `DivergenceError` (carrying the step's report) when the loss is NaN or infinite.
  /// That step changes no weight and is not counted, but its batch is used up; the weights
  /// may still be far off (they made the loss overflow), so restoring an earlier `state()`
  /// with a lower learning rate is the usual way on.
  public func trainStep(on data: ImageDataset) throws -> StepReport {
    let start = DispatchTime.now().uptimeNanoseconds
    if gradientsReleased {
      for p in primaryParameters + replicaParameters.joined() { p.allocateGradient() }
      gradientsReleased = false
    }
    let settings = settingsForNextStep()
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
    let lr = learningRate(settings)
    let batch = min(max(1, settings.batchSize), order.count - cursor)
    let indices = order[cursor..<(cursor + batch)]
    cursor += batch
    let parts = slices(batch)
    var results = [LossResult](repeating: LossResult(lossSum: 0, correct: 0), count: replicas.count)
    let spec = network.spec
    let stop = backwardStop, partial = backwardIsPartial
    let augmentation = settings.augmentation
    // The closure reads only constants; what a replica's thread changes is its own
    // network and its own ReplicaWorkspace object.
    let nets = Unsafe(replicas), workspaces = self.workspaces
    results.withUnsafeMutableBufferPointer { resultsPointer in
      let rp = Unsafe(resultsPointer)
      Network.forEachReplica(replicas) { r in
        let part = parts[r]
        guard !part.isEmpty else { return }
        let net = nets.value[r], ws = workspaces[r]
        if ws.labels.count < part.count { ws.labels = [Int32](repeating: 0, count: part.count) }
        let x = ws.input.tensor(spec.input.batch(part.count))
        ws.labels.withUnsafeMutableBufferPointer { labels in
          let sub = indices[(indices.startIndex + part.lowerBound)..<(indices.startIndex + part.upperBound)]
          if let augmentation, spec.preprocessing == .imageNet {
            InputEncoder.fillAugmented(x, labels: labels.baseAddress, from: data, indices: sub,
                                       augmentation: augmentation, rng: &ws.augmentRNG)
          } else {
            InputEncoder.fill(x, labels: labels.baseAddress, from: data, indices: sub, preprocessing: spec.preprocessing)
          }
          let scores = net.forward(x, training: true)
          let dscores = ws.dscores.tensor(scores.shape)
          let lab = UnsafeBufferPointer(rebasing: labels[0..<part.count])
          rp.value[r] = Trainer.loss(scores: scores, labels: lab, head: spec.head, total: batch, dscores: dscores)
          // With frozen layers, backward stops below the lowest layer that still trains.
          if let stop {
            if partial { net.backward(dscores, downTo: stop) } else { net.backward(dscores) }
          }
        }
      }
    }
    let lossSum = results.reduce(0) { $0 + $1.lossSum }
    let correct = results.reduce(0) { $0 + $1.correct }
    let loss = lossSum / Double(batch)
    // A NaN or infinite loss makes NaN gradients: skip the update so the weights keep their
    // last finite values (the batch counts as used; the step does not).
    let finite = loss.isFinite
    // Sum replica gradients into the primary network in a fixed order, then update.
    for rep in replicaParameters {
      for (index, q) in rep.enumerated() {
        if finite && trainable[index] {
          let a = primaryParameters[index].grad.pointer, b = q.grad.pointer
          for i in 0..<q.count { a[i] += b[i] }
        }
        q.grad.zero()
      }
    }
    if finite {
      optimizer.learningRate = lr
      optimizer.momentum = settings.momentum
      optimizer.weightDecay = settings.weightDecay
      optimizer.step(primaryParameters, trainable: trainable, threads: intraOp ? network.intraOpThreads : 1,
                     clearingGradients: true)
    }
    // The step zeroed the gradients it used; the rest (frozen layers, a skipped step) here.
    for (index, p) in primaryParameters.enumerated() where !(finite && trainable[index]) { p.grad.zero() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    trainingSeconds += seconds
    let report = StepReport(
      step: step + 1, epoch: epoch + 1, epochProgress: Double(cursor) / Double(order.count),
      loss: loss, accuracy: Double(correct) / Double(batch), learningRate: lr, batchSize: batch, seconds: seconds)
    guard finite else {
      throw DivergenceError(step: step + 1, epoch: epoch + 1, loss: loss, learningRate: lr, report: report)
    }
    step += 1
    let stamp = (step: step, epoch: nextStepEpoch)
    lock.withLock { lockedPosition = stamp }
    return report
  }

  /// Frees what only a step or a test pass needs: every replica's batch buffers (the test
  /// pass's are sized for 500 images), the gradients and the encoded batches. What `state()`
  /// saves stays: weights, velocities, position, generators. A run that has ended calls
  /// this, so it can still be saved while holding little more than that (full AlexNet:
  /// measured in README, "Train"). A later step or test allocates the buffers again.
  public func releaseBuffers() {
    for net in replicas { net.releaseBuffers() }
    for p in primaryParameters { p.releaseGradient() }
    for parameters in replicaParameters { for p in parameters { p.releaseGradient() } }
    for ws in workspaces { (ws.input, ws.dscores, ws.labels) = (Workspace(), Workspace(), []) }
    gradientsReleased = true
  }

  /// Whether the current epoch's batches are all used.
  public var epochFinished: Bool { !order.isEmpty && cursor >= order.count }

  /// Epochs completed so far (an epoch counts once its last batch has been used).
  public var completedEpochs: Int { epochFinished ? epoch + 1 : epoch }

  /// Batches per epoch for a dataset of `count` images.
  public func stepsPerEpoch(count: Int) -> Int { (count + settings.batchSize - 1) / settings.batchSize }

  static func loss(scores: Tensor, labels: UnsafeBufferPointer<Int32>, head: OutputHead, total: Int,
                   dscores: Tensor?) -> LossResult {
    switch head {
    case .softmax: return Loss.softmaxCrossEntropy(logits: scores, labels: labels, total: total, dlogits: dscores)
    case .rbf(let j): return Loss.rbfMAP(penalties: scores, labels: labels, j: j, total: total, dpenalties: dscores)
    }
  }

  /// Accuracy, mean loss and confusion matrix of the current weights on `data`, in batches
  /// of `batchSize` (by default 500, or the training batch for a big net).
  ///
  /// A big net (one network, threads inside each layer) tests on the same network it trains,
  /// and each layer keeps buffers for the largest batch it has seen. Tested in batches of 500,
  /// the full AlexNet at 227 px then kept 4.6 GB more for the rest of the run (measured: 2.13
  /// GB resident while training at batch 64, 6.75 GB after one test pass, 6.45 GB at the next
  /// step; README "Train"); in batches of the training size, a test pass needs no more than a
  /// step does.
  public func evaluate(on data: ImageDataset, batchSize: Int? = nil) -> Evaluation {
    Evaluator(replicas: replicas).evaluate(on: data, batchSize: evaluationBatch(batchSize))
  }

  /// The same, nil when `cancelled` says yes before a batch (see `Evaluator`).
  public func evaluate(on data: ImageDataset, batchSize: Int? = nil, cancelled: @escaping @Sendable () -> Bool)
    -> Evaluation?
  {
    Evaluator(replicas: replicas).evaluate(on: data, batchSize: evaluationBatch(batchSize), cancelled: cancelled)
  }

  private func evaluationBatch(_ asked: Int?) -> Int {
    asked ?? (intraOp ? max(1, settings.batchSize) : 500)
  }

  /// Recomputes which parameters train and how far down backward must go.
  func updateFrozenLayers(_ frozen: Set<String>) {
    trainable = network.layers.flatMap { layer in
      Array(repeating: !frozen.contains(layer.spec.name), count: layer.parameters.count)
    }
    backwardStop = network.layers.firstIndex { !$0.parameters.isEmpty && !frozen.contains($0.spec.name) }
    backwardIsPartial = (backwardStop ?? 0) > 0
  }

  /// Throws unless every name in `names` is a layer of `network`.
  static func checkLayerNames(_ names: Set<String>, in network: Network) throws {
    let known = Set(network.layers.map(\.spec.name))
    if let unknown = names.sorted().first(where: { !known.contains($0) }) {
      throw EngineError(network.spec.name, "has no layer named \"\(unknown)\" to freeze "
        + "(layers: \(network.layers.map(\.spec.name).joined(separator: ", ")))")
    }
  }
}

/// Wraps a reference so a `@Sendable` closure may carry it; used where the code guarantees
/// that each thread touches only its own replica's state.
struct Unsafe<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

extension ModelSpec {
  /// Whether the model does more than `Trainer.intraOpThresholdMACs` multiply-adds an image
  /// (AlexNet), so its layers split their work across the cores; a smaller one (LeNet-5) is
  /// fastest with one replica, or one pass, per core. Throws what `shapeTable()` throws.
  public func splitsLayersAcrossCores() throws -> Bool {
    try shapeTable().totalMACs > Trainer.intraOpThresholdMACs
  }
}
