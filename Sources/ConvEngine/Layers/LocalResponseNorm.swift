import Foundation

/// Local response normalisation across channels, as in Krizhevsky et al. 2012 §3.3:
/// b_i = a_i / (k + α·Σ_{j=i−n/2}^{i+n/2} a_j²)^β, the sum clipped to existing channels.
///
/// Note α is *not* divided by n (PyTorch's and Caffe's LRN divide it; to match them pass α·n).
public final class LocalResponseNorm: MultithreadedLayer, Layer {
  public let spec: LayerSpec
  public let size: Int
  public let alpha: Float
  public let beta: Float
  public let k: Float
  public let inputShape: Shape
  public var outputShape: Shape { inputShape }
  public var parameters: [Parameter] { [] }
  public var threads = 1

  private var lastInput: Tensor?
  private var scaleWS = Workspace()  // (N, C, H, W): s = k + α·Σ a²
  private var outWS = Workspace()  // (N, C, H, W)
  private var dinWS = Workspace()  // (N, C, H, W)
  private var tmpWS = Workspace()  // (N, C, H, W): dout·b/s
  /// The denominators' bases s = k + α·Σa² of the last forward pass (for the inspector).
  public var lastScale: Tensor? { lastInput.map { scaleWS.tensor($0.shape) } }

  public init(spec: LayerSpec, size: Int, alpha: Float, beta: Float, k: Float, input: Shape) {
    self.spec = spec
    self.size = size
    self.alpha = alpha
    self.beta = beta
    self.k = k
    inputShape = input.batch(1)
  }

  /// Channels j summed for channel i.
  public func window(of i: Int) -> ClosedRange<Int> {
    max(0, i - size / 2)...min(inputShape.c - 1, i + size / 2)
  }

  /// s^(−β), with a fast path for the paper's β = 0.75.
  @inline(__always)
  private func powNegBeta(_ s: Float) -> Float {
    if beta == 0.75 { let r = s.squareRoot(); return 1 / (r * r.squareRoot()) }
    return powf(s, -beta)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    lastInput = x
    let n = x.shape.n, c = inputShape.c, hw = inputShape.plane
    let scale = scaleWS.tensor(x.shape), out = outWS.tensor(x.shape)
    // Every (sample, channel) plane of the output is independent.
    Parallel.forEach(n * c, threads: threads) { job in
      let s = job / c, i = job % c
      let a = x.pointer + s * c * hw
      let sc = scale.pointer + s * c * hw
      let b = out.pointer + s * c * hw
      do {
        let si = sc + i * hw
        for p in 0..<hw { si[p] = 0 }
        for j in window(of: i) {
          let aj = a + j * hw
          for p in 0..<hw { si[p] += aj[p] * aj[p] }
        }
        let ai = a + i * hw, bi = b + i * hw
        for p in 0..<hw {
          si[p] = k + alpha * si[p]
          bi[p] = ai[p] * powNegBeta(si[p])
        }
      }
    }
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    guard needInputGradient else { return nil }
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let n = x.shape.n, c = inputShape.c, hw = inputShape.plane
    let scale = scaleWS.tensor(x.shape), out = outWS.tensor(x.shape)
    let dx = dinWS.tensor(x.shape), t = tmpWS.tensor(x.shape)
    // ∂b_j/∂a_i = δ_ij·s_j^−β − 2αβ·a_i·a_j·s_j^(−β−1) for i in j's window, so
    // da_i = dout_i·s_i^−β − 2αβ·a_i·Σ_{j: i ∈ window(j)} dout_j·b_j/s_j.
    let coef = 2 * alpha * beta
    Parallel.chunks(n * c * hw, threads: threads) { r in
      for q in r { t.pointer[q] = dout.pointer[q] * out.pointer[q] / scale.pointer[q] }
    }
    Parallel.forEach(n * c, threads: threads) { job in
      let s = job / c, i = job % c
      let off = s * c * hw
      do {
        let d = dx.pointer + off + i * hw
        let a = x.pointer + off + i * hw, g = dout.pointer + off + i * hw, si = scale.pointer + off + i * hw
        for p in 0..<hw { d[p] = g[p] * powNegBeta(si[p]) }
        // The windows are symmetric, so {j : i ∈ window(j)} = window(i).
        for j in window(of: i) {
          let tj = t.pointer + off + j * hw
          for p in 0..<hw { d[p] -= coef * a[p] * tj[p] }
        }
      }
    }
    return dx
  }
}

extension LocalResponseNorm {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    scaleWS = Workspace()
    outWS = Workspace()
    dinWS = Workspace()
    tmpWS = Workspace()
  }
}
