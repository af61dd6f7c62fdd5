import CKernels

/// Fully connected layer y = f(W·x + b) on the flattened input, W stored [out, in].
public final class FullyConnected: PreActivationProviding, MultithreadedLayer {
  public let spec: LayerSpec
  public let inputShape: Shape
  public let outputShape: Shape
  public let weight: Parameter  // [out, in]
  public let bias: Parameter  // [out]
  public var parameters: [Parameter] { [weight, bias] }
  private let fanIn: Int
  private let outputs: Int
  /// Threads that split the rows at batch 1 (AlexNet's fc6/fc7 then stream their weights on every core).
  public var threads = 1

  private var lastInput: Tensor?
  private var preWS = Workspace()  // (N, out)
  private var tmpWS = Workspace()  // (out, N): the product before transposing
  private var outWS = Workspace()  // (N, out)
  private var dpreWS = Workspace()  // (N, out)
  private var dinWS = Workspace()  // (N, in) in the input's shape
  public private(set) var preActivation: Tensor?

  public init(spec: LayerSpec, outputs: Int, input: Shape) {
    self.spec = spec
    inputShape = input.batch(1)
    fanIn = input.perSample
    self.outputs = outputs
    outputShape = LayerKind.fc(outputs: outputs).outputShape(for: input)
    weight = Parameter(name: spec.name + ".weight", dims: [outputs, fanIn], decays: true)
    bias = Parameter(name: spec.name + ".bias", dims: [outputs], decays: false)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    let n = x.shape.n
    lastInput = x
    let pre = preWS.tensor(outputShape.batch(n))
    let b = bias.value.pointer
    if n == 1 {
      // (out, 1) = W (out, in) × x (in, 1): one pass over the weights, bound by memory. The rows
      // are split in fixed pieces, one per thread, so both cores stream weights and the sums
      // do not depend on timing. `ck_gemv` streams four rows at once: ~30 GB/s on AlexNet's fc6
      // on 2 threads, where oneDNN's sgemm for this shape reached ~21.
      let w = weight.value.pointer, fanIn = fanIn
      Parallel.chunks(outputs, threads: threads, grain: 256) { r in
        ck_gemv(w + r.lowerBound * fanIn, x.pointer, fanIn, r.count, pre.pointer + r.lowerBound)
      }
      for o in 0..<outputs { pre.pointer[o] += b[o] }
    } else {
      // Computed as (out, N) = W (out, in) × xᵀ and transposed: oneDNN runs this shape
      // 5× faster than (N, out) = x × Wᵀ when N is a small batch (measured for AlexNet fc6).
      let t = tmpWS.tensor(Shape(n: outputs, c: n, h: 1, w: 1))
      BLAS.gemm(transB: true, m: outputs, n: n, k: fanIn, a: weight.value.pointer, lda: fanIn,
                b: x.pointer, ldb: fanIn, c: t.pointer, ldc: n)
      for s in 0..<n { for o in 0..<outputs { pre.pointer[s * outputs + o] = t.pointer[o * n + s] + b[o] } }
    }
    preActivation = pre
    let out = outWS.tensor(pre.shape)
    spec.activation.forward(pre.pointer, out.pointer, count: pre.count)
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let n = x.shape.n
    let out = outWS.tensor(outputShape.batch(n)), dpre = dpreWS.tensor(outputShape.batch(n))
    spec.activation.backward(out: out.pointer, dout: dout.pointer, dpre: dpre.pointer, count: dpre.count)
    let db = bias.grad.pointer
    for s in 0..<n { for o in 0..<outputs { db[o] += dpre.pointer[s * outputs + o] } }
    // dW (out, in) += dpreᵀ (out, N) × x (N, in)
    BLAS.gemm(transA: true, m: outputs, n: fanIn, k: n, a: dpre.pointer, lda: outputs,
              b: x.pointer, ldb: fanIn, beta: 1, c: weight.grad.pointer, ldc: fanIn)
    guard needInputGradient else { return nil }
    let dx = dinWS.tensor(x.shape)
    // dx (N, in) = dpre (N, out) × W (out, in)
    BLAS.gemm(m: n, n: fanIn, k: outputs, a: dpre.pointer, lda: outputs,
              b: weight.value.pointer, ldb: fanIn, c: dx.pointer, ldc: fanIn)
    return dx
  }
}

extension FullyConnected {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    preActivation = nil
    preWS = Workspace()
    tmpWS = Workspace()
    outWS = Workspace()
    dpreWS = Workspace()
    dinWS = Workspace()
  }
}
