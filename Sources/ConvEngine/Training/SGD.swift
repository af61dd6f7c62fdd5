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

  /// Velocity buffers, for checkpoints that resume exactly.
  public var velocities: [TensorStorage] { velocity }

  /// Updates `parameters` in place from their gradients.
  public mutating func step(_ parameters: [Parameter]) {
    if velocity.count != parameters.count { velocity = parameters.map { TensorStorage(capacity: $0.count) } }
    let lr = learningRate, mu = momentum
    for (p, vs) in zip(parameters, velocity) {
      let w = p.value.pointer, g = p.grad.pointer, v = vs.pointer
      let decay = p.decays ? weightDecay : 0
      for i in 0..<p.count {
        v[i] = mu * v[i] - lr * (decay * w[i] + g[i])
        w[i] += v[i]
      }
    }
  }
}
