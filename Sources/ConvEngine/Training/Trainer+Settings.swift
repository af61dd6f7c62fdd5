extension Trainer {
  /// Changes settings; each takes effect from the next step on, and every value that actually
  /// changes is logged in `events` (the curve marks the moment). Safe from any thread, also
  /// while a step runs (that step keeps the settings it started with).
  ///
  /// A new batch size keeps the epoch's shuffled order and position: the next step simply
  /// takes more (or fewer) of the remaining images. The learning rate is the schedule's base.
  public func update(learningRate: Float? = nil, momentum: Float? = nil, weightDecay: Float? = nil,
                     batchSize: Int? = nil) {
    modify { next in
      if let learningRate { next.learningRate = learningRate }
      if let momentum { next.momentum = momentum }
      if let weightDecay { next.weightDecay = weightDecay }
      if let batchSize { next.batchSize = batchSize }
    }
  }

  /// Freezes exactly the layers in `names` (an empty set trains everything) from the next step
  /// on; throws, changing nothing, when a name is not a layer of the model.
  public func freeze(_ names: Set<String>) throws {
    try Self.checkLayerNames(names, in: network)
    modify { $0.frozenLayers = names }
  }

  /// Appends a free-form event (e.g. "paused by the health monitor") after the last step.
  public func mark(_ kind: TrainerEvent.Kind, _ message: String, value: Double? = nil) {
    lock.withLock {
      lockedEvents.append(TrainerEvent(step: lockedPosition.step, epoch: lockedPosition.epoch, kind: kind,
                                       newValue: value, message: message))
    }
  }

  /// The 1-based epoch the next step belongs to.
  var nextStepEpoch: Int { epochFinished ? epoch + 2 : epoch + 1 }

  /// Adopts `next` as the settings (see `config`).
  func apply(_ next: TrainingConfig) { modify { $0 = next } }

  /// Changes the settings atomically with `change`, then logs what changed. `threads` stays
  /// (the replicas exist), batch sizes below 1 become 1, unknown frozen layers are dropped.
  func modify(_ change: (inout TrainingConfig) -> Void) {
    let known = Set(network.layers.map(\.spec.name))
    lock.withLock {
      let old = lockedSettings
      var next = old
      change(&next)
      next.threads = old.threads
      next.batchSize = max(1, next.batchSize)
      next.frozenLayers = next.frozenLayers.filter { known.contains($0) }
      guard next != old else { return }
      let (step, epoch) = lockedPosition
      func log(_ kind: TrainerEvent.Kind, _ from: Double?, _ to: Double?, _ message: String) {
        lockedEvents.append(TrainerEvent(step: step, epoch: epoch, kind: kind, oldValue: from, newValue: to, message: message))
      }
      /// Logs a numeric change. Changes of one setting between the same two steps (a key held
      /// down, a slider dragged) merge into one event from the first value to the last.
      func number(_ kind: TrainerEvent.Kind, _ name: String, _ from: Double, _ to: Double, _ text: (Double) -> String) {
        guard from != to else { return }
        var first = from
        if let last = lockedEvents.last, last.kind == kind, last.step == step, let earlier = last.oldValue {
          lockedEvents.removeLast()
          first = earlier
        }
        guard first != to else { return }
        log(kind, first, to, "\(name) \(text(first)) → \(text(to))")
      }
      // Floats go through their shortest decimal form, so exports show 0.01, not 0.009999999776482582.
      let decimal = { (x: Float) in Double("\(x)") ?? Double(x) }
      let float = { (x: Double) in "\(Float(x))" }
      number(.learningRate, "learning rate", decimal(old.learningRate), decimal(next.learningRate), float)
      number(.momentum, "momentum", decimal(old.momentum), decimal(next.momentum), float)
      number(.weightDecay, "weight decay", decimal(old.weightDecay), decimal(next.weightDecay), float)
      number(.batchSize, "batch size", Double(old.batchSize), Double(next.batchSize)) { "\(Int($0))" }
      if old.frozenLayers != next.frozenLayers {
        let names = next.frozenLayers.sorted()
        log(.frozenLayers, Double(old.frozenLayers.count), Double(names.count),
            names.isEmpty ? "all layers train" : "frozen: " + names.joined(separator: ", "))
        frozenLayersChanged = true
      }
      if old.schedule != next.schedule {
        log(.note, nil, nil, "schedule \(old.schedule.description) → \(next.schedule.description)")
      }
      if old.epochs != next.epochs { log(.note, nil, nil, "epochs \(old.epochs) → \(next.epochs)") }
      if old.augmentation != next.augmentation {
        let describe = { (a: Augmentation?) in a.map(TrainerState.encode(augmentation:)) ?? "off" }
        log(.note, nil, nil, "augmentation \(describe(old.augmentation)) → \(describe(next.augmentation))")
      }
      lockedSettings = next
    }
  }
}
