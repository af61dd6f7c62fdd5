import ConvEngine
import Foundation
import Testing

/// The activation loops run as C kernels compiled for the CPU's vector width (CKernels); the
/// inspector explains values with the scalar Swift reference (`Activation.apply`). These
/// must agree bit for bit, or the inspector would show a number the layer did not compute.
@Suite("Vector kernels")
struct VectorKernelTests {
  /// 40,001 points over [−100, 100] (both sides of tanh's 0.1 and 9 switch points and exp's
  /// clamps), the values around those switches, and signed zeros and huge values.
  static let points: [Float] = {
    var v = (0...40_000).map { Float(-100 + Double($0) * 0.005) }
    for edge: Float in [0.1, 9, 87, 88, 0.15, 6, 13.5] {
      var x = edge
      for _ in 0..<8 { v += [x, -x, x * 2 / 3, -x * 2 / 3, x * 1.5, -x * 1.5]; x = x.nextUp }
    }
    v += [0, -0.0, 1e-30, -1e-30, 1e30, -1e30, .leastNormalMagnitude, -.leastNormalMagnitude]
    return v
  }()

  @Test("forward kernel = Activation.apply, bit for bit", arguments: Activation.allCases)
  func forwardMatchesReference(_ f: Activation) {
    let pre = Self.points
    var out = [Float](repeating: .nan, count: pre.count)
    pre.withUnsafeBufferPointer { p in
      out.withUnsafeMutableBufferPointer { f.forward(p.baseAddress!, $0.baseAddress!, count: pre.count) }
    }
    let mismatches = pre.indices.filter { f.apply(pre[$0]).bitPattern != out[$0].bitPattern }
    #expect(mismatches.isEmpty, "\(f): \(mismatches.count) differ, first at \(mismatches.first.map { pre[$0] } ?? 0)")
  }

  @Test("backward kernel = Activation.derivative, bit for bit", arguments: Activation.allCases)
  func backwardMatchesReference(_ f: Activation) {
    let out = Self.points.map { f.apply($0) }
    let dout = Self.points.indices.map { Float(($0 % 13) - 6) * 0.37 }
    var dpre = [Float](repeating: .nan, count: out.count)
    out.withUnsafeBufferPointer { o in
      dout.withUnsafeBufferPointer { d in
        dpre.withUnsafeMutableBufferPointer {
          f.backward(out: o.baseAddress!, dout: d.baseAddress!, dpre: $0.baseAddress!, count: out.count)
        }
      }
    }
    let mismatches = out.indices.filter { f.derivative(out: out[$0], dout: dout[$0]).bitPattern != dpre[$0].bitPattern }
    #expect(mismatches.isEmpty, "\(f): \(mismatches.count) differ")
  }

  @Test("a convolution's fused bias + activation pass keeps pre and output consistent", arguments: Activation.allCases)
  func convolutionOutputIsActivationOfPre(_ f: Activation) throws {
    // 7 output maps of 9×9 on a batch of 3: planes of 81 floats exercise whole vectors and tails.
    let conv = ConvSpec(outChannels: 7, kernel: 3, padding: 1)
    let input = Shape(n: 1, c: 2, h: 9, w: 9)
    let layer = Conv2D(spec: LayerSpec("c", .conv(conv), activation: f), conv: conv, input: input)
    var rng = SplitMix64(seed: 9)
    for p in layer.parameters { for i in 0..<p.count { p.value.pointer[i] = rng.uniform(-1, 1) } }
    let x = Tensor(zeros: input.batch(3))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-3, 3) }
    let out = layer.forward(x, training: false)
    let pre = try #require(layer.preActivation)
    #expect(pre.count == out.count)
    #expect((0..<out.count).allSatisfy { f.apply(pre.pointer[$0]).bitPattern == out.pointer[$0].bitPattern })
  }
}

/// LeNet's sub-sampling sums eight 2×2 blocks at a time in vectors; every sum must be the
/// scalar sum in the same order, so the inspector's arithmetic matches the layer.
@Suite("Sub-sampling kernel")
struct SubsamplingKernelTests {
  /// Widths with 8 outputs a row exactly, with an overlapping last vector (14, as LeNet's S2),
  /// with an odd input width whose last column no block reads (19), and below 8 (S4's 5).
  @Test("sums and pre-activations = the scalar order, bit for bit", arguments: [16, 28, 19, 10])
  func matchesScalarOrder(width: Int) {
    let c = 3, h = width, w = width, n = 19  // 19 images: a group of 16 and a group of 3
    let input = Shape(n: 1, c: c, h: h, w: w)
    let layer = Subsampling(spec: LayerSpec("S", .subsample(window: 2), activation: .scaledTanh), window: 2, input: input)
    var rng = SplitMix64(seed: UInt64(width))
    for p in layer.parameters { for i in 0..<p.count { p.value.pointer[i] = rng.uniform(-1, 1) } }
    let x = Tensor(zeros: input.batch(n))
    // Values of mixed magnitudes, so a different summation order would round differently
    // (uniform draws on a fixed grid often sum exactly in any order).
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-2, 2) / Float(1 + i % 7) }
    let out = layer.forward(x, training: false).array
    let pre = layer.preActivation?.array ?? []
    let oh = h / 2, ow = w / 2
    var expected: [Float] = []
    for s in 0..<n {
      for ch in 0..<c {
        let base = (s * c + ch) * h * w
        let coefficient = layer.coefficient.value.pointer[ch], bias = layer.bias.value.pointer[ch]
        for oy in 0..<oh {
          for ox in 0..<ow {
            let r = base + 2 * oy * w + 2 * ox
            var sum: Float = 0
            sum = (((sum + x.pointer[r]) + x.pointer[r + 1]) + x.pointer[r + w]) + x.pointer[r + w + 1]
            expected.append(coefficient * sum + bias)
          }
        }
      }
    }
    #expect(pre.count == expected.count)
    let wrong = zip(pre, expected).filter { $0.bitPattern != $1.bitPattern }.count
    #expect(wrong == 0, "\(wrong) of \(pre.count) pre-activations differ")
    #expect(out.map(\.bitPattern) == pre.map { Activation.scaledTanh.apply($0).bitPattern })
  }
}

/// Convolutions work through big batches a few images at a time (`Conv2D.imagesPerChunk`):
/// the batch must give what each image gives alone.
@Suite("Convolution in image chunks")
struct ConvolutionChunkTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var label: String
    var conv: ConvSpec
    var input: Shape
    var batch: Int
    var testDescription: String { label }
  }

  static let cases: [Case] = [
    // 25·784 floats of columns per image: chunks of 13 images (1 MB), so 30 = 13 + 13 + 4.
    Case(label: "LeNet C1, batch 30", conv: ConvSpec(outChannels: 6, kernel: 5), input: Shape(n: 1, c: 1, h: 32, w: 32),
         batch: 30),
    // 363·3025 floats per image: chunks of 3 images (16 MB), so 4 = 3 + 1.
    Case(label: "AlexNet conv1, batch 4", conv: ConvSpec(outChannels: 8, kernel: 11, stride: 4),
         input: Shape(n: 1, c: 3, h: 227, w: 227), batch: 4),
  ]

  @Test("forward, weight and input gradients of a batch = those of its images one by one", arguments: cases)
  func batchEqualsImages(_ c: Case) throws {
    func make() -> Conv2D {
      let layer = Conv2D(spec: LayerSpec("c", .conv(c.conv), activation: .tanh), conv: c.conv, input: c.input)
      var rng = SplitMix64(seed: 4)
      for p in layer.parameters { for i in 0..<p.count { p.value.pointer[i] = rng.uniform(-0.1, 0.1) } }
      return layer
    }
    var rng = SplitMix64(seed: 8)
    let x = Tensor(zeros: c.input.batch(c.batch))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-1, 1) }
    let batched = make()
    let out = batched.forward(x, training: true)
    let dout = Tensor(zeros: out.shape)
    for i in 0..<dout.count { dout.pointer[i] = rng.uniform(-1, 1) }
    let dx = try #require(batched.backward(dout, needInputGradient: true))
    let single = make()
    let inPer = c.input.perSample, outPer = out.shape.perSample
    var worst = 0.0
    for s in 0..<c.batch {
      let xs = Tensor(zeros: c.input.batch(1)), ds = Tensor(zeros: out.shape.batch(1))
      xs.pointer.update(from: x.pointer + s * inPer, count: inPer)
      ds.pointer.update(from: dout.pointer + s * outPer, count: outPer)
      let o = single.forward(xs, training: true)
      for i in 0..<outPer { worst = max(worst, Double(abs(o.pointer[i] - out.pointer[s * outPer + i]))) }
      let d = try #require(single.backward(ds, needInputGradient: true))
      for i in 0..<inPer { worst = max(worst, Double(abs(d.pointer[i] - dx.pointer[s * inPer + i]))) }
    }
    #expect(worst < 1e-5, "outputs or input gradients differ by \(worst)")
    // `single` summed its weight gradients image by image; `batched` in chunks.
    for (a, b) in zip(batched.parameters, single.parameters) {
      let scale = (0..<a.count).reduce(Float(1)) { max($0, abs(b.grad.pointer[$1])) }
      let diff = (0..<a.count).reduce(Float(0)) { max($0, abs(a.grad.pointer[$1] - b.grad.pointer[$1])) }
      #expect(diff <= 1e-5 * scale, "\(a.name): gradients differ by \(diff) (largest \(scale))")
    }
  }
}
