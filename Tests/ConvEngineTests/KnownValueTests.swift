import Foundation
import Testing
import TestSupport
@testable import ConvEngine

/// Forward passes on inputs small enough to work out by hand, and the fast math functions
/// against Foundation.
@Suite("Known values")
struct KnownValueTests {
  // MARK: - Helpers

  /// A layer's parameter set to exactly `values`.
  private static func set(_ p: Parameter, _ values: [Float]) {
    precondition(values.count == p.count, "\(p.name): \(values.count) values for \(p.count)")
    p.value.copy(from: Tensor(shape: p.value.shape, values: values))
  }

  /// A convolution with identity activation and the given weights ([out, in/groups, k, k]) and biases.
  private static func conv(_ c: ConvSpec, input: Shape, weights: [Float], bias: [Float]) -> Conv2D {
    let layer = Conv2D(spec: LayerSpec("conv", .conv(c)), conv: c, input: input)
    set(layer.weight, weights)
    set(layer.bias, bias)
    return layer
  }

  private static func expectClose(
    _ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() where abs(Double(a) - e) > tolerance * max(1, abs(e)) {
      Issue.record("\(what)[\(i)] = \(a), expected \(e)", sourceLocation: sourceLocation)
    }
  }

  // MARK: - Convolution

  @Test("3×3 conv on a 1×4×4 input, by hand")
  func conv3x3ByHand() {
    let x = Tensor(shape: Shape(n: 1, c: 1, h: 4, w: 4), values: [
      1, 2, 0, 1,
      0, 1, 3, 2,
      2, 1, 0, 1,
      1, 0, 2, 3,
    ])
    let layer = Self.conv(ConvSpec(outChannels: 1, kernel: 3), input: x.shape, weights: [
      1, 0, -1,
      2, 1, 0,
      0, -1, 1,
    ], bias: [0.5])
    // Cross-correlation (no kernel flip), as every CNN framework does. Top-left output:
    //   window [1 2 0; 0 1 3; 2 1 0] ⊙ kernel [1 0 −1; 2 1 0; 0 −1 1]
    //   = 1·1 + 2·0 + 0·(−1) + 0·2 + 1·1 + 3·0 + 2·0 + 1·(−1) + 0·1 = 1, plus bias 0.5 → 1.5.
    // Likewise top-right 2 − 1 + 2 + 3 + 1 = 7, bottom-left −3 + 4 + 1 + 2 = 4,
    // bottom-right 1 − 2 + 2 − 2 + 3 = 2 (each + 0.5).
    let out = layer.forward(x, training: false)
    #expect(out.shape == Shape(n: 1, c: 1, h: 2, w: 2))
    #expect(out.array == [1.5, 7.5, 4.5, 2.5])
  }

  @Test("the same conv on a batch of two gives each sample its own result")
  func conv3x3Batch() {
    let first: [Float] = [1, 2, 0, 1, 0, 1, 3, 2, 2, 1, 0, 1, 1, 0, 2, 3]
    // Second sample: the first doubled, so its pre-bias outputs double: 2, 14, 8, 4.
    let x = Tensor(shape: Shape(n: 2, c: 1, h: 4, w: 4), values: first + first.map { 2 * $0 })
    let layer = Self.conv(ConvSpec(outChannels: 1, kernel: 3), input: x.shape.batch(1),
                          weights: [1, 0, -1, 2, 1, 0, 0, -1, 1], bias: [0.5])
    #expect(layer.forward(x, training: false).array == [1.5, 7.5, 4.5, 2.5, 2.5, 14.5, 8.5, 4.5])
  }

  @Test("groups 2: the second group's output reads only the second group's input")
  func groupedConv() {
    // Two 3×3 input maps; group 0 = map 0 → output 0, group 1 = map 1 → output 1.
    let map0: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    let map1: [Float] = [1, 0, 1, 0, 1, 0, 1, 0, 1]
    let shape = Shape(n: 1, c: 2, h: 3, w: 3)
    // Weights [2 out, 1 in per group, 2, 2]: output 0 sums its window, output 1 adds the diagonal.
    let layer = Self.conv(ConvSpec(outChannels: 2, kernel: 2, groups: 2), input: shape,
                          weights: [1, 1, 1, 1, /* output 1: */ 1, 0, 0, 1], bias: [0, 0])
    // Output 0, window sums of map 0: 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28.
    // Output 1, diagonals of map 1: 1+1 = 2, 0+0 = 0, 0+0 = 0, 1+1 = 2 — no trace of map 0's 1…9.
    let out = layer.forward(Tensor(shape: shape, values: map0 + map1), training: false).array
    #expect(out == [12, 16, 24, 28, 2, 0, 0, 2])
    // Change map 0 completely: output 1 must not move.
    let changed = layer.forward(Tensor(shape: shape, values: map0.map { -10 * $0 } + map1), training: false).array
    #expect(Array(changed[4..<8]) == [2, 0, 0, 2])
    #expect(Array(changed[0..<4]) == [-120, -160, -240, -280])
  }

  @Test("connection table: an unconnected input map has no effect on an output, a connected one does")
  func connectionTableConv() {
    // Output 0 reads input maps 0 and 2; output 1 reads map 1 only.
    let table = ConnectionTable(outputs: 2, inputs: 3, connected: [
      true, false, true,
      false, true, false,
    ])
    let shape = Shape(n: 1, c: 3, h: 3, w: 3)
    let layer = Conv2D(spec: LayerSpec("C3", .conv(ConvSpec(outChannels: 2, kernel: 2, table: table))),
                       conv: ConvSpec(outChannels: 2, kernel: 2, table: table), input: shape)
    // All weights 1, then the mask zeroes the unconnected kernels, as initialisation and loading do.
    Self.set(layer.weight, [Float](repeating: 1, count: layer.weight.count))
    layer.weight.applyMask()
    Self.set(layer.bias, [0, 0])
    #expect(layer.weight.mask == [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, /* output 1 */ 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0])

    let ones = [Float](repeating: 1, count: 9), twos = [Float](repeating: 2, count: 9)
    let base = layer.forward(Tensor(shape: shape, values: ones + twos + ones), training: false).array
    // Output 0 = 4·1 (map 0) + 4·1 (map 2) = 8 everywhere; output 1 = 4·2 (map 1) = 8.
    #expect(base == [8, 8, 8, 8, 8, 8, 8, 8])
    // Map 1 is not connected to output 0: tripling it changes only output 1.
    let map1Changed = layer.forward(Tensor(shape: shape, values: ones + twos.map { 3 * $0 } + ones), training: false).array
    #expect(Array(map1Changed[0..<4]) == [8, 8, 8, 8])
    #expect(Array(map1Changed[4..<8]) == [24, 24, 24, 24])
    // Map 2 is connected to output 0 and not to output 1.
    let map2Changed = layer.forward(Tensor(shape: shape, values: ones + twos + twos), training: false).array
    #expect(Array(map2Changed[0..<4]) == [12, 12, 12, 12])
    #expect(Array(map2Changed[4..<8]) == [8, 8, 8, 8])
  }

  // MARK: - Pooling

  private static func pool(_ kind: PoolKind, size: Int, stride: Int, input: Shape) -> Pool2D {
    Pool2D(spec: LayerSpec("pool", .pool(kind, size: size, stride: stride)), kind: kind, size: size,
           stride: stride, input: input)
  }

  @Test("max pool 2×2/2 with its argmax, over two channels")
  func maxPool2x2() throws {
    let shape = Shape(n: 1, c: 2, h: 4, w: 4)
    let x = Tensor(shape: shape, values: [
      1, 5, 2, 0,
      3, 4, 8, 7,
      0, 0, 9, 1,
      6, 2, 3, 3.5,
      // Channel 1: a negative map, so the winner is the least negative.
      -1, -2, -5, -6,
      -3, -4, -7, -0.5,
      -9, -8, -1, -2,
      -7, -6, -3, -4,
    ])
    let layer = Self.pool(.max, size: 2, stride: 2, input: shape)
    #expect(layer.forward(x, training: false).array == [5, 8, 6, 9, -1, -0.5, -6, -1])
    // Winners' indices within their own 4×4 plane (row·4 + column).
    #expect(Array(layer.argmax.prefix(8)) == [1, 6, 12, 10, 0, 7, 13, 10])
    // Backward routes each output's gradient to its winner only.
    let dout = Tensor(shape: Shape(n: 1, c: 2, h: 2, w: 2), values: [1, 2, 3, 4, 5, 6, 7, 8])
    let dx = try #require(layer.backward(dout, needInputGradient: true)).array
    var expected = [Float](repeating: 0, count: 32)
    for (o, i) in [1, 6, 12, 10].enumerated() { expected[i] = Float(o + 1) }
    for (o, i) in [0, 7, 13, 10].enumerated() { expected[16 + i] = Float(o + 5) }
    #expect(dx == expected)
  }

  @Test("average pool 2×2/2")
  func averagePool2x2() throws {
    let shape = Shape(n: 1, c: 1, h: 4, w: 4)
    let x = Tensor(shape: shape, values: [
      1, 5, 2, 0,
      3, 4, 8, 7,
      0, 0, 9, 1,
      6, 2, 3, 3,
    ])
    let layer = Self.pool(.average, size: 2, stride: 2, input: shape)
    // (1+5+3+4)/4 = 3.25, (2+0+8+7)/4 = 4.25, (0+0+6+2)/4 = 2, (9+1+3+3)/4 = 4.
    #expect(layer.forward(x, training: false).array == [3.25, 4.25, 2, 4])
    // Each input gets a quarter of its window's gradient.
    let dout = Tensor(shape: Shape(n: 1, c: 1, h: 2, w: 2), values: [4, 8, 12, 16])
    let dx = try #require(layer.backward(dout, needInputGradient: true)).array
    #expect(dx == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
  }

  @Test("overlapping 3×3/2 max pool on a 5×5 input")
  func overlappingMaxPool() throws {
    let shape = Shape(n: 1, c: 1, h: 5, w: 5)
    // 1…25 row by row, except the centre (index 12, shared by all four windows) is 22.5.
    var values = (1...25).map(Float.init)
    values[12] = 22.5
    let layer = Self.pool(.max, size: 3, stride: 2, input: shape)
    let out = layer.forward(Tensor(shape: shape, values: values), training: false)
    // ⌊(5 − 3)/2⌋ + 1 = 2. Windows: rows/cols {0,1,2} or {2,3,4}.
    //   top-left  {1,2,3,6,7,8,11,12,22.5}        → 22.5 at 12
    //   top-right {3,4,5,8,9,10,22.5,14,15}       → 22.5 at 12 (the same input wins twice)
    //   bot-left  {11,12,22.5,16,17,18,21,22,23}  → 23 at 22
    //   bot-right {22.5,14,15,18,19,20,23,24,25}  → 25 at 24
    #expect(out.shape == Shape(n: 1, c: 1, h: 2, w: 2))
    #expect(out.array == [22.5, 22.5, 23, 25])
    #expect(Array(layer.argmax.prefix(4)) == [12, 12, 22, 24])
    // The centre collects both top windows' gradients.
    let dout = Tensor(shape: Shape(n: 1, c: 1, h: 2, w: 2), values: [1, 2, 3, 4])
    let dx = try #require(layer.backward(dout, needInputGradient: true)).array
    var expected = [Float](repeating: 0, count: 25)
    expected[12] = 3
    expected[22] = 3
    expected[24] = 4
    #expect(dx == expected)
  }

  @Test("adaptive average pool 5×7 → 3×3 uses PyTorch's windows")
  func adaptiveAveragePool() {
    let shape = Shape(n: 1, c: 1, h: 5, w: 7)
    let values = (0..<35).map(Float.init)  // value = row·7 + column
    let layer = AdaptiveAvgPool(spec: LayerSpec("avgpool", .adaptiveAvgPool(outH: 3, outW: 3)), outH: 3, outW: 3, input: shape)
    let out = layer.forward(Tensor(shape: shape, values: values), training: false).array
    // Rows [⌊i·5/3⌋, ⌈(i+1)·5/3⌉) = [0,2), [1,4), [3,5); columns likewise [0,3), [2,5), [4,7).
    // On a linear ramp the mean is the value at the window's centre: 7·r̄ + c̄.
    let rowCentres = [0.5, 2.0, 3.5], colCentres = [1.0, 3.0, 5.0]
    let expected = rowCentres.flatMap { r in colCentres.map { c in 7 * r + c } }
    Self.expectClose(out, expected, "adaptive pool")
  }

  // MARK: - Local response normalisation

  /// b = a / (k + α Σ a²)^β over channels max(0, i−n/2)…min(C−1, i+n/2), in Double.
  private static func lrnReference(_ a: [Float], n: Int, c: Int, plane: Int, size: Int,
                                   alpha: Double, beta: Double, k: Double) -> [Double] {
    var b = [Double](repeating: 0, count: a.count)
    for s in 0..<n {
      for i in 0..<c {
        for p in 0..<plane {
          var sumSquares = 0.0
          for j in max(0, i - size / 2)...min(c - 1, i + size / 2) {
            let v = Double(a[(s * c + j) * plane + p])
            sumSquares += v * v
          }
          let index = (s * c + i) * plane + p
          b[index] = Double(a[index]) / pow(k + alpha * sumSquares, beta)
        }
      }
    }
    return b
  }

  @Test("LRN matches b = a/(k + α Σ a²)^β on a 7-channel input", arguments: [Float(0.75), 0.6])
  func lrnFormula(_ beta: Float) {
    let shape = Shape(n: 2, c: 7, h: 1, w: 2)
    let x = TestTensors.random(shape, seed: 201, in: -3...3)
    // α = 0.1 (not the paper's 1e-4) so the sum of squares really changes the result.
    let layer = LocalResponseNorm(spec: LayerSpec("LRN", .lrn(size: 5, alpha: 0.1, beta: beta, k: 2)),
                                  size: 5, alpha: 0.1, beta: beta, k: 2, input: shape.batch(1))
    let out = layer.forward(x, training: false).array
    let expected = Self.lrnReference(x.array, n: 2, c: 7, plane: 2, size: 5, alpha: 0.1, beta: Double(beta), k: 2)
    Self.expectClose(out, expected, "LRN β=\(beta)")
    // And it differs from the α = 0 answer a/k^β by more than rounding.
    let plain = x.array.map { Double($0) / pow(2, Double(beta)) }
    #expect(zip(out, plain).contains { abs(Double($0) - $1) > 0.05 })
  }

  @Test("LRN window clipping: channel 0 with n = 5 sums channels 0, 1, 2 only")
  func lrnWindows() {
    let layer = LocalResponseNorm(spec: LayerSpec("LRN", .lrn(size: 5, alpha: 1e-4, beta: 0.75, k: 2)),
                                  size: 5, alpha: 1e-4, beta: 0.75, k: 2, input: Shape(n: 1, c: 7, h: 1, w: 1))
    #expect(layer.window(of: 0) == 0...2)
    #expect(layer.window(of: 3) == 1...5)
    #expect(layer.window(of: 6) == 4...6)
    // One channel, value 10: b = 10/(2 + 1e-4·100)^0.75 = 10/2.01^0.75.
    let one = LocalResponseNorm(spec: layer.spec, size: 5, alpha: 1e-4, beta: 0.75, k: 2, input: Shape(n: 1, c: 1, h: 1, w: 1))
    let b = one.forward(Tensor(shape: Shape(n: 1, c: 1, h: 1, w: 1), values: [10]), training: false).array[0]
    #expect(abs(Double(b) - 10 / pow(2.01, 0.75)) < 1e-5)
  }

  // MARK: - LeNet-5 layers

  @Test("RBF output: y_i = Σ_j (x_j − w_ij)² against the prototypes")
  func rbfOutput() {
    let layer = RBFOutput(spec: LayerSpec("output", .rbf(classes: 10)), classes: 10, input: Shape(n: 1, c: 84, h: 1, w: 1))
    let w = Prototypes.vectors(classes: 10)
    #expect(layer.prototypes.value.array == w)
    // Sample 0 is prototype 3 itself: y_3 = 0 and y_i = 4 × (pixels where i and 3 differ),
    // since each differing ±1 pixel contributes (±2)² = 4.
    // Sample 1 is random: compare with the sum in Double.
    var rng = SplitMix64(seed: 301)
    let random = (0..<84).map { _ in rng.uniform(-1.5, 1.5) }
    let x = Tensor(shape: Shape(n: 2, c: 84, h: 1, w: 1), values: Array(w[(3 * 84)..<(4 * 84)]) + random)
    let y = layer.forward(x, training: false).array
    for i in 0..<10 {
      let differing = (0..<84).filter { w[i * 84 + $0] != w[3 * 84 + $0] }.count
      #expect(y[i] == Float(4 * differing), "class \(i)")
    }
    #expect(y[3] == 0)
    let expected = (0..<10).map { i in (0..<84).reduce(0.0) { $0 + pow(Double(random[$1] - w[i * 84 + $1]), 2) } }
    Self.expectClose(Array(y[10..<20]), expected, "random sample")
  }

  @Test("Subsampling = f(coefficient × block sum + bias), per map")
  func subsampling() throws {
    let shape = Shape(n: 1, c: 2, h: 4, w: 4)
    let layer = Subsampling(spec: LayerSpec("S2", .subsample(window: 2), activation: .scaledTanh), window: 2, input: shape)
    Self.set(layer.coefficient, [0.1, -0.5])
    Self.set(layer.bias, [0.2, 0.25])
    let x = Tensor(shape: shape, values: [
      1, 2, 0, 1,
      3, 4, 1, 1,
      0, 0, 2, 2,
      1, 1, 2, 0,
    ] + [Float](repeating: 0.5, count: 16))
    // Map 0 block sums: 1+2+3+4 = 10, 0+1+1+1 = 3, 0+0+1+1 = 2, 2+2+2+0 = 6,
    //   so pre = 0.1·sum + 0.2 = 1.2, 0.5, 0.4, 0.8.
    // Map 1 blocks all sum to 2: pre = −0.5·2 + 0.25 = −0.75.
    let pre: [Double] = [1.2, 0.5, 0.4, 0.8, -0.75, -0.75, -0.75, -0.75]
    let out = layer.forward(x, training: false).array
    Self.expectClose(try #require(layer.preActivation).array, pre, "pre-activation")
    Self.expectClose(out, pre.map { 1.7159 * Foundation.tanh(2.0 / 3.0 * $0) }, tolerance: 2e-6, "output")
  }

  // MARK: - Fast math and activations

  @Test("FastMath.tanh within 1e-6 of Foundation over [−20, 20]")
  func fastTanh() {
    var worst = (x: Float(0), error: 0.0)
    for i in -200_000...200_000 {
      let x = Float(i) * 1e-4
      let error = abs(Double(FastMath.tanh(x)) - Foundation.tanh(Double(x)))
      if error > worst.error { worst = (x, error) }
    }
    #expect(worst.error < 1e-6, "max |error| \(worst.error) at x = \(worst.x)")
  }

  @Test("FastMath.exp within 1e-6 relative of Foundation over [−80, 80]")
  func fastExp() {
    var worst = (x: Float(0), error: 0.0)
    for i in -80_000...80_000 {
      let x = Float(i) * 1e-3
      let exact = Foundation.exp(Double(x))
      let error = abs(Double(FastMath.exp(x)) - exact) / exact
      if error > worst.error { worst = (x, error) }
    }
    #expect(worst.error < 1e-6, "max relative error \(worst.error) at x = \(worst.x)")
  }

  @Test("FastMath.sigmoid within 1e-6 of 1/(1 + e^−x) over [−20, 20]")
  func fastSigmoid() {
    var worst = (x: Float(0), error: 0.0)
    for i in -20_000...20_000 {
      let x = Float(i) * 1e-3
      let error = abs(Double(FastMath.sigmoid(x)) - 1 / (1 + Foundation.exp(-Double(x))))
      if error > worst.error { worst = (x, error) }
    }
    #expect(worst.error < 1e-6, "max |error| \(worst.error) at x = \(worst.x)")
  }

  @Test("LeCun's scaled tanh: f(±1) = ±1 (1.7159·tanh(2/3) = 0.99999)")
  func scaledTanhAtOne() {
    let f = Activation.scaledTanh
    #expect(abs(f.apply(1) - 0.99999) < 1e-4)
    #expect(abs(f.apply(-1) + 0.99999) < 1e-4)
    #expect(f.apply(0) == 0)
    // Asymptote A = 1.7159.
    #expect(abs(f.apply(30) - 1.7159) < 1e-5)
  }

  @Test("Activation.forward agrees with apply, and backward with the derivative", arguments: Activation.allCases)
  func activationForwardBackward(_ f: Activation) {
    // Points away from ReLU's kink at 0.
    let pre: [Float] = [-3, -1.2, -0.4, 0.3, 0.9, 2.5]
    var out = [Float](repeating: 0, count: pre.count)
    var dpre = [Float](repeating: 0, count: pre.count)
    let dout: [Float] = [1, -2, 0.5, 3, -1, 2]
    pre.withUnsafeBufferPointer { p in
      out.withUnsafeMutableBufferPointer { f.forward(p.baseAddress!, $0.baseAddress!, count: pre.count) }
    }
    #expect(zip(pre, out).allSatisfy { f.apply($0) == $1 })
    out.withUnsafeBufferPointer { o in
      dout.withUnsafeBufferPointer { d in
        dpre.withUnsafeMutableBufferPointer { f.backward(out: o.baseAddress!, dout: d.baseAddress!, dpre: $0.baseAddress!, count: pre.count) }
      }
    }
    for i in pre.indices {
      let a = Double(pre[i]), h = 1e-4
      let derivative: Double
      switch f {
      case .identity: derivative = 1
      case .relu: derivative = a > 0 ? 1 : 0
      case .tanh: derivative = (Foundation.tanh(a + h) - Foundation.tanh(a - h)) / (2 * h)
      case .scaledTanh: derivative = 1.7159 * (Foundation.tanh(2 * (a + h) / 3) - Foundation.tanh(2 * (a - h) / 3)) / (2 * h)
      case .sigmoid: derivative = (1 / (1 + exp(-(a + h))) - 1 / (1 + exp(-(a - h)))) / (2 * h)
      }
      #expect(abs(Double(dpre[i]) - Double(dout[i]) * derivative) < 1e-5, "\(f) at \(a)")
    }
  }
}
