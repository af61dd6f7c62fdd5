import Testing
@testable import ConvEngine

/// LeNet's small convolutions run forward as a direct convolution (`ck_conv_direct`: tiles of
/// output channels × 16 positions along the input's rows, the last tile shifted back) and, in
/// training batches, backward as oneDNN's primitives. These check the values against a plain
/// Double loop, for shapes that reach every tile size and a shifted last tile.
@Suite("Direct convolution (LeNet's small maps)")
struct DirectConvolutionTests {
  /// (input channels, map size, output channels, kernel): LeNet's C1 and C3, then shapes whose
  /// channel counts take the 8-, 6-, 4-, 2- and 1-channel tiles and whose position counts
  /// ((size − k)·size + size − k + 1) are not a multiple of 16.
  static let shapes = [(1, 32, 6, 5), (6, 14, 16, 5), (3, 9, 7, 5), (2, 6, 15, 3), (1, 8, 4, 3), (4, 5, 3, 2)]

  @Test("pre-activation and output in NCHW match the definition", arguments: shapes)
  func forward(shape: (Int, Int, Int, Int)) {
    let (cin, size, cout, k) = shape
    let spec = ConvSpec(outChannels: cout, kernel: k)
    let layer = Conv2D(spec: LayerSpec("c", .conv(spec), activation: .scaledTanh), conv: spec,
                       input: Shape(n: 1, c: cin, h: size, w: size))
    #expect(layer.runsDirect)
    var rng = SplitMix64(seed: 31)
    for p in layer.parameters { for i in 0..<p.count { p.value.pointer[i] = rng.uniform(-0.5, 0.5) } }
    let x = Tensor(zeros: Shape(n: 3, c: cin, h: size, w: size))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-1, 1) }
    let out = layer.forward(x, training: false).array
    let pre = layer.preActivation?.array ?? []
    let expected = ConvolutionPrimitiveTests.reference(layer, x)
    #expect(pre.count == 3 * cout * (size - k + 1) * (size - k + 1))
    ConvolutionPrimitiveTests.expectClose(pre, expected, "pre-activation")
    // The output is the activation of the kept pre-activation, bit for bit (what the inspector shows).
    #expect(out.map(\.bitPattern) == pre.map { Activation.scaledTanh.apply($0).bitPattern })
  }

  /// Training batches run the gradients 16 images to a vector too (`ck_conv_direct_lanes_backward`);
  /// batch 37 is two full groups and one of 5. The gradients add to what is there (a batch's
  /// passes accumulate), and C3's unconnected kernels get none, so training keeps them zero.
  @Test("gradients in vector lanes = the definition (C3's table kept)", arguments: shapes)
  func lanesGradients(shape: (Int, Int, Int, Int)) {
    let (cin, size, cout, k) = shape
    let table: ConnectionTable? = (cin, cout) == (6, 16) ? .leNet5C3 : nil
    let spec = ConvSpec(outChannels: cout, kernel: k, table: table)
    let layer = Conv2D(spec: LayerSpec("c", .conv(spec)), conv: spec, input: Shape(n: 1, c: cin, h: size, w: size))
    let batch = 37, out = size - k + 1
    #expect(layer.backwardImplementations(batch: batch) == ["direct lanes"])
    #expect(layer.backwardImplementations(batch: 1) != ["direct lanes"])
    var rng = SplitMix64(seed: 37)
    for i in 0..<layer.weight.count { layer.weight.value.pointer[i] = rng.uniform(-0.2, 0.2) }
    layer.weight.applyMask()
    for i in 0..<layer.weight.count { layer.weight.grad.pointer[i] = 0.5 }
    for i in 0..<layer.bias.count { layer.bias.grad.pointer[i] = -0.25 }
    let x = Tensor(zeros: Shape(n: batch, c: cin, h: size, w: size))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-1, 1) }
    let dout = Tensor(zeros: Shape(n: batch, c: cout, h: out, w: out))
    for i in 0..<dout.count { dout.pointer[i] = rng.uniform(-1, 1) }
    _ = layer.forward(x, training: true)
    let dx = layer.backward(dout, needInputGradient: true)?.array ?? []

    var dW = [Double](repeating: 0.5, count: layer.weight.count), db = [Double](repeating: -0.25, count: cout)
    var dxRef = [Double](repeating: 0, count: x.count)
    let w = layer.weight.value.pointer
    for n in 0..<batch {
      for o in 0..<cout {
        for oy in 0..<out {
          for ox in 0..<out {
            let d = Double(dout[n, o, oy, ox])
            db[o] += d
            for c in 0..<cin {
              for ky in 0..<k {
                for kx in 0..<k {
                  let tap = ((o * cin + c) * k + ky) * k + kx
                  dW[tap] += d * Double(x[n, c, oy + ky, ox + kx])
                  dxRef[((n * cin + c) * size + oy + ky) * size + ox + kx] += d * Double(w[tap])
                }
              }
            }
          }
        }
      }
    }
    let mask = layer.weight.mask ?? []
    for i in dW.indices where mask.indices.contains(i) && mask[i] == 0 { dW[i] = 0 }
    let grad = layer.weight.grad.array
    #expect(mask.indices.filter { mask[$0] == 0 }.allSatisfy { grad[$0] == 0 })
    ConvolutionPrimitiveTests.expectClose(grad, dW, "dW")
    ConvolutionPrimitiveTests.expectClose(layer.bias.grad.array, db, "db")
    ConvolutionPrimitiveTests.expectClose(dx, dxRef, "dx")
  }

  /// Batches of 8 or more run 16 images to a vector (`ck_conv_direct_lanes`); one image at a time
  /// runs `ck_conv_direct`. Batch 37 is two full groups and one of 5 (lanes left empty).
  @Test("a batch in vector lanes = each image alone, bit for bit (C3's table skipped exactly)", arguments: shapes)
  func lanesMatchOneImage(shape: (Int, Int, Int, Int)) {
    let (cin, size, cout, k) = shape
    let table: ConnectionTable? = (cin, cout) == (6, 16) ? .leNet5C3 : nil
    let spec = ConvSpec(outChannels: cout, kernel: k, table: table)
    let input = Shape(n: 1, c: cin, h: size, w: size)
    let layer = Conv2D(spec: LayerSpec("c", .conv(spec), activation: .scaledTanh), conv: spec, input: input)
    var rng = SplitMix64(seed: 41)
    for p in layer.parameters { for i in 0..<p.count { p.value.pointer[i] = rng.uniform(-0.5, 0.5) } }
    layer.weight.applyMask()
    let batch = 37
    let x = Tensor(zeros: input.batch(batch))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-1, 1) }
    for threads in [1, 2] {
      layer.threads = threads
      let out = layer.forward(x, training: false).array
      let pre = layer.preActivation?.array ?? []
      #expect(out.map(\.bitPattern) == pre.map { Activation.scaledTanh.apply($0).bitPattern })
      let per = out.count / batch
      var differing = 0
      for s in 0..<batch {
        let one = Tensor(zeros: input.batch(1))
        one.pointer.update(from: x.pointer + s * input.perSample, count: input.perSample)
        let alone = layer.forward(one, training: false)
        let single = layer.preActivation?.array ?? []
        #expect(alone.count == per)
        differing += (0..<per).filter { single[$0].bitPattern != pre[s * per + $0].bitPattern }.count
      }
      #expect(differing == 0, "\(differing) of \(pre.count) pre-activations differ, \(threads) threads")
    }
  }
}
