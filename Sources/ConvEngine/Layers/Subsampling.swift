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
    let oh = outputShape.h, ow = outputShape.w, k = window
    lastInput = x
    let oshape = outputShape.batch(n)
    let sums = sumWS.tensor(oshape), pre = preWS.tensor(oshape)
    let coef = coefficient.value.pointer, b = bias.value.pointer
    for s in 0..<n {
      for ch in 0..<c {
        let src = x.pointer + (s * c + ch) * h * w
        let base = (s * c + ch) * oh * ow
        for oy in 0..<oh {
          for ox in 0..<ow {
            var sum: Float = 0
            for ky in 0..<k { for kx in 0..<k { sum += src[(oy * k + ky) * w + ox * k + kx] } }
            sums.pointer[base + oy * ow + ox] = sum
            pre.pointer[base + oy * ow + ox] = coef[ch] * sum + b[ch]
          }
        }
      }
    }
    preActivation = pre
    let out = outWS.tensor(oshape)
    spec.activation.forward(pre.pointer, out.pointer, count: oshape.count)
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let n = x.shape.n, c = inputShape.c, h = inputShape.h, w = inputShape.w
    let oh = outputShape.h, ow = outputShape.w, k = window
    let oshape = outputShape.batch(n)
    let out = outWS.tensor(oshape), sums = sumWS.tensor(oshape), dpre = dpreWS.tensor(oshape)
    spec.activation.backward(out: out.pointer, dout: dout.pointer, dpre: dpre.pointer, count: oshape.count)
    let coef = coefficient.value.pointer
    let dcoef = coefficient.grad.pointer, db = bias.grad.pointer
    let dx: Tensor? = needInputGradient ? dinWS.tensor(x.shape) : nil
    for s in 0..<n {
      for ch in 0..<c {
        let base = (s * c + ch) * oh * ow
        var dc: Float = 0, dbs: Float = 0
        for i in 0..<(oh * ow) {
          dc += dpre.pointer[base + i] * sums.pointer[base + i]
          dbs += dpre.pointer[base + i]
        }
        dcoef[ch] += dc
        db[ch] += dbs
        guard let dx else { continue }
        let dst = dx.pointer + (s * c + ch) * h * w
        for oy in 0..<oh {
          for ox in 0..<ow {
            let g = dpre.pointer[base + oy * ow + ox] * coef[ch]
            for ky in 0..<k { for kx in 0..<k { dst[(oy * k + ky) * w + ox * k + kx] = g } }
          }
        }
      }
    }
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
