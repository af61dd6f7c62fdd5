import CKernels

/// 2-D convolution with stride, zero padding, groups and an optional input-map connection
/// table (LeNet-5's C3), followed by a fused activation.
///
/// Large layers (AlexNet's) run forward and backward as oneDNN's JIT convolution primitives
/// (`ConvolutionPrimitive`, `ConvolutionBackwardPrimitive`); LeNet's C1 and C3 run forward as a
/// direct convolution (`ck_conv_direct`) and backward, in training batches, as oneDNN's
/// primitives too. Otherwise the batch is lowered with im2col into one matrix per group and
/// multiplied by the weights with a single sgemm per group; LeNet's C5 (kernel covers the whole
/// input) skips im2col.
public final class Conv2D: PreActivationProviding, MultithreadedLayer {
  public let spec: LayerSpec
  public let conv: ConvSpec
  public let inputShape: Shape
  public let outputShape: Shape
  public let weight: Parameter  // [Cout, Cin/G, KH, KW]
  public let bias: Parameter  // [Cout]
  public var parameters: [Parameter] { [weight, bias] }

  private let groups: Int
  private let cinG: Int  // input channels per group
  private let coutG: Int  // output channels per group
  private let kg: Int  // rows of a group's column matrix: Cin/G·KH·KW
  /// The kernel spans the whole (unpadded) input, so the layer is a matrix product (C5).
  private let wholeInput: Bool
  /// Multiply-adds of one image.
  private let macs: Int
  /// At least 2²⁰ multiply-adds per image (AlexNet's convolutions, not LeNet's): forward runs
  /// oneDNN's convolution primitive even for one image.
  private let large: Bool
  /// Stride 1, no padding, one group, not `large` (LeNet's C1 and C3): forward runs as a direct
  /// convolution, which skips im2col's copies — on maps this small they cost more than the
  /// products (C1's columns are 4× its output). Measured at batch 64 on one thread: C1 1.4×,
  /// C3 1.8× faster than im2col + sgemm. One image at a time (`ck_conv_direct`) for small
  /// batches; 16 images to a vector (`ck_conv_direct_lanes`) for batches, which wastes no lane
  /// on positions past a row's end and skips C3's unconnected maps: LeNet-5's batch-256
  /// inference 1.3× faster again.
  private let direct: Bool

  /// Threads for im2col, layout changes and the activation (sgemm threads are set separately).
  public var threads = 1
  /// Buffers shared by all convolutions of a network (see `Scratch`).
  public var scratch = Scratch()
  private var lastInput: Tensor?
  private var preWS = Workspace()  // (N, Cout, Ho, Wo)
  private var outWS = Workspace()  // (N, Cout, Ho, Wo)
  private var dpreWS = Workspace()  // (N, Cout, Ho, Wo)
  private var dinWS = Workspace()  // (N, Cin, H, W)
  public private(set) var preActivation: Tensor?
  private struct PlanKey: Hashable { var batch: Int, threads: Int }
  private var plans: [PlanKey: ConvolutionPrimitive?] = [:]
  private var backwardPlans: [PlanKey: ConvolutionBackwardPrimitive?] = [:]

  public init(spec: LayerSpec, conv: ConvSpec, input: Shape) {
    self.spec = spec
    self.conv = conv
    self.inputShape = input.batch(1)
    self.outputShape = LayerKind.conv(conv).outputShape(for: input)
    let (ho, wo) = (outputShape.h, outputShape.w)
    groups = conv.groups
    cinG = input.c / conv.groups
    coutG = conv.outChannels / conv.groups
    kg = cinG * conv.kernel * conv.kernel
    wholeInput = groups == 1 && conv.padding == 0 && ho == 1 && wo == 1
      && conv.kernel == input.h && conv.kernel == input.w
    macs = coutG * groups * kg * ho * wo
    large = macs >= 1 << 20
    // The kernel computes 16 output positions at a time along the input's rows.
    direct = !large && !wholeInput && groups == 1 && conv.stride == 1 && conv.padding == 0
      && (ho - 1) * input.w + wo >= 16
    var mask: [Float]?
    if let table = conv.table {
      // `ModelSpec.row` throws for a table of the wrong size before `Network` builds a layer.
      precondition(table.outputs == conv.outChannels && table.inputs == input.c)
      var m = [Float](repeating: 0, count: conv.outChannels * kg)
      let kk = conv.kernel * conv.kernel
      for o in 0..<conv.outChannels {
        for i in 0..<input.c where table.isConnected(output: o, input: i) {
          for t in 0..<kk { m[o * kg + i * kk + t] = 1 }
        }
      }
      mask = m
    }
    weight = Parameter(name: spec.name + ".weight", dims: [conv.outChannels, cinG, conv.kernel, conv.kernel],
                       decays: true, mask: mask)
    bias = Parameter(name: spec.name + ".bias", dims: [conv.outChannels], decays: false)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    // Inputs are encoded for the spec; a file's tensor of another shape is refused with its
    // name by `InputSource` before any forward pass.
    precondition(x.shape.perSample == inputShape.perSample, "\(spec.name): input \(x.shape) ≠ \(inputShape)")
    let n = x.shape.n
    lastInput = x
    let oshape = outputShape.batch(n)
    let pre = preWS.tensor(oshape)  // (N, Cout, Ho, Wo)
    let cout = conv.outChannels
    if wholeInput {
      // (N, Cout) = (N, Cin·K·K) × (Cout, Cin·K·K)ᵀ
      BLAS.gemm(transB: true, m: n, n: cout, k: kg, a: x.pointer, lda: kg,
                b: weight.value.pointer, ldb: kg, c: pre.pointer, ldc: cout)
      let b = bias.value.pointer
      for s in 0..<n { for o in 0..<cout { pre.pointer[s * cout + o] += b[o] } }
    } else if large, let primitive = primitive(batch: n) {
      primitive.run(x: x.pointer, weight: weight.value.pointer, bias: bias.value.pointer, pre: pre.pointer,
                    scratch: scratch)
    } else if direct {
      let out = outWS.tensor(oshape)
      let perIn = inputShape.perSample, perOut = outputShape.perSample, kind = spec.activation.kernelKind
      let (c, h, w, k) = (inputShape.c, inputShape.h, inputShape.w, conv.kernel)
      if n >= Self.lanes / 2 && c <= 64 {
        // Batches: 16 images at a time in the vector lanes (see `ck_conv_direct_lanes`), each
        // group's activation right after its convolution, while its maps are in cache.
        let groups = (n + Self.lanes - 1) / Self.lanes
        let pieces = max(1, min(threads, groups))
        let perWork = Self.lanes * (perIn + outputShape.plane)
        let work = scratch.col.tensor(Shape(n: pieces, c: 1, h: 1, w: perWork))  // (pieces, 16·(Cin·H·W + Ho·Wo))
        Parallel.forEach(pieces, threads: pieces) { piece in
          for g in (groups * piece / pieces)..<(groups * (piece + 1) / pieces) {
            let first = g * Self.lanes, images = min(Self.lanes, n - first)
            ck_conv_direct_lanes(x.pointer + first * perIn, images, c, h, w, weight.value.pointer,
                                 bias.value.pointer, cout, k, pre.pointer + first * perOut,
                                 work.pointer + piece * perWork)
            ck_activation_forward(kind, pre.pointer + first * perOut, out.pointer + first * perOut, images * perOut)
          }
        }
      } else {
        // Each image's activation runs right after its convolution, while its maps are in cache.
        Parallel.forEach(n, threads: threads) { s in
          ck_conv_direct(x.pointer + s * perIn, c, h, w, weight.value.pointer, bias.value.pointer, cout, k,
                         pre.pointer + s * perOut)
          ck_activation_forward(kind, pre.pointer + s * perOut, out.pointer + s * perOut, perOut)
        }
      }
      preActivation = pre
      return out
    } else {
      let hw = outputShape.plane
      let chunk = imagesPerChunk(n)
      let col = scratch.col.tensor(Shape(n: 1, c: kg, h: 1, w: chunk * hw))  // (Kg, chunk·HoWo), one group at a time
      let tmp = scratch.tmp.tensor(Shape(n: cout, c: 1, h: 1, w: chunk * hw))  // (Cout, chunk·HoWo): sgemm output
      let out = outWS.tensor(oshape)
      let kind = spec.activation.kernelKind
      for b0 in stride(from: 0, to: n, by: chunk) {
        let images = b0..<min(n, b0 + chunk), cols = images.count * hw
        for g in 0..<groups {
          Im2col.lower(x, images: images, channelOffset: g * cinG, channels: cinG, conv: conv,
                       outH: outputShape.h, outW: outputShape.w, into: col.pointer, threads: threads)
          // (Cout/G, chunk·HoWo) = (Cout/G, Kg) × (Kg, chunk·HoWo)
          BLAS.gemm(m: coutG, n: cols, k: kg, a: weight.value.pointer + g * coutG * kg, lda: kg,
                    b: col.pointer, ldb: cols, c: tmp.pointer + g * coutG * cols, ldc: cols)
        }
        // Channel-major (Cout, chunk, HW) back to NCHW, adding the bias and applying the
        // activation in the same pass (the pre-activation is kept for the inspector).
        let first = b0 * cout * hw
        Parallel.chunks(cout, threads: threads, grain: 1) { r in
          ck_bias_activation(kind, tmp.pointer, cols, bias.value.pointer, pre.pointer + first, out.pointer + first,
                             cout, images.count, hw, r.lowerBound, r.upperBound)
        }
      }
      preActivation = pre
      return out
    }
    preActivation = pre
    let out = outWS.tensor(oshape)
    spec.activation.forward(pre.pointer, out.pointer, count: oshape.count, threads: threads)
    return out
  }

  /// oneDNN's convolution for a batch size on the calling thread's OpenMP thread count, planned
  /// on first use; nil when oneDNN has no JIT kernel for the shape (im2col + sgemm then).
  private func primitive(batch: Int) -> ConvolutionPrimitive? {
    let key = PlanKey(batch: batch, threads: BLAS.threadsForCurrentThread)
    if let known = plans[key] { return known }
    // A run sees a few batch sizes (training, its last partial batch, evaluation, batch 1);
    // forgetting them all past a handful keeps a long session's plans bounded.
    if plans.count >= 8 { plans.removeAll() }
    let made = ConvolutionPrimitive(ConvolutionGeometry(conv: conv, input: inputShape, output: outputShape, batch: batch))
    plans[key] = made
    return made
  }

  /// The same for the backward pass (weight, bias and input gradients).
  private func backwardPrimitive(batch: Int) -> ConvolutionBackwardPrimitive? {
    let key = PlanKey(batch: batch, threads: BLAS.threadsForCurrentThread)
    if let known = backwardPlans[key] { return known }
    if backwardPlans.count >= 8 { backwardPlans.removeAll() }
    let made = ConvolutionBackwardPrimitive(ConvolutionGeometry(conv: conv, input: inputShape, output: outputShape,
                                                                batch: batch))
    backwardPlans[key] = made
    return made
  }

  /// The oneDNN kernel forward runs for `batch` images on this thread; nil: im2col + sgemm.
  func primitiveImplementation(batch: Int) -> String? {
    large && !wholeInput ? primitive(batch: batch)?.implementation : nil
  }

  /// The kernels backward runs: ["direct lanes"], or oneDNN's (weight gradient, input
  /// gradient); nil: im2col + sgemm.
  func backwardImplementations(batch: Int) -> [String]? {
    if backwardRunsLanes(batch: batch) { return ["direct lanes"] }
    return backwardIsLarge(batch: batch) ? backwardPrimitive(batch: batch)?.implementations : nil
  }

  /// Whether forward runs `ck_conv_direct` (LeNet's small maps).
  var runsDirect: Bool { direct }

  /// Images a vector holds in `ck_conv_direct_lanes`; batches of at least half as many run it
  /// (fewer would waste most lanes).
  static let lanes = 16

  /// Whether backward runs `ck_conv_direct_lanes_backward`: the layers forward runs directly,
  /// in batches that fill half a vector at least. oneDNN's gradient kernels for these shapes
  /// measured 2–3× slower (C1's single input channel is padded to a block of 8). It runs on
  /// the calling thread: LeNet trains one replica per thread, each with its own layers.
  private func backwardRunsLanes(batch: Int) -> Bool {
    direct && batch >= Self.lanes / 2 && inputShape.c <= 64 && conv.outChannels <= 64 && conv.kernel <= 7
  }

  /// Backward runs oneDNN's primitives once the batch holds 2²⁰ multiply-adds: AlexNet's layers
  /// at any batch (LeNet's C1 and C3 in training batches take `backwardRunsLanes` first). One
  /// image (Explore's gradients) stays on im2col + sgemm.
  private func backwardIsLarge(batch: Int) -> Bool {
    !wholeInput && macs * batch >= 1 << 20
  }

  /// Images whose columns go through im2col and sgemm together. Small layers (LeNet's: a
  /// 32-image C1 column matrix is 2.5 MB) work through the batch a few images at a time so the
  /// columns stay in the core's cache between im2col, sgemm and the output pass. AlexNet's
  /// columns are megabytes per image: those layers take up to 16 MB of columns at a time,
  /// which keeps each product large while the column buffers (forward and backward) shrink
  /// from ~70 MB each to 16 MB at batch 16.
  private func imagesPerChunk(_ n: Int) -> Int {
    let perImage = kg * outputShape.plane
    let cacheBudget = 1 << 18  // floats: 1 MB
    let memoryBudget = 1 << 22  // floats: 16 MB
    if perImage * 4 <= cacheBudget && perImage * n > cacheBudget { return cacheBudget / perImage }
    if perImage * n > memoryBudget { return max(1, memoryBudget / perImage) }
    return max(n, 1)
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let n = x.shape.n
    let oshape = outputShape.batch(n)
    let out = outWS.tensor(oshape)
    let dpre = dpreWS.tensor(oshape)  // (N, Cout, Ho, Wo)
    spec.activation.backward(out: out.pointer, dout: dout.pointer, dpre: dpre.pointer, count: oshape.count,
                             threads: threads)
    let cout = conv.outChannels
    let dW = weight.grad.pointer, db = bias.grad.pointer
    var dx: Tensor?
    if wholeInput {
      for s in 0..<n { for o in 0..<cout { db[o] += dpre.pointer[s * cout + o] } }
      // dW (Cout, Kg) += dpreᵀ (Cout, N) × x (N, Kg)
      BLAS.gemm(transA: true, m: cout, n: kg, k: n, a: dpre.pointer, lda: cout,
                b: x.pointer, ldb: kg, beta: 1, c: dW, ldc: kg)
      if needInputGradient {
        let dxT = dinWS.tensor(x.shape)
        // dx (N, Kg) = dpre (N, Cout) × W (Cout, Kg)
        BLAS.gemm(m: n, n: kg, k: cout, a: dpre.pointer, lda: cout,
                  b: weight.value.pointer, ldb: kg, c: dxT.pointer, ldc: kg)
        dx = dxT
      }
    } else if backwardRunsLanes(batch: n) {
      // LeNet's C1 and C3 in training batches: 16 images to a vector, as forward runs them.
      let (c, h, w, k) = (inputShape.c, inputShape.h, inputShape.w, conv.kernel)
      let perIn = inputShape.perSample, perOut = outputShape.perSample
      let dxT: Tensor? = needInputGradient ? dinWS.tensor(x.shape) : nil  // (N, Cin, H, W)
      let count = ck_conv_direct_lanes_backward_work(c, cout, h, w, k)
      let work = scratch.col.tensor(Shape(n: 1, c: 1, h: 1, w: count))  // see ck_conv_direct_lanes_backward_work
      let run = { (mask: UnsafePointer<Float>?) in
        for first in stride(from: 0, to: n, by: Self.lanes) {
          ck_conv_direct_lanes_backward(x.pointer + first * perIn, dpre.pointer + first * perOut, min(Self.lanes, n - first),
                                        c, h, w, self.weight.value.pointer, mask, cout, k, dW, db,
                                        dxT.map { $0.pointer + first * perIn }, work.pointer)
        }
      }
      if let mask = weight.mask { mask.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }
      dx = dxT
    } else if backwardIsLarge(batch: n), let primitive = backwardPrimitive(batch: n) {
      let dxT: Tensor? = needInputGradient ? dinWS.tensor(x.shape) : nil  // (N, Cin, H, W)
      primitive.run(x: x.pointer, dpre: dpre.pointer, weight: weight.value.pointer, dW: dW, db: db,
                    outChannels: cout, dx: dxT?.pointer, scratch: scratch)
      dx = dxT
    } else {
      let hw = outputShape.plane
      let cols = n * hw
      let chunk = imagesPerChunk(n)
      let col = scratch.col.tensor(Shape(n: 1, c: kg, h: 1, w: chunk * hw))  // (Kg, chunk·HoWo), one group at a time
      let dtmp = scratch.tmp.tensor(Shape(n: cout, c: 1, h: 1, w: cols))  // (Cout, N·HoWo)
      Parallel.chunks(cout, threads: threads, grain: 1) { r in
        ck_gather_channels(dpre.pointer, dtmp.pointer, cols, db, cout, n, hw, r.lowerBound, r.upperBound)
      }
      let dxT: Tensor? = needInputGradient ? dinWS.tensor(x.shape, zeroed: true) : nil
      let dcol: Tensor? = needInputGradient ? scratch.dcol.tensor(Shape(n: 1, c: kg, h: 1, w: chunk * hw)) : nil
      for b0 in stride(from: 0, to: n, by: chunk) {
        let images = b0..<min(n, b0 + chunk), chunkCols = images.count * hw
        for g in 0..<groups {
          // The columns are rebuilt rather than kept from forward: one shared buffer then
          // serves every layer, which saves AlexNet ~200 MB at batch 16 for a cheap copy.
          Im2col.lower(x, images: images, channelOffset: g * cinG, channels: cinG, conv: conv,
                       outH: outputShape.h, outW: outputShape.w, into: col.pointer, threads: threads)
          // This chunk's columns of dtmp_g (Cout/G, N·HoWo); rows keep the full stride.
          let dtmpG = dtmp.pointer + g * coutG * cols + b0 * hw
          // dW_g (Cout/G, Kg) += dtmp_g (Cout/G, chunk·HoWo) × col_gᵀ (chunk·HoWo, Kg)
          BLAS.gemm(transB: true, m: coutG, n: kg, k: chunkCols, a: dtmpG, lda: cols,
                    b: col.pointer, ldb: chunkCols, beta: 1, c: dW + g * coutG * kg, ldc: kg)
          if let dxT, let dcol {
            // dcol (Kg, chunk·HoWo) = W_gᵀ (Kg, Cout/G) × dtmp_g (Cout/G, chunk·HoWo)
            BLAS.gemm(transA: true, m: kg, n: chunkCols, k: coutG, a: weight.value.pointer + g * coutG * kg, lda: kg,
                      b: dtmpG, ldb: cols, c: dcol.pointer, ldc: chunkCols)
            Im2col.raise(dcol.pointer, images: images, channelOffset: g * cinG, channels: cinG, conv: conv,
                         outH: outputShape.h, outW: outputShape.w, into: dxT, threads: threads)
          }
        }
      }
      dx = dxT
    }
    if let mask = weight.mask {
      // Unconnected C3 kernels get no gradient, so training keeps them exactly zero.
      for i in 0..<weight.count where mask[i] == 0 { dW[i] = 0 }
    }
    return dx
  }
}

extension Conv2D {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    preActivation = nil
    preWS = Workspace()
    outWS = Workspace()
    dpreWS = Workspace()
    dinWS = Workspace()
    plans = [:]
    backwardPlans = [:]
    scratch.release()  // shared by the network's convolutions: released by the first, a no-op after
  }
}
