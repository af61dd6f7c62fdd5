/// Everything a run needs to continue exactly where it was: weights, optimiser velocities,
/// position in the epoch's shuffled order, every random generator, settings and event log.
///
/// Restoring a state into a fresh trainer for the same model and thread count and training on
/// makes the same steps as a run that never stopped (bit for bit with `threads = 1`).
public struct TrainerState: Sendable {
  /// One dropout layer's generator in one replica (replica 0 is the primary network).
  public struct DropoutRNG: Sendable, Hashable {
    public var replica: Int
    public var layer: String
    public var state: UInt64
  }

  public var config: TrainingConfig
  /// The network's saved tensors, as `Checkpoint.tensors(of:)` gives them.
  public var weights: [NamedTensor]
  /// SGD velocities named after their parameters (empty before the first step).
  public var velocities: [NamedTensor]
  public var step: Int
  public var epoch: Int
  /// The current epoch's image order and how many of them have been used.
  public var order: [Int]
  public var cursor: Int
  public var shuffler: UInt64
  /// The augmentation generator of each replica.
  public var augmentation: [UInt64]
  public var dropout: [DropoutRNG]
  public var events: [TrainerEvent]
  public var trainingSeconds: Double
  /// LeNet-5's RBF loss constant j when the model has that head (part of the model, not of
  /// `config`, but a resumed run must use the same one).
  public var rbfJ: Float?
  /// Free-form strings saved with it: `model` (checked on restore), `dataset`, `command`, …
  public var metadata: [String: String] = [:]
}

extension Trainer {
  /// A copy of the run's complete state (weights and velocities are copied, not shared).
  public func state() -> TrainerState {
    var dropout: [TrainerState.DropoutRNG] = []
    for (r, replica) in replicas.enumerated() {
      for case let layer as Dropout in replica.layers {
        dropout.append(.init(replica: r, layer: layer.spec.name, state: layer.rng.state))
      }
    }
    let velocities = zip(primaryParameters, optimizer.velocities).map { p, v in
      NamedTensor(name: p.name, shape: p.dims, values: Array(UnsafeBufferPointer(start: v.pointer, count: p.count)))
    }
    var rbfJ: Float?
    if case .rbf(let j) = network.spec.head { rbfJ = j }
    return TrainerState(
      config: settings, weights: Checkpoint.tensors(of: network), velocities: velocities, step: step, epoch: epoch,
      order: order, cursor: cursor, shuffler: shuffler.state, augmentation: workspaces.map(\.augmentRNG.state),
      dropout: dropout, events: events, trainingSeconds: trainingSeconds, rbfJ: rbfJ,
      metadata: ["model": network.spec.name])
  }

  /// Continues from `state`: weights, velocities, position, generators, settings and events.
  ///
  /// Checks the weights against the model first (nothing changes when they do not fit).
  /// The thread count stays this trainer's; generators of replicas the state does not have
  /// keep their seeds (such a run continues, but not bit for bit). `source` names the
  /// state's origin in errors.
  public func restore(_ state: TrainerState, source: String = "training state") throws {
    // A state made in memory (`state()`) is valid by construction; one read from a file was
    // checked on reading. Checking again here costs microseconds and covers both.
    try state.validate(source: source)
    // A checkpoint of another model is named as such before its fields are compared.
    try Checkpoint.checkModel(state.metadata, source: source, network: network)
    try state.validate(for: network, source: source)
    try Checkpoint.apply(SafeTensorsFile(tensors: state.weights, metadata: state.metadata), source: source, to: network)
    let byName = Dictionary(state.velocities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var velocities: [[Float]] = []
    if !state.velocities.isEmpty {
      for p in primaryParameters {
        guard let v = byName[p.name], v.values.count == p.count, v.shape == p.dims else {
          throw EngineError(source, "the optimiser velocity of \"\(p.name)\" is missing or has the wrong size")
        }
        velocities.append(v.values)
      }
    }
    optimizer.restoreVelocities(velocities)
    step = state.step
    epoch = state.epoch
    order = state.order
    cursor = state.cursor
    shuffler = SplitMix64(state: state.shuffler)
    for (r, saved) in state.augmentation.enumerated() where r < workspaces.count {
      workspaces[r].augmentRNG = SplitMix64(state: saved)
    }
    for saved in state.dropout where saved.replica < replicas.count {
      for case let layer as Dropout in replicas[saved.replica].layers where layer.spec.name == saved.layer {
        layer.rng = SplitMix64(state: saved.state)
      }
    }
    trainingSeconds = state.trainingSeconds
    let stamp = (step: step, epoch: nextStepEpoch)
    lock.withLock {
      var config = state.config
      config.threads = lockedSettings.threads
      config.frozenLayers = config.frozenLayers.filter { name in network.layers.contains { $0.spec.name == name } }
      lockedSettings = config
      lockedEvents = state.events
      lockedPosition = stamp
      frozenLayersChanged = true
    }
  }
}
