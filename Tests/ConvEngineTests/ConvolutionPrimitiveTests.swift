import Testing
@testable import ConvEngine

/// Large convolutions run forward as oneDNN's JIT primitive in its own blocked layout; these
/// check that what comes back in NCHW is the convolution, value by value, against a plain
/// Double loop — groups, stride, padding and the floor rule's dropped input row included.
@Suite("oneDNN convolution forward")
struct ConvolutionPrimitiveTests {
  /// Every output of `layer` for `x` recomputed in Double: (N, Cout, Ho, Wo).
  static func reference(_ layer: Conv2D, _ x: Tensor) -> [Double] {
    let c = layer.conv, input = layer.inputShape, output = layer.outputShape
    let cinG = input.c / c.groups, coutG = c.outChannels / c.groups, k = c.kernel
    let w = layer.weight.value.pointer, b = layer.bias.value.pointer
    var out = [Double](repeating: 0, count: x.shape.n * output.perSample)
    for n in 0..<x.shape.n {
      for o in 0..<c.outChannels {
        let g = o / coutG
        for oy in 0..<output.h {
          for ox in 0..<output.w {
            var sum = Double(b[o])
            for i in 0..<cinG {
              for ky in 0..<k {
                for kx in 0..<k {
                  let y = oy * c.stride - c.padding + ky, xx = ox * c.stride - c.padding + kx
                  guard y >= 0, y < input.h, xx >= 0, xx < input.w else { continue }
                  sum += Double(w[((o * cinG + i) * k + ky) * k + kx]) * Double(x[n, g * cinG + i, y, xx])
                }
              }
            }
            out[((n * c.outChannels + o) * output.h + oy) * output.w + ox] = sum
          }
        }
      }
    }
    return out
  }

  @Test("grouped, strided, padded convolution with ReLU: pre-activation and output in NCHW", arguments: [1, 3])
  func groupedConvolution(batch: Int) {
    // 32×32 input, kernel 5, stride 2, padding 1: 15×15 outputs, and the last input row and
    // column fall outside every window (right padding 0, left 1). 5.8 M multiply-adds per
    // image, so the layer takes the oneDNN path.
    let spec = ConvSpec(outChannels: 64, kernel: 5, stride: 2, padding: 1, groups: 2)
    let layer = Conv2D(spec: LayerSpec("conv", .conv(spec), activation: .relu), conv: spec,
                       input: Shape(n: 1, c: 32, h: 32, w: 32))
    var rng = SplitMix64(seed: 17)
    for i in 0..<layer.weight.count { layer.weight.value.pointer[i] = rng.uniform(-0.2, 0.2) }
    for i in 0..<layer.bias.count { layer.bias.value.pointer[i] = rng.uniform(-0.5, 0.5) }
    let x = Tensor(zeros: Shape(n: batch, c: 32, h: 32, w: 32))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-1, 1) }

    let kernel = layer.primitiveImplementation(batch: batch) ?? "im2col + sgemm"
    #expect(kernel.hasPrefix("brg") || kernel.hasPrefix("jit"), "forward ran on \(kernel)")
    let out = layer.forward(x, training: false)
    let first = out.array  // the layer reuses its output buffer on the next pass
    #expect(out.shape == Shape(n: batch, c: 64, h: 15, w: 15))
    let expected = Self.reference(layer, x)
    let pre = layer.preActivation?.array ?? []
    #expect(pre.count == expected.count)
    let wrong = zip(pre, expected).enumerated().filter { i in
      abs(Double(i.element.0) - i.element.1) > 1e-5 * max(1, abs(i.element.1))
    }
    #expect(wrong.isEmpty, "\(wrong.count) pre-activations differ; first at \(wrong.first?.offset ?? -1)")
    // The output is ReLU of the kept pre-activation, bit for bit.
    #expect(first.map(\.bitPattern) == pre.map { Activation.relu.apply($0).bitPattern })
    #expect(pre.contains { $0 < 0 } && pre.contains { $0 > 0 })

    // A second pass reuses the planned primitive and its buffers: same values again.
    let again = layer.forward(x, training: false).array
    #expect(again.map(\.bitPattern) == first.map(\.bitPattern))
  }

  @Test("weight, bias and input gradients, added to what the gradients held", arguments: [1, 3])
  func gradients(batch: Int) {
    let spec = ConvSpec(outChannels: 64, kernel: 5, stride: 2, padding: 1, groups: 2)
    let layer = Conv2D(spec: LayerSpec("conv", .conv(spec)), conv: spec, input: Shape(n: 1, c: 32, h: 32, w: 32))
    var rng = SplitMix64(seed: 23)
    for i in 0..<layer.weight.count { layer.weight.value.pointer[i] = rng.uniform(-0.2, 0.2) }
    let x = Tensor(zeros: Shape(n: batch, c: 32, h: 32, w: 32))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-1, 1) }
    let dout = Tensor(zeros: Shape(n: batch, c: 64, h: 15, w: 15))
    for i in 0..<dout.count { dout.pointer[i] = rng.uniform(-1, 1) }
    // Gradients accumulate over a batch's passes: start from values already there.
    for i in 0..<layer.weight.count { layer.weight.grad.pointer[i] = 0.5 }
    for i in 0..<layer.bias.count { layer.bias.grad.pointer[i] = -0.25 }
    let kernels = layer.backwardImplementations(batch: batch) ?? ["im2col + sgemm"]
    #expect(kernels.allSatisfy { $0.hasPrefix("brg") || $0.hasPrefix("jit") }, "backward ran on \(kernels)")

    _ = layer.forward(x, training: true)
    let dx = layer.backward(dout, needInputGradient: true)?.array ?? []

    // The same sums in Double, by the definition: every (output, kernel tap) pair once.
    let k = 5, cinG = 16, coutG = 32
    var dW = [Double](repeating: 0.5, count: layer.weight.count), db = [Double](repeating: -0.25, count: 64)
    var dxRef = [Double](repeating: 0, count: x.count)
    let w = layer.weight.value.pointer
    for n in 0..<batch {
      for o in 0..<64 {
        for oy in 0..<15 {
          for ox in 0..<15 {
            let d = Double(dout[n, o, oy, ox])
            db[o] += d
            for i in 0..<cinG {
              for ky in 0..<k {
                for kx in 0..<k {
                  let y = oy * 2 - 1 + ky, xx = ox * 2 - 1 + kx
                  guard y >= 0, y < 32, xx >= 0, xx < 32 else { continue }
                  let c = (o / coutG) * cinG + i, tap = ((o * cinG + i) * k + ky) * k + kx
                  dW[tap] += d * Double(x[n, c, y, xx])
                  dxRef[((n * 32 + c) * 32 + y) * 32 + xx] += d * Double(w[tap])
                }
              }
            }
          }
        }
      }
    }
    Self.expectClose(layer.weight.grad.array, dW, "dW")
    Self.expectClose(layer.bias.grad.array, db, "db")
    Self.expectClose(dx, dxRef, "dx")
  }

  static func expectClose(_ got: [Float], _ want: [Double], _ what: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == want.count, "\(what): \(got.count) values, expected \(want.count)", sourceLocation: sourceLocation)
    let wrong = zip(got, want).enumerated().filter { i in
      abs(Double(i.element.0) - i.element.1) > 1e-4 * max(1, abs(i.element.1))
    }
    #expect(wrong.isEmpty, "\(what): \(wrong.count) values differ; first \(wrong.first.map { "\($0.element)" } ?? "")",
            sourceLocation: sourceLocation)
  }
}
