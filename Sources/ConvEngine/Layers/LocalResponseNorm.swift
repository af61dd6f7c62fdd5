import CKernels

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

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    lastInput = x
    let c = inputShape.c, hw = inputShape.plane
    let scale = scaleWS.tensor(x.shape), out = outWS.tensor(x.shape)
    // Every (sample, channel) plane of the output is independent; the vectorised loop is in
    // CKernels (Swift would build it for SSE2 and call powf per value).
    Parallel.chunks(x.shape.n * c, threads: threads, grain: Parallel.planeGrain(hw)) { r in
      ck_lrn_forward(x.pointer, c, hw, size, k, alpha, beta, scale.pointer, out.pointer, r.lowerBound, r.upperBound)
    }
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    guard needInputGradient else { return nil }
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let c = inputShape.c, hw = inputShape.plane
    let scale = scaleWS.tensor(x.shape), out = outWS.tensor(x.shape)
    let dx = dinWS.tensor(x.shape), t = tmpWS.tensor(x.shape)
    // ∂b_j/∂a_i = δ_ij·s_j^−β − 2αβ·a_i·a_j·s_j^(−β−1) for i in j's window, so
    // da_i = dout_i·s_i^−β − 2αβ·a_i·Σ_{j: i ∈ window(j)} dout_j·b_j/s_j, and the windows are
    // symmetric, so {j : i ∈ window(j)} = window(i). t = dout·b/s first: a plane needs its
    // neighbours' t.
    Parallel.chunks(x.shape.count, threads: threads) { r in
      ck_lrn_ratio(dout.pointer + r.lowerBound, out.pointer + r.lowerBound, scale.pointer + r.lowerBound,
                   t.pointer + r.lowerBound, r.count)
    }
    Parallel.chunks(x.shape.n * c, threads: threads, grain: Parallel.planeGrain(hw)) { r in
      ck_lrn_backward(x.pointer, dout.pointer, scale.pointer, t.pointer, c, hw, size, alpha, beta, dx.pointer,
                      r.lowerBound, r.upperBound)
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
