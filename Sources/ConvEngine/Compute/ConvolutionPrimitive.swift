import CDNNL

/// A convolution's forward pass as oneDNN's own JIT primitive, planned once per batch size and
/// thread count (JIT-compiling takes milliseconds; a layer keeps its plan between steps).
///
/// oneDNN picks the layouts it runs fastest (`any`: channels in blocks of 16 for AVX-512).
/// The layer's tensors stay plain NCHW — the inspector, Explore's traces and the backward pass
/// read them — so inputs, weights and outputs are reordered where the chosen layout differs.
/// Those blocked copies are transient and live in the network's shared `Scratch`.
final class ConvolutionPrimitive {
  let batch: Int
  let threads: Int
  private let primitive: DNNLPrimitive
  private let src: DNNLMemory, weights: DNNLMemory, bias: DNNLMemory, dst: DNNLMemory
  /// Plain → blocked for the input and weights, blocked → plain for the output (nil: same layout).
  private let srcReorder: DNNLReorder?, weightsReorder: DNNLReorder?, dstReorder: DNNLReorder?

  /// nil when oneDNN has no JIT kernel for this shape (its reference loops, and its own
  /// im2col + sgemm, are no faster than the layer's path, which it then keeps).
  init?(conv: ConvSpec, input: Shape, output: Shape, batch: Int, threads: Int) {
    let g = conv.groups, k = conv.kernel
    let srcPlain = DNNL.descriptor([batch, input.c, input.h, input.w], dnnl_nchw)
    let dstPlain = DNNL.descriptor([batch, output.c, output.h, output.w], dnnl_nchw)
    // Weights [Cout, Cin/G, K, K] as stored; oneDNN names the grouped form [G, Cout/G, Cin/G, K, K].
    let weightsPlain = g == 1
      ? DNNL.descriptor([conv.outChannels, input.c, k, k], dnnl_oihw)
      : DNNL.descriptor([g, conv.outChannels / g, input.c / g, k, k], dnnl_goihw)
    var biasDesc = DNNL.descriptor([conv.outChannels], dnnl_x)
    var srcAny = DNNL.descriptor([batch, input.c, input.h, input.w], dnnl_format_tag_any)
    var dstAny = DNNL.descriptor([batch, output.c, output.h, output.w], dnnl_format_tag_any)
    var weightsAny = g == 1
      ? DNNL.descriptor([conv.outChannels, input.c, k, k], dnnl_format_tag_any)
      : DNNL.descriptor([g, conv.outChannels / g, input.c / g, k, k], dnnl_format_tag_any)
    let strides: [Int64] = [Int64(conv.stride), Int64(conv.stride)]
    let padLeft: [Int64] = [Int64(conv.padding), Int64(conv.padding)]
    // The floor rule drops input rows past the last window: the right padding is what the
    // output size needs, which may be less than the left.
    let padRight: [Int64] = [
      Int64((output.h - 1) * conv.stride + k - input.h - conv.padding),
      Int64((output.w - 1) * conv.stride + k - input.w - conv.padding),
    ]
    var desc = dnnl_convolution_desc_t()
    DNNL.check(dnnl_convolution_forward_desc_init(
      &desc, dnnl_forward_inference, dnnl_convolution_direct, &srcAny, &weightsAny, &biasDesc, &dstAny,
      strides, padLeft, padRight), "describing a convolution")
    var pd: dnnl_primitive_desc_t?
    guard dnnl_primitive_desc_create(&pd, &desc, nil, DNNL.engine, nil) == dnnl_success, let pd else { return nil }
    defer { dnnl_primitive_desc_destroy(pd) }
    let p = DNNLPrimitive(pd)
    // "jit:avx512_core", "brgconv:avx512_core" (batch-reduce kernels on channels-last), …
    guard p.implementation.hasPrefix("jit") || p.implementation.hasPrefix("brg") else { return nil }
    primitive = p
    self.batch = batch
    self.threads = threads
    let chosen = { (what: dnnl_query_t) in dnnl_primitive_desc_query_md(pd, what, 0)!.pointee }
    src = DNNLMemory(chosen(dnnl_query_src_md))
    weights = DNNLMemory(chosen(dnnl_query_weights_md))
    dst = DNNLMemory(chosen(dnnl_query_dst_md))
    bias = DNNLMemory(biasDesc)
    srcReorder = DNNL.equal(src.desc, srcPlain) ? nil : DNNLReorder(from: srcPlain, to: src.desc)
    weightsReorder = DNNL.equal(weights.desc, weightsPlain) ? nil : DNNLReorder(from: weightsPlain, to: weights.desc)
    dstReorder = DNNL.equal(dst.desc, dstPlain) ? nil : DNNLReorder(from: dst.desc, to: dstPlain)
  }

  /// oneDNN's name for the kernel it chose ("brgconv:avx512_core", …).
  var implementation: String { primitive.implementation }

  /// pre (N, Cout, Ho, Wo) = conv(x (N, Cin, H, W), weight [Cout, Cin/G, K, K]) + bias [Cout].
  func run(x: UnsafeMutablePointer<Float>, weight: UnsafeMutablePointer<Float>, bias b: UnsafeMutablePointer<Float>,
           pre: UnsafeMutablePointer<Float>, scratch: Scratch) {
    // Weights are reordered on every pass: training changes them between steps, and at
    // batch 1 the copy costs about one more read of them (AlexNet: 9 MB).
    var srcData = x, weightData = weight, dstData = pre
    if let r = srcReorder {
      srcData = scratch.col.tensor(Self.floats(src)).pointer  // the input in oneDNN's layout
      r.run(x, srcData)
    }
    if let r = weightsReorder {
      weightData = scratch.dcol.tensor(Self.floats(weights)).pointer  // the weights in oneDNN's layout
      r.run(weight, weightData)
    }
    if dstReorder != nil { dstData = scratch.tmp.tensor(Self.floats(dst)).pointer }  // the output in oneDNN's layout
    src.bind(srcData)
    weights.bind(weightData)
    bias.bind(b)
    dst.bind(dstData)
    primitive.run([(Int32(DNNL_ARG_SRC), src), (Int32(DNNL_ARG_WEIGHTS), weights), (Int32(DNNL_ARG_BIAS), bias),
                   (Int32(DNNL_ARG_DST), dst)])
    dstReorder?.run(dstData, pre)
  }

  /// A flat shape with room for `memory`'s bytes.
  private static func floats(_ memory: DNNLMemory) -> Shape { Shape(n: memory.floats, c: 1, h: 1, w: 1) }
}
