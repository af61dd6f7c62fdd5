/// Inverted dropout: in training each value is zeroed with probability p and the survivors
/// are scaled by 1/(1−p); at inference it is the identity.
///
/// The AlexNet paper instead multiplies by 0.5 at test time; both give the same expected
/// activation, and the inverted form leaves inference untouched.
public final class Dropout: Layer {
  public let spec: LayerSpec
  public let p: Float
  public let inputShape: Shape
  public var outputShape: Shape { inputShape }
  public var parameters: [Parameter] { [] }
  /// Seeded per layer and replica so runs repeat exactly.
  public var rng: SplitMix64
  private var maskWS = Workspace()  // (N, C, H, W): 0 or 1/(1−p)
  private var outWS = Workspace()  // (N, C, H, W)
  private var dinWS = Workspace()  // (N, C, H, W)
  private var lastWasTraining = false

  public init(spec: LayerSpec, p: Float, input: Shape, seed: UInt64) {
    self.spec = spec
    self.p = p
    inputShape = input.batch(1)
    rng = SplitMix64(seed: seed)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    lastWasTraining = training && p > 0
    guard lastWasTraining else { return x }
    let mask = maskWS.tensor(x.shape), out = outWS.tensor(x.shape)
    let keep = 1 / (1 - p)
    for i in 0..<x.count {
      let m: Float = rng.nextUnitFloat() < p ? 0 : keep
      mask.pointer[i] = m
      out.pointer[i] = x.pointer[i] * m
    }
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    guard needInputGradient else { return nil }
    guard lastWasTraining else { return dout }
    let mask = maskWS.tensor(dout.shape), dx = dinWS.tensor(dout.shape)
    for i in 0..<dout.count { dx.pointer[i] = dout.pointer[i] * mask.pointer[i] }
    return dx
  }
}

extension Dropout {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    maskWS = Workspace()
    outWS = Workspace()
    dinWS = Workspace()
  }
}
