/// The checks a checkpoint's training state must pass before a trainer trusts it.
///
/// A checkpoint is a file people copy and share: every number in it is checked here, in code
/// that throws (never a `precondition`, which a release build may drop), so that an index out
/// of range, an overflowing counter or a velocity of the wrong shape is a one-line error
/// naming the file and the field instead of memory corruption.
extension TrainerState {
  /// Largest values a resumed run accepts. Far above any real run (the longest recipe is 90
  /// epochs; an MNIST epoch is 938 steps), far below where counters could overflow.
  public enum Limits {
    public static let epochs = 1_000_000
    public static let steps = 1 << 40
    public static let batchSize = 1 << 16
    public static let learningRate: Float = 1e9
    public static let weightDecay: Float = 1e6
    public static let replicas = 64
  }

  /// Checks everything that does not depend on the model: counters, the epoch order, settings.
  /// `source` names the checkpoint in errors.
  public func validate(source: String) throws {
    func fail(_ field: String, _ problem: String) -> EngineError {
      EngineError(source, "training state \"\(field)\" \(problem)")
    }
    guard (0...Limits.steps).contains(step) else { throw fail("train.step", "is \(step), outside 0…\(Limits.steps.grouped)") }
    guard (0...Limits.epochs).contains(epoch) else {
      throw fail("train.epoch", "is \(epoch), outside 0…\(Limits.epochs.grouped)")
    }
    guard (0...order.count).contains(cursor) else {
      throw fail("train.cursor", "is \(cursor), outside the epoch order of \(order.count.grouped) images")
    }
    // The order must be a permutation of 0..<n: each index below n and none twice.
    var seen = [Bool](repeating: false, count: order.count)
    for index in order {
      guard index >= 0, index < order.count else {
        throw fail("train.order", "holds image \(index), outside the \(order.count.grouped) images it orders")
      }
      guard !seen[index] else { throw fail("train.order", "lists image \(index) twice") }
      seen[index] = true
    }
    guard trainingSeconds.isFinite, trainingSeconds >= 0 else {
      throw fail("train.seconds", "is \(trainingSeconds), not a time")
    }
    if let rbfJ, !(rbfJ.isFinite && rbfJ > 0) { throw fail("train.rbf_j", "is \(rbfJ), not a positive number") }
    for d in dropout where !(0..<Limits.replicas).contains(d.replica) {
      throw fail("train.rng.dropout.\(d.replica).\(d.layer)", "names replica \(d.replica), outside 0…\(Limits.replicas - 1)")
    }
    guard augmentation.count <= Limits.replicas else {
      throw fail("train.rng.augment", "has \(augmentation.count) generators, more than \(Limits.replicas)")
    }
    try Self.validate(config, fail: fail)
  }

  /// Range checks of the saved settings (the ones a command line could not have produced).
  static func validate(_ c: TrainingConfig, fail: (String, String) -> EngineError) throws {
    guard (1...Limits.epochs).contains(c.epochs) else {
      throw fail("train.config.epochs", "is \(c.epochs), outside 1…\(Limits.epochs.grouped)")
    }
    guard (1...Limits.batchSize).contains(c.batchSize) else {
      throw fail("train.config.batch_size", "is \(c.batchSize), outside 1…\(Limits.batchSize.grouped)")
    }
    guard c.learningRate.isFinite, c.learningRate > 0, c.learningRate <= Limits.learningRate else {
      throw fail("train.config.learning_rate", "is \(c.learningRate), not a rate in (0, \(Limits.learningRate)]")
    }
    guard c.momentum.isFinite, (0...1).contains(c.momentum) else {
      throw fail("train.config.momentum", "is \(c.momentum), outside 0…1")
    }
    guard c.weightDecay.isFinite, (0...Limits.weightDecay).contains(c.weightDecay) else {
      throw fail("train.config.weight_decay", "is \(c.weightDecay), outside 0…\(Limits.weightDecay)")
    }
    if case .step(let every, let gamma) = c.schedule, !(every > 0 && gamma.isFinite && gamma >= 0) {
      throw fail("train.config.schedule", "is \(c.schedule.description), not a step schedule")
    }
    guard (1...Limits.replicas).contains(c.threads) else {
      throw fail("train.config.threads", "is \(c.threads), outside 1…\(Limits.replicas)")
    }
    if let pca = c.augmentation?.pcaColor {
      let numbers = pca.eigenvalues + pca.eigenvectors.flatMap { $0 } + [pca.alphaStd]
      guard numbers.allSatisfy(\.isFinite) else {
        throw fail("train.config.augmentation_pca", "holds a number that is not finite")
      }
    }
  }

  /// Checks the parts that must fit `network`: every velocity names one of its parameters and
  /// has that parameter's shape, and every dropout generator names one of its dropout layers.
  public func validate(for network: Network, source: String) throws {
    let parameters = Dictionary(network.parameters.map { ($0.name, $0.dims) }, uniquingKeysWith: { first, _ in first })
    for v in velocities {
      let field = "train.velocity.\(v.name)"
      guard let dims = parameters[v.name] else {
        throw EngineError(source, "training state \"\(field)\" is not a parameter of \(network.spec.name)")
      }
      guard v.shape == dims else {
        throw EngineError(source, "training state \"\(field)\" has shape \(v.shape) but \(network.spec.name) "
          + "needs \(dims)")
      }
    }
    let dropoutLayers = Set(network.layers.compactMap { $0 is Dropout ? $0.spec.name : nil })
    for d in dropout where !dropoutLayers.contains(d.layer) {
      throw EngineError(source, "training state \"train.rng.dropout.\(d.replica).\(d.layer)\" names no dropout "
        + "layer of \(network.spec.name)")
    }
  }
}
