/// Average pooling to a fixed output size, windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) as PyTorch does.
public final class AdaptiveAvgPool: Layer {
  public let spec: LayerSpec
  public let inputShape: Shape
  public let outputShape: Shape
  public var parameters: [Parameter] { [] }
  private var lastInput: Tensor?
  private var outWS = Workspace()  // (N, C, oh, ow)
  private var dinWS = Workspace()  // (N, C, H, W)

  public init(spec: LayerSpec, outH: Int, outW: Int, input: Shape) {
    self.spec = spec
    inputShape = input.batch(1)
    outputShape = LayerKind.adaptiveAvgPool(outH: outH, outW: outW).outputShape(for: input)
  }

  private func window(_ i: Int, _ outSize: Int, _ inSize: Int) -> Range<Int> {
    (i * inSize / outSize)..<(((i + 1) * inSize + outSize - 1) / outSize)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    lastInput = x
    let planes = x.shape.n * inputShape.c, h = inputShape.h, w = inputShape.w
    let oh = outputShape.h, ow = outputShape.w
    let out = outWS.tensor(outputShape.batch(x.shape.n))
    for p in 0..<planes {
      let src = x.pointer + p * h * w
      for oy in 0..<oh {
        let ys = window(oy, oh, h)
        for ox in 0..<ow {
          let xs = window(ox, ow, w)
          var sum: Float = 0
          for y in ys { for xx in xs { sum += src[y * w + xx] } }
          out.pointer[p * oh * ow + oy * ow + ox] = sum / Float(ys.count * xs.count)
        }
      }
    }
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    guard needInputGradient, let x = lastInput else { return nil }
    let planes = x.shape.n * inputShape.c, h = inputShape.h, w = inputShape.w
    let oh = outputShape.h, ow = outputShape.w
    let dx = dinWS.tensor(x.shape, zeroed: true)
    for p in 0..<planes {
      let dst = dx.pointer + p * h * w
      for oy in 0..<oh {
        let ys = window(oy, oh, h)
        for ox in 0..<ow {
          let xs = window(ox, ow, w)
          let g = dout.pointer[p * oh * ow + oy * ow + ox] / Float(ys.count * xs.count)
          for y in ys { for xx in xs { dst[y * w + xx] += g } }
        }
      }
    }
    return dx
  }
}

extension AdaptiveAvgPool {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    outWS = Workspace()
    dinWS = Workspace()
  }
}
