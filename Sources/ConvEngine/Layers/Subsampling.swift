import CKernels

/// LeNet-5's S2/S4: each map's non-overlapping window×window blocks are summed, multiplied
/// by the map's trainable coefficient and shifted by its bias, then squashed.
///
/// Not plain average pooling: the learned scale and bias let a unit act anywhere from a
/// blur (small coefficient) to a "noisy OR/AND" (large coefficient) [LeCun 1998, II-A].
public final class Subsampling: PreActivationProviding {
  public let spec: LayerSpec
  public let window: Int
  public let inputShape: Shape
  public let outputShape: Shape
  public let coefficient: Parameter  // [C]  (contract name `<layer>.weight`)
  public let bias: Parameter  // [C]
  public var parameters: [Parameter] { [coefficient, bias] }

  private var lastInput: Tensor?
  private var sumWS = Workspace()  // (N, C, H/w, W/w): block sums, needed for d(coefficient)
  private var preWS = Workspace()  // (N, C, H/w, W/w)
  private var outWS = Workspace()  // (N, C, H/w, W/w)
  private var dpreWS = Workspace()  // (N, C, H/w, W/w)
  private var dinWS = Workspace()  // (N, C, H, W)
  public private(set) var preActivation: Tensor?

  public init(spec: LayerSpec, window: Int, input: Shape) {
    self.spec = spec
    self.window = window
    inputShape = input.batch(1)
    outputShape = LayerKind.subsample(window: window).outputShape(for: input)
    coefficient = Parameter(name: spec.name + ".weight", dims: [input.c], decays: false)
    bias = Parameter(name: spec.name + ".bias", dims: [input.c], decays: false)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    let n = x.shape.n, c = inputShape.c, h = inputShape.h, w = inputShape.w
    let k = window
    lastInput = x
    let oshape = outputShape.batch(n)
    let sums = sumWS.tensor(oshape), pre = preWS.tensor(oshape)
    let out = outWS.tensor(oshape)
    // In C: the same sums in the same order as a Swift loop, without its per-element overhead.
    // Sixteen images at a time, each group's activation right after its sums, while they are
    // in cache (LeNet's S2 output is 1.2 MB at batch 256).
    let perIn = c * h * w, perOut = outputShape.perSample
    for first in stride(from: 0, to: n, by: 16) {
      let images = min(16, n - first)
      ck_subsample_forward(x.pointer + first * perIn, images * c, c, h, w, k, coefficient.value.pointer,
                           bias.value.pointer, sums.pointer + first * perOut, pre.pointer + first * perOut)
      spec.activation.forward(pre.pointer + first * perOut, out.pointer + first * perOut, count: images * perOut)
    }
    preActivation = pre
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let n = x.shape.n, c = inputShape.c, h = inputShape.h, w = inputShape.w
    let k = window
    let oshape = outputShape.batch(n)
    let out = outWS.tensor(oshape), sums = sumWS.tensor(oshape), dpre = dpreWS.tensor(oshape)
    spec.activation.backward(out: out.pointer, dout: dout.pointer, dpre: dpre.pointer, count: oshape.count)
    let dx: Tensor? = needInputGradient ? dinWS.tensor(x.shape) : nil  // (N, C, H, W)
    ck_subsample_backward(dpre.pointer, sums.pointer, n * c, c, h, w, k, coefficient.value.pointer,
                          coefficient.grad.pointer, bias.grad.pointer, dx?.pointer)
    return dx
  }
}

extension Subsampling {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    preActivation = nil
    sumWS = Workspace()
    preWS = Workspace()
    outWS = Workspace()
    dpreWS = Workspace()
    dinWS = Workspace()
  }
}
