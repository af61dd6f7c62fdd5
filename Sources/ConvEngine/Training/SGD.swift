import CKernels

/// Stochastic gradient descent with momentum and L2 weight decay, the AlexNet paper's rule:
/// v ← μ·v − λ·ε·w − ε·g, then w ← w + v (decay only on parameters that `decays`).
public struct SGD: Sendable {
  public var learningRate: Float
  public var momentum: Float
  public var weightDecay: Float
  /// One velocity buffer per parameter, created on the first step.
  private var velocity: [TensorStorage] = []

  public init(learningRate: Float, momentum: Float, weightDecay: Float) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
  }

  /// Velocity buffers, for checkpoints that resume exactly (empty before the first step).
  public var velocities: [TensorStorage] { velocity }

  /// Replaces the velocities with saved ones, one array per parameter in `step`'s order
  /// (an empty list means "no step taken yet").
  public mutating func restoreVelocities(_ values: [[Float]]) {
    velocity = values.map { saved in
      let storage = TensorStorage(capacity: saved.count)
      saved.withUnsafeBufferPointer { source in
        if let base = source.baseAddress { storage.pointer.update(from: base, count: saved.count) }
      }
      return storage
    }
  }

  /// Updates `parameters` in place from their gradients.
  ///
  /// Parameters whose `trainable` entry is false (frozen layers) are left exactly as they
  /// are: no gradient step, no weight decay, and their velocity stays as it was.
  ///
  /// `threads` splits each parameter's values: AlexNet's 61 M parameters are five streams of
  /// 244 MB through memory, which one core cannot keep up with. Every value gets the same
  /// operations however the work is split.
  ///
  /// `clearingGradients` zeroes each stepped parameter's gradient in the same pass, ready for
  /// the next batch to accumulate into (frozen parameters' gradients are left to the caller).
  public mutating func step(_ parameters: [Parameter], trainable: [Bool]? = nil, threads: Int = 1,
                            clearingGradients: Bool = false) {
    if velocity.count != parameters.count { velocity = parameters.map { TensorStorage(capacity: $0.count) } }
    let lr = learningRate, mu = momentum
    for index in parameters.indices {
      if let trainable, !trainable[index] { continue }
      let p = parameters[index]
      let w = p.value.pointer, g = p.grad.pointer, v = velocity[index].pointer
      let decay = p.decays ? weightDecay : 0
      Parallel.chunks(p.count, threads: threads, grain: 1 << 16) { r in
        ck_sgd_step(w + r.lowerBound, g + r.lowerBound, v + r.lowerBound, r.count, lr, mu, decay,
                    clearingGradients ? 1 : 0)
      }
    }
  }
}
