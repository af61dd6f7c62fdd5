import CKernels

/// Max or average pooling over size×size windows moved by `stride` (no padding).
///
/// With size > stride the windows overlap, as in AlexNet's 3×3/2 pooling.
public final class Pool2D: MultithreadedLayer, Layer {
  public let spec: LayerSpec
  public let kind: PoolKind
  public let size: Int
  public let stride: Int
  public let inputShape: Shape
  public let outputShape: Shape
  public var parameters: [Parameter] { [] }
  public var threads = 1

  private var lastInput: Tensor?
  private var outWS = Workspace()  // (N, C, Ho, Wo)
  private var dinWS = Workspace()  // (N, C, H, W)
  /// For max pooling: index within the input plane of each output's winner.
  public private(set) var argmax: [Int32] = []  // (N, C, Ho, Wo)

  public init(spec: LayerSpec, kind: PoolKind, size: Int, stride: Int, input: Shape) {
    self.spec = spec
    self.kind = kind
    self.size = size
    self.stride = stride
    inputShape = input.batch(1)
    outputShape = LayerKind.pool(kind, size: size, stride: stride).outputShape(for: input)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    let n = x.shape.n, planes = n * inputShape.c
    let h = inputShape.h, w = inputShape.w, oh = outputShape.h, ow = outputShape.w
    let k = size, s = stride
    lastInput = x
    let out = outWS.tensor(outputShape.batch(n))
    if kind == .max {
      if argmax.count < out.count { argmax = [Int32](repeating: 0, count: out.count) }
      // Vectorised in CKernels (eight outputs a row at once); planes split across threads.
      argmax.withUnsafeMutableBufferPointer { am in
        guard let indices = am.baseAddress else { return }  // (N, C, Ho, Wo)
        Parallel.chunks(planes, threads: threads, grain: Parallel.planeGrain(h * w)) { r in
          ck_max_pool_forward(x.pointer + r.lowerBound * h * w, r.count, h, w, k, s, oh, ow,
                              out.pointer + r.lowerBound * oh * ow, indices + r.lowerBound * oh * ow)
        }
      }
      return out
    }
    let inv = 1 / Float(k * k)
    Parallel.forEach(planes, threads: threads) { p in
      let src = x.pointer + p * h * w
      let dst = out.pointer + p * oh * ow
      for oy in 0..<oh {
        for ox in 0..<ow {
          let y0 = oy * s, x0 = ox * s
          var sum: Float = 0
          for ky in 0..<k { for kx in 0..<k { sum += src[(y0 + ky) * w + x0 + kx] } }
          dst[oy * ow + ox] = sum * inv
        }
      }
    }
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    guard needInputGradient else { return nil }
    // Call order, not input: Trainer and layerGradients always run forward first.
    guard let x = lastInput else { preconditionFailure("\(spec.name): backward before forward") }
    let planes = x.shape.n * inputShape.c
    let h = inputShape.h, w = inputShape.w, oh = outputShape.h, ow = outputShape.w
    let k = size, s = stride
    let dx = dinWS.tensor(x.shape, zeroed: true)
    let inv = 1 / Float(k * k)
    argmax.withUnsafeBufferPointer { am in
      Parallel.forEach(planes, threads: threads) { p in
        let g = dout.pointer + p * oh * ow
        let dst = dx.pointer + p * h * w
        for oy in 0..<oh {
          for ox in 0..<ow {
            let d = g[oy * ow + ox]
            if kind == .max {
              dst[Int(am[p * oh * ow + oy * ow + ox])] += d
            } else {
              for ky in 0..<k { for kx in 0..<k { dst[(oy * s + ky) * w + ox * s + kx] += d * inv } }
            }
          }
        }
      }
    }
    return dx
  }
}

extension Pool2D {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    outWS = Workspace()
    dinWS = Workspace()
    argmax = []
  }
}
