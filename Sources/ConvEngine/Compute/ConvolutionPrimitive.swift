import CDNNL

/// A convolution's shapes as oneDNN descriptors: the engine's plain layouts (NCHW tensors,
/// [Cout, Cin/G, K, K] weights) and `any` versions that let a primitive pick its own.
struct ConvolutionGeometry {
  let srcPlain: dnnl_memory_desc_t, dstPlain: dnnl_memory_desc_t, weightsPlain: dnnl_memory_desc_t
  var srcAny: dnnl_memory_desc_t, dstAny: dnnl_memory_desc_t, weightsAny: dnnl_memory_desc_t
  var bias: dnnl_memory_desc_t
  let strides: [Int64], padLeft: [Int64], padRight: [Int64]

  init(conv: ConvSpec, input: Shape, output: Shape, batch: Int) {
    let g = conv.groups, k = conv.kernel
    let src = [batch, input.c, input.h, input.w], dst = [batch, output.c, output.h, output.w]
    // oneDNN names grouped weights [G, Cout/G, Cin/G, K, K]: the same bytes as the stored form.
    let weights = g == 1 ? [conv.outChannels, input.c, k, k] : [g, conv.outChannels / g, input.c / g, k, k]
    srcPlain = DNNL.descriptor(src, dnnl_nchw)
    dstPlain = DNNL.descriptor(dst, dnnl_nchw)
    weightsPlain = DNNL.descriptor(weights, g == 1 ? dnnl_oihw : dnnl_goihw)
    srcAny = DNNL.descriptor(src, dnnl_format_tag_any)
    dstAny = DNNL.descriptor(dst, dnnl_format_tag_any)
    weightsAny = DNNL.descriptor(weights, dnnl_format_tag_any)
    bias = DNNL.descriptor([conv.outChannels], dnnl_x)
    strides = [Int64(conv.stride), Int64(conv.stride)]
    padLeft = [Int64(conv.padding), Int64(conv.padding)]
    // The floor rule drops input rows past the last window: the right padding is what the
    // output size needs, which may be less than the left.
    padRight = [Int64((output.h - 1) * conv.stride + k - input.h - conv.padding),
                Int64((output.w - 1) * conv.stride + k - input.w - conv.padding)]
  }

  /// The primitive descriptor oneDNN picks for `desc`; nil when it has only reference loops
  /// or its own im2col + sgemm for it, which are no faster than the layer's path.
  static func fast(_ desc: inout dnnl_convolution_desc_t, hint: dnnl_primitive_desc_t? = nil) -> dnnl_primitive_desc_t? {
    var pd: dnnl_primitive_desc_t?
    guard dnnl_primitive_desc_create(&pd, &desc, nil, DNNL.engine, hint) == dnnl_success, let pd else { return nil }
    var name: UnsafePointer<CChar>?
    _ = dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name)
    // "jit:avx512_core", "brgconv:avx512_core" (batch-reduce kernels on channels-last), …
    let kernel = name.map { String(cString: $0) } ?? ""
    if kernel.hasPrefix("jit") || kernel.hasPrefix("brg") { return pd }
    dnnl_primitive_desc_destroy(pd)
    return nil
  }

  /// The layout `pd` chose for `what` (src, weights, diff_dst, …).
  static func chosen(_ pd: dnnl_primitive_desc_t, _ what: dnnl_query_t) -> dnnl_memory_desc_t {
    dnnl_primitive_desc_query_md(pd, what, 0)!.pointee
  }
}

/// An operand a primitive reads or writes in its own layout: the memory object it binds, and
/// the copy from or to the engine's plain layout when that differs (nil: used in place).
/// Copies run on the calling thread's OpenMP thread count, as the primitive does.
struct PrimitiveOperand {
  let memory: DNNLMemory
  let copy: LayoutCopy?

  /// An operand the primitive reads: plain `from` copied into `chosen` when they differ.
  init(reading plain: dnnl_memory_desc_t, as chosen: dnnl_memory_desc_t) {
    memory = DNNLMemory(chosen)
    copy = DNNL.equal(plain, chosen) ? nil : LayoutCopy(from: plain, to: chosen)
  }

  /// An operand the primitive writes: `chosen` copied back to plain when they differ.
  init(writing plain: dnnl_memory_desc_t, as chosen: dnnl_memory_desc_t) {
    memory = DNNLMemory(chosen)
    copy = DNNL.equal(plain, chosen) ? nil : LayoutCopy(from: chosen, to: plain)
  }

  /// Binds the operand for reading plain data at `plain`, copying it into `buffer` first when
  /// the layouts differ.
  func bindReading(_ plain: UnsafeMutablePointer<Float>, via buffer: inout Workspace) {
    guard let copy else { return memory.bind(plain) }
    let chosen = buffer.tensor(Shape(n: memory.floats, c: 1, h: 1, w: 1)).pointer  // the operand in the primitive's layout
    copy.run(plain, chosen, threads: BLAS.threadsForCurrentThread)
    memory.bind(chosen)
  }

  /// Binds the operand for writing; `finish` then copies it to `plain` when the layouts differ.
  func bindWriting(_ plain: UnsafeMutablePointer<Float>, via buffer: inout Workspace) {
    guard copy != nil else { return memory.bind(plain) }
    memory.bind(buffer.tensor(Shape(n: memory.floats, c: 1, h: 1, w: 1)).pointer)  // the result in the primitive's layout
  }

  func finish(_ plain: UnsafeMutablePointer<Float>) {
    guard let copy, let data = dnnlData(memory) else { return }
    copy.run(data, plain, threads: BLAS.threadsForCurrentThread)
  }
}

/// The data pointer a memory object is bound to.
private func dnnlData(_ memory: DNNLMemory) -> UnsafeMutablePointer<Float>? {
  var p: UnsafeMutableRawPointer?
  DNNL.check(dnnl_memory_get_data_handle(memory.handle, &p), "reading a data pointer")
  return p?.assumingMemoryBound(to: Float.self)
}

/// A convolution's forward pass as oneDNN's own JIT primitive, planned once per batch size and
/// thread count (JIT-compiling takes milliseconds; a layer keeps its plan between steps).
///
/// oneDNN picks the layouts it runs fastest (`any`: channels-last or channels in blocks of 16
/// for AVX-512). The layer's tensors stay plain NCHW — the inspector, Explore's traces and the
/// backward pass read them — so inputs, weights and outputs are reordered where the chosen
/// layout differs. Those copies are transient and live in the network's shared `Scratch`.
final class ConvolutionPrimitive {
  private let primitive: DNNLPrimitive
  private let src: PrimitiveOperand, weights: PrimitiveOperand, dst: PrimitiveOperand
  private let bias: DNNLMemory

  /// nil when oneDNN has no JIT kernel for this shape (the layer keeps im2col + sgemm).
  init?(_ geometry: ConvolutionGeometry) {
    var g = geometry
    var desc = dnnl_convolution_desc_t()
    DNNL.check(dnnl_convolution_forward_desc_init(
      &desc, dnnl_forward_inference, dnnl_convolution_direct, &g.srcAny, &g.weightsAny, &g.bias, &g.dstAny,
      g.strides, g.padLeft, g.padRight), "describing a convolution")
    guard let pd = ConvolutionGeometry.fast(&desc) else { return nil }
    defer { dnnl_primitive_desc_destroy(pd) }
    primitive = DNNLPrimitive(pd)
    src = PrimitiveOperand(reading: g.srcPlain, as: ConvolutionGeometry.chosen(pd, dnnl_query_src_md))
    weights = PrimitiveOperand(reading: g.weightsPlain, as: ConvolutionGeometry.chosen(pd, dnnl_query_weights_md))
    dst = PrimitiveOperand(writing: g.dstPlain, as: ConvolutionGeometry.chosen(pd, dnnl_query_dst_md))
    bias = DNNLMemory(g.bias)
  }

  /// oneDNN's name for the kernel it chose ("brgconv:avx512_core", …).
  var implementation: String { primitive.implementation }

  /// pre (N, Cout, Ho, Wo) = conv(x (N, Cin, H, W), weight [Cout, Cin/G, K, K]) + bias [Cout].
  func run(x: UnsafeMutablePointer<Float>, weight: UnsafeMutablePointer<Float>, bias b: UnsafeMutablePointer<Float>,
           pre: UnsafeMutablePointer<Float>, scratch: Scratch) {
    // Weights are reordered on every pass: training changes them between steps, and at
    // batch 1 the copy costs about one more read of them (AlexNet: 9 MB).
    src.bindReading(x, via: &scratch.col)
    weights.bindReading(weight, via: &scratch.weights)
    dst.bindWriting(pre, via: &scratch.tmp)
    bias.bind(b)
    primitive.run([(Int32(DNNL_ARG_SRC), src.memory), (Int32(DNNL_ARG_WEIGHTS), weights.memory),
                   (Int32(DNNL_ARG_BIAS), bias), (Int32(DNNL_ARG_DST), dst.memory)])
    dst.finish(pre)
  }
}

/// A convolution's backward pass as oneDNN's JIT primitives: weight and bias gradients, and
/// (when asked) the input gradient, planned once per batch size and thread count.
final class ConvolutionBackwardPrimitive {
  private let weightsPrimitive: DNNLPrimitive, dataPrimitive: DNNLPrimitive
  // Backward-weights operands: the input, the output gradient, the weight gradient.
  private let src: PrimitiveOperand, diffDst: PrimitiveOperand, diffWeights: DNNLMemory
  /// Adds the weight gradient, in whatever layout oneDNN wrote it, into the plain gradient.
  private let accumulateWeights: DNNLReorder
  private let diffBias: DNNLMemory
  // Backward-data operands: the weights, the output gradient (its own layout), the input gradient.
  private let weights: PrimitiveOperand, dataDiffDst: PrimitiveOperand, diffSrc: PrimitiveOperand

  /// nil when oneDNN lacks a JIT kernel for either gradient (the layer keeps im2col + sgemm).
  init?(_ geometry: ConvolutionGeometry) {
    var g = geometry
    // Backward primitives are planned against a forward-training descriptor's choices.
    var forward = dnnl_convolution_desc_t()
    DNNL.check(dnnl_convolution_forward_desc_init(
      &forward, dnnl_forward_training, dnnl_convolution_direct, &g.srcAny, &g.weightsAny, &g.bias, &g.dstAny,
      g.strides, g.padLeft, g.padRight), "describing a convolution")
    guard let hint = ConvolutionGeometry.fast(&forward) else { return nil }
    defer { dnnl_primitive_desc_destroy(hint) }
    var wDesc = dnnl_convolution_desc_t(), dDesc = dnnl_convolution_desc_t()
    DNNL.check(dnnl_convolution_backward_weights_desc_init(
      &wDesc, dnnl_convolution_direct, &g.srcAny, &g.weightsAny, &g.bias, &g.dstAny,
      g.strides, g.padLeft, g.padRight), "describing a weight gradient")
    DNNL.check(dnnl_convolution_backward_data_desc_init(
      &dDesc, dnnl_convolution_direct, &g.srcAny, &g.weightsAny, &g.dstAny,
      g.strides, g.padLeft, g.padRight), "describing an input gradient")
    guard let wpd = ConvolutionGeometry.fast(&wDesc, hint: hint) else { return nil }
    defer { dnnl_primitive_desc_destroy(wpd) }
    guard let dpd = ConvolutionGeometry.fast(&dDesc, hint: hint) else { return nil }
    defer { dnnl_primitive_desc_destroy(dpd) }
    weightsPrimitive = DNNLPrimitive(wpd)
    dataPrimitive = DNNLPrimitive(dpd)
    src = PrimitiveOperand(reading: g.srcPlain, as: ConvolutionGeometry.chosen(wpd, dnnl_query_src_md))
    diffDst = PrimitiveOperand(reading: g.dstPlain, as: ConvolutionGeometry.chosen(wpd, dnnl_query_diff_dst_md))
    let dw = ConvolutionGeometry.chosen(wpd, dnnl_query_diff_weights_md)
    diffWeights = DNNLMemory(dw)
    accumulateWeights = DNNLReorder(from: dw, to: g.weightsPlain, accumulate: true)
    diffBias = DNNLMemory(g.bias)
    weights = PrimitiveOperand(reading: g.weightsPlain, as: ConvolutionGeometry.chosen(dpd, dnnl_query_weights_md))
    dataDiffDst = PrimitiveOperand(reading: g.dstPlain, as: ConvolutionGeometry.chosen(dpd, dnnl_query_diff_dst_md))
    diffSrc = PrimitiveOperand(writing: g.srcPlain, as: ConvolutionGeometry.chosen(dpd, dnnl_query_diff_src_md))
  }

  /// oneDNN's names for the two kernels, weight gradient first.
  var implementations: [String] { [weightsPrimitive.implementation, dataPrimitive.implementation] }

  /// dW [Cout, Cin/G, K, K] += ∂L/∂W and db [Cout] += ∂L/∂b for x (N, Cin, H, W) and
  /// dpre (N, Cout, Ho, Wo); then, when `dx` is given, dx (N, Cin, H, W) = ∂L/∂x.
  func run(x: UnsafeMutablePointer<Float>, dpre: UnsafeMutablePointer<Float>, weight: UnsafeMutablePointer<Float>,
           dW: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>, outChannels: Int,
           dx: UnsafeMutablePointer<Float>?, scratch: Scratch) {
    src.bindReading(x, via: &scratch.col)
    diffDst.bindReading(dpre, via: &scratch.tmp)
    let dwData = scratch.dweights.tensor(Shape(n: diffWeights.floats, c: 1, h: 1, w: 1)).pointer  // dW in oneDNN's layout
    let dbData = scratch.dbias.tensor(Shape(n: outChannels, c: 1, h: 1, w: 1)).pointer  // (Cout)
    diffWeights.bind(dwData)
    diffBias.bind(dbData)
    weightsPrimitive.run([(Int32(DNNL_ARG_SRC), src.memory), (Int32(DNNL_ARG_DIFF_DST), diffDst.memory),
                          (Int32(DNNL_ARG_DIFF_WEIGHTS), diffWeights), (Int32(DNNL_ARG_DIFF_BIAS), diffBias)])
    accumulateWeights.run(dwData, dW)
    for o in 0..<outChannels { db[o] += dbData[o] }
    guard let dx else { return }
    weights.bindReading(weight, via: &scratch.weights)
    if dataDiffDst.copy == nil || !DNNL.equal(dataDiffDst.memory.desc, diffDst.memory.desc) {
      dataDiffDst.bindReading(dpre, via: &scratch.dcol)
    } else if let data = dnnlData(diffDst.memory) {
      dataDiffDst.memory.bind(data)  // the same layout as for the weight gradient: reuse that copy
    }
    diffSrc.bindWriting(dx, via: &scratch.col)
    dataPrimitive.run([(Int32(DNNL_ARG_DIFF_DST), dataDiffDst.memory), (Int32(DNNL_ARG_WEIGHTS), weights.memory),
                       (Int32(DNNL_ARG_DIFF_SRC), diffSrc.memory)])
    diffSrc.finish(dx)
  }
}
