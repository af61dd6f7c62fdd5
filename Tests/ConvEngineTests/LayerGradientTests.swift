import Foundation
import Testing
import TestSupport
@testable import ConvEngine

/// Every layer's `backward` against central differences (TestSupport's `checkLayerGradients`),
/// the two losses against their own mean loss, and both LeNet-5 networks end to end.
@Suite("Layer gradients")
struct LayerGradientTests {
  // MARK: - Helpers

  /// A conv layer with weights and biases uniform in ±1.7/√fan-in, so pre-activations are
  /// O(1) for O(1) inputs: large enough to exercise the nonlinearity, not enough to saturate it.
  private static func makeConv(_ conv: ConvSpec, input: Shape, activation: Activation, seed: UInt64 = 3) -> Conv2D {
    let layer = Conv2D(spec: LayerSpec("conv", .conv(conv), activation: activation), conv: conv, input: input)
    let fanIn = input.c / conv.groups * conv.kernel * conv.kernel
    TestTensors.randomizeParameters(of: layer, seed: seed, scale: 1.7 / Float(fanIn).squareRoot())
    return layer
  }

  /// A fully connected layer scaled like `makeConv`.
  private static func makeFC(outputs: Int, input: Shape, activation: Activation, seed: UInt64 = 4) -> FullyConnected {
    let layer = FullyConnected(spec: LayerSpec("fc", .fc(outputs: outputs), activation: activation),
                               outputs: outputs, input: input)
    TestTensors.randomizeParameters(of: layer, seed: seed, scale: 1.7 / Float(input.perSample).squareRoot())
    return layer
  }

  /// Expects a passing report that actually compared the input and every parameter, with
  /// at most `maxSkippedFraction` of the probes left out at kinks.
  private static func expectPassed(
    _ report: GradientCheckReport, parameters: [Parameter], maxSkippedFraction: Double = 0.1,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    #expect((report.compared["input"] ?? 0) > 0, "input gradient never compared", sourceLocation: sourceLocation)
    for p in parameters {
      #expect((report.compared[p.name] ?? 0) > 0, "\(p.name) never compared", sourceLocation: sourceLocation)
    }
    let total = Double(report.totalCompared + report.skipped)
    #expect(Double(report.skipped) <= maxSkippedFraction * total,
            "too many probes skipped at kinks: \(report.skipped) of \(Int(total))", sourceLocation: sourceLocation)
  }

  // MARK: - Conv2D

  /// One convolution configuration to check.
  struct ConvCase: Sendable, CustomTestStringConvertible {
    var label: String
    var conv: ConvSpec
    var input: Shape
    var activation: Activation
    var batch = 2
    var testDescription: String { label }
  }

  static let convCases: [ConvCase] = [
    ConvCase(label: "plain 3→4, 3×3 on 6×6", conv: ConvSpec(outChannels: 4, kernel: 3),
             input: Shape(n: 1, c: 3, h: 6, w: 6), activation: .tanh),
    ConvCase(label: "stride 2, padding 1", conv: ConvSpec(outChannels: 4, kernel: 3, stride: 2, padding: 1),
             input: Shape(n: 1, c: 3, h: 7, w: 7), activation: .identity),
    ConvCase(label: "groups 2", conv: ConvSpec(outChannels: 6, kernel: 3, groups: 2),
             input: Shape(n: 1, c: 4, h: 6, w: 6), activation: .tanh),
    ConvCase(label: "groups 2, stride 2, padding 2",
             conv: ConvSpec(outChannels: 4, kernel: 3, stride: 2, padding: 2, groups: 2),
             input: Shape(n: 1, c: 4, h: 5, w: 5), activation: .identity),
    // C3 exactly: 6×14×14 → 16×10×10 through Table I.
    ConvCase(label: "LeNet C3 connection table", conv: ConvSpec(outChannels: 16, kernel: 5, table: .leNet5C3),
             input: Shape(n: 1, c: 6, h: 14, w: 14), activation: .scaledTanh),
    // C5: the kernel covers the whole input, so the layer takes its matrix-product path.
    ConvCase(label: "whole input (C5-like 5×5 on 16×5×5)", conv: ConvSpec(outChannels: 12, kernel: 5),
             input: Shape(n: 1, c: 16, h: 5, w: 5), activation: .scaledTanh, batch: 3),
    // AlexNet conv1's geometry on a small input: (23 − 11)/4 + 1 = 4.
    ConvCase(label: "kernel 11 stride 4 on 3×23×23", conv: ConvSpec(outChannels: 4, kernel: 11, stride: 4),
             input: Shape(n: 1, c: 3, h: 23, w: 23), activation: .identity),
  ]

  @Test("Conv2D backward matches central differences", arguments: convCases)
  func convGradients(_ c: ConvCase) {
    let layer = Self.makeConv(c.conv, input: c.input, activation: c.activation)
    let report = checkLayerGradients(layer: layer, inputShape: c.input, batch: c.batch, seed: 11)
    Self.expectPassed(report, parameters: layer.parameters)
  }

  @Test("Conv2D with a fused activation", arguments: Activation.allCases)
  func convActivation(_ activation: Activation) {
    let input = Shape(n: 1, c: 2, h: 5, w: 5)
    let layer = Self.makeConv(ConvSpec(outChannels: 3, kernel: 3), input: input, activation: activation)
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 21)
    Self.expectPassed(report, parameters: layer.parameters)
  }

  @Test("the C3 table's unconnected kernels get zero gradient and stay out of the check")
  func convTableMask() throws {
    let layer = Self.makeConv(ConvSpec(outChannels: 16, kernel: 5, table: .leNet5C3),
                              input: Shape(n: 1, c: 6, h: 14, w: 14), activation: .scaledTanh)
    let mask = try #require(layer.weight.mask)
    // 60 connected kernels of 25 weights out of 96.
    #expect(mask.filter { $0 != 0 }.count == 60 * 25)
    let x = TestTensors.random(Shape(n: 2, c: 6, h: 14, w: 14), seed: 5)
    layer.weight.grad.zero()
    _ = layer.forward(x, training: true)
    _ = layer.backward(TestTensors.random(Shape(n: 2, c: 16, h: 10, w: 10), seed: 6), needInputGradient: true)
    let g = layer.weight.grad.array
    #expect(mask.indices.allSatisfy { mask[$0] != 0 || g[$0] == 0 })
    #expect(mask.indices.contains { mask[$0] != 0 && g[$0] != 0 })
  }

  // MARK: - FullyConnected

  @Test("FullyConnected with a fused activation", arguments: Activation.allCases)
  func fcActivation(_ activation: Activation) {
    // A 3×2×2 input: the layer flattens NCHW itself.
    let layer = Self.makeFC(outputs: 5, input: Shape(n: 1, c: 3, h: 2, w: 2), activation: activation)
    let report = checkLayerGradients(layer: layer, batch: 3, seed: 31)
    Self.expectPassed(report, parameters: layer.parameters)
  }

  // MARK: - Pooling

  /// One pooling configuration.
  struct PoolCase: Sendable, CustomTestStringConvertible {
    var kind: PoolKind
    var size: Int
    var stride: Int
    var input: Shape
    var testDescription: String { "\(kind) \(size)×\(size)/\(stride) on \(input.sampleDescription)" }
  }

  static let poolCases: [PoolCase] = [
    PoolCase(kind: .max, size: 2, stride: 2, input: Shape(n: 1, c: 3, h: 6, w: 6)),
    PoolCase(kind: .average, size: 2, stride: 2, input: Shape(n: 1, c: 3, h: 6, w: 6)),
    // Odd size: the last row and column are in no window and must get zero gradient.
    PoolCase(kind: .max, size: 2, stride: 2, input: Shape(n: 1, c: 2, h: 7, w: 7)),
    PoolCase(kind: .max, size: 3, stride: 2, input: Shape(n: 1, c: 3, h: 7, w: 7)),
    PoolCase(kind: .average, size: 3, stride: 2, input: Shape(n: 1, c: 3, h: 7, w: 7)),
  ]

  @Test("Pool2D backward matches central differences", arguments: poolCases)
  func poolGradients(_ c: PoolCase) {
    let spec = LayerSpec("pool", .pool(c.kind, size: c.size, stride: c.stride))
    let layer = Pool2D(spec: spec, kind: c.kind, size: c.size, stride: c.stride, input: c.input)
    // Values 0.02 apart: a ±1e-3 nudge never changes a max-pool winner.
    let x = TestTensors.distinct(c.input.batch(2), seed: 41, spacing: 0.02)
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 41, input: x)
    Self.expectPassed(report, parameters: [], maxSkippedFraction: 0)
  }

  @Test("AdaptiveAvgPool 5×7 → 3×3 (overlapping windows)")
  func adaptiveAvgPoolGradients() {
    let input = Shape(n: 1, c: 2, h: 5, w: 7)
    let layer = AdaptiveAvgPool(spec: LayerSpec("avgpool", .adaptiveAvgPool(outH: 3, outW: 3)),
                                outH: 3, outW: 3, input: input)
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 51)
    Self.expectPassed(report, parameters: [])
  }

  // MARK: - LeNet-5 sub-sampling

  @Test("Subsampling: coefficient × block sum + bias, then squashed",
        arguments: [Activation.scaledTanh, .identity, .sigmoid])
  func subsamplingGradients(_ activation: Activation) {
    let input = Shape(n: 1, c: 3, h: 6, w: 6)
    let layer = Subsampling(spec: LayerSpec("S2", .subsample(window: 2), activation: activation), window: 2, input: input)
    TestTensors.randomizeParameters(of: layer, seed: 61, scale: 0.8)
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 62)
    Self.expectPassed(report, parameters: layer.parameters)
  }

  // MARK: - Local response normalisation

  /// One LRN configuration; `matters` says the α·Σa² term must visibly move the denominator.
  struct LRNCase: Sendable, CustomTestStringConvertible {
    var size: Int
    var alpha: Float
    var beta: Float
    var k: Float
    var range: Float
    var matters: Bool
    var testDescription: String { "n=\(size) α=\(alpha) β=\(beta) k=\(k), inputs ±\(range)" }
  }

  static let lrnCases: [LRNCase] = [
    // The paper's constants on O(1) inputs: the normalisation is nearly the constant k^−β.
    LRNCase(size: 5, alpha: 1e-4, beta: 0.75, k: 2, range: 1, matters: false),
    // The paper's constants on large activations (ReLU outputs can be ≫ 1): α·Σa² ≈ 1e-4·5·300.
    LRNCase(size: 5, alpha: 1e-4, beta: 0.75, k: 2, range: 30, matters: true),
    LRNCase(size: 5, alpha: 0.1, beta: 0.75, k: 2, range: 2, matters: true),
    // β ≠ 0.75 leaves the fast square-root path for powf.
    LRNCase(size: 5, alpha: 0.1, beta: 0.5, k: 2, range: 2, matters: true),
    LRNCase(size: 3, alpha: 0.2, beta: 1.3, k: 1, range: 1.5, matters: true),
  ]

  @Test("LocalResponseNorm backward matches central differences", arguments: lrnCases)
  func lrnGradients(_ c: LRNCase) throws {
    // 7 channels, so windows are clipped at both ends and whole in the middle; planes of 20
    // values go through the kernel's 16-wide loop and its tail.
    let input = Shape(n: 1, c: 7, h: 4, w: 5)
    let layer = LocalResponseNorm(spec: LayerSpec("LRN", .lrn(size: c.size, alpha: c.alpha, beta: c.beta, k: c.k)),
                                  size: c.size, alpha: c.alpha, beta: c.beta, k: c.k, input: input)
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 71, inputRange: -c.range...c.range)
    Self.expectPassed(report, parameters: [])
    if c.matters {
      // Otherwise the check would pass for a layer that ignores the cross-channel term.
      let scale = try #require(layer.lastScale)
      let largest = scale.array.max() ?? c.k
      #expect(largest > c.k * 1.05, "normalisation term too small to test: max s = \(largest)")
    }
  }

  // MARK: - Shape-only and output layers

  @Test("Flatten passes gradients through unchanged")
  func flattenGradients() {
    let layer = Flatten(spec: LayerSpec("flatten", .flatten), input: Shape(n: 1, c: 3, h: 2, w: 2))
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 81)
    Self.expectPassed(report, parameters: [])
  }

  @Test("RBFOutput input gradient; its prototypes are not trainable")
  func rbfGradients() {
    let layer = RBFOutput(spec: LayerSpec("output", .rbf(classes: 10)), classes: 10, input: Shape(n: 1, c: 84, h: 1, w: 1))
    #expect(layer.parameters.isEmpty)
    #expect(layer.fixedParameters.map(\.name) == ["output.prototypes"])
    // y is quadratic in x, so central differences are exact at any step; a large one keeps the
    // Float rounding of penalties y ≈ 100 (ulp 7.6e-6) small beside the change it measures.
    let report = checkLayerGradients(layer: layer, batch: 2, seed: 91, eps: 0.05)
    Self.expectPassed(report, parameters: [])
  }

  // MARK: - Dropout

  @Test("Dropout in training: backward is dout × the mask that forward applied")
  func dropoutTraining() throws {
    let shape = Shape(n: 2, c: 3, h: 6, w: 6)
    let layer = Dropout(spec: LayerSpec("drop", .dropout(p: 0.5)), p: 0.5, input: shape.batch(1), seed: 7)
    // Inputs in ±[0.5, 1.5]: never zero, so the mask is readable as out/x.
    var rng = SplitMix64(seed: 8)
    let x = Tensor(shape: shape, values: (0..<shape.count).map { _ in
      let m = rng.uniform(0.5, 1.5)
      return rng.nextUnitFloat() < 0.5 ? -m : m
    })
    let out = layer.forward(x, training: true).array
    let mask = zip(out, x.array).map { $0 / $1 }
    // Inverted dropout: a value is dropped (0) or kept and scaled by 1/(1 − p) = 2.
    #expect(mask.allSatisfy { $0 == 0 || abs($0 - 2) < 1e-6 }, "mask values: \(Set(mask))")
    let dropped = mask.filter { $0 == 0 }.count
    #expect(dropped > shape.count / 4 && dropped < shape.count * 3 / 4, "dropped \(dropped) of \(shape.count)")

    let dout = TestTensors.random(shape, seed: 9)
    let dx = try #require(layer.backward(dout, needInputGradient: true)).array
    let expected = zip(dout.array, mask).map { $0 * $1 }
    #expect(zip(dx, expected).allSatisfy { abs($0 - $1) <= 1e-6 })
  }

  @Test("Dropout at inference (or with p = 0) is the identity both ways")
  func dropoutInference() throws {
    let shape = Shape(n: 2, c: 4, h: 3, w: 3)
    let x = TestTensors.random(shape, seed: 10)
    let dout = TestTensors.random(shape, seed: 11)
    for (p, training) in [(Float(0.5), false), (Float(0), true)] {
      let layer = Dropout(spec: LayerSpec("drop", .dropout(p: p)), p: p, input: shape.batch(1), seed: 7)
      #expect(layer.forward(x, training: training).array == x.array)
      let dx = try #require(layer.backward(dout, needInputGradient: true))
      #expect(dx.array == dout.array)
    }
  }

  // MARK: - Losses

  /// d(lossSum/total)/d(score) by central differences, for each score of a batch.
  private static func numericLossGradient(
    _ scores: Tensor, total: Int, loss: (Tensor) -> LossResult
  ) -> [Double] {
    let eps: Float = 1e-3
    return (0..<scores.count).map { i in
      let original = scores.pointer[i]
      scores.pointer[i] = original + eps
      let up = scores.pointer[i]
      let plus = loss(scores).lossSum
      scores.pointer[i] = original - eps
      let down = scores.pointer[i]
      let minus = loss(scores).lossSum
      scores.pointer[i] = original
      return (plus - minus) / Double(total) / (Double(up) - Double(down))
    }
  }

  /// A batch for a loss check: `n` samples, divided by `total` (the whole batch, or a shard
  /// of a larger batch: data-parallel replicas divide by the global batch size).
  struct LossCase: Sendable, CustomTestStringConvertible {
    var n: Int
    var total: Int
    /// Range of the scores (logits or penalties).
    var range: ClosedRange<Float>
    /// The MAP criterion's constant j (unused for softmax).
    var j: Float = 1
    var testDescription: String { "n=\(n) total=\(total) scores in \(range) j=\(j)" }
  }

  static let softmaxCases: [LossCase] = [
    LossCase(n: 3, total: 3, range: -3...3),
    LossCase(n: 3, total: 8, range: -3...3),
  ]

  @Test("softmax cross-entropy gradient is d(mean loss)/d(logits)", arguments: softmaxCases)
  func softmaxCrossEntropyGradient(_ c: LossCase) {
    let logits = TestTensors.random(Shape(n: c.n, c: 5, h: 1, w: 1), seed: 101, in: c.range)
    let labels: [Int32] = [1, 4, 0]
    let dlogits = Tensor(zeros: logits.shape)
    let result = labels.withUnsafeBufferPointer {
      Loss.softmaxCrossEntropy(logits: logits, labels: $0, total: c.total, dlogits: dlogits)
    }
    let numeric = labels.withUnsafeBufferPointer { lb in
      Self.numericLossGradient(logits, total: c.total) {
        Loss.softmaxCrossEntropy(logits: $0, labels: lb, total: c.total, dlogits: nil)
      }
    }
    for (i, (a, num)) in zip(dlogits.array, numeric).enumerated() {
      #expect(GradientCheck.agrees(Double(a), num), "dlogits[\(i)]: analytic \(a) vs numeric \(num)")
    }
    // Independent value: Σ over the batch of −log softmax(z)_y, in Double.
    var expected = 0.0
    for s in 0..<c.n {
      let z = (0..<5).map { Double(logits.pointer[s * 5 + $0]) }
      expected += log(z.map { exp($0) }.reduce(0, +)) - z[Int(labels[s])]
    }
    #expect(abs(result.lossSum - expected) < 1e-4, "loss \(result.lossSum) vs \(expected)")
  }

  static let rbfMAPCases: [LossCase] = [
    LossCase(n: 3, total: 3, range: 0...6),
    LossCase(n: 3, total: 8, range: 0...6),
    // Penalties far above j, as an untrained RBF layer gives: the stable log-sum-exp path.
    LossCase(n: 3, total: 3, range: 40...90),
    LossCase(n: 3, total: 3, range: 0...3, j: 5),
  ]

  @Test("RBF MAP criterion gradient is d(mean loss)/d(penalties)", arguments: rbfMAPCases)
  func rbfMAPGradient(_ c: LossCase) {
    let penalties = TestTensors.random(Shape(n: c.n, c: 10, h: 1, w: 1), seed: 111, in: c.range)
    let labels: [Int32] = [2, 9, 5]
    let d = Tensor(zeros: penalties.shape)
    let result = labels.withUnsafeBufferPointer {
      Loss.rbfMAP(penalties: penalties, labels: $0, j: c.j, total: c.total, dpenalties: d)
    }
    let numeric = labels.withUnsafeBufferPointer { lb in
      Self.numericLossGradient(penalties, total: c.total) {
        Loss.rbfMAP(penalties: $0, labels: lb, j: c.j, total: c.total, dpenalties: nil)
      }
    }
    for (i, (a, num)) in zip(d.array, numeric).enumerated() {
      #expect(GradientCheck.agrees(Double(a), num), "dpenalties[\(i)]: analytic \(a) vs numeric \(num)")
    }
    // Independent value of Eq. 9, E = y_D + log(e^−j + Σ e^−y_i), in Double.
    var expected = 0.0
    for s in 0..<c.n {
      let y = (0..<10).map { Double(penalties.pointer[s * 10 + $0]) }
      let m = min(Double(c.j), y.min()!)
      let z = exp(-(Double(c.j) - m)) + y.map { exp(-($0 - m)) }.reduce(0, +)
      expected += y[Int(labels[s])] - m + log(z)
    }
    #expect(abs(result.lossSum - expected) < 1e-4 * max(1, abs(expected)), "loss \(result.lossSum) vs \(expected)")
  }

  // MARK: - Whole networks

  /// A model and the finite-difference step its loss can resolve.
  struct NetworkCase: Sendable, CustomTestStringConvertible {
    var model: String
    var eps: Float
    var testDescription: String { "\(model), eps \(eps)" }
  }

  static let networkCases: [NetworkCase] = [
    // The classic loss is built from RBF penalties y ≈ 80 held in Float (ulp 7.6e-6): with a
    // 1e-3 step the numeric gradient moves in quanta of ~2e-3, as large as the tolerance.
    // Its units are all smooth (scaled tanh), so a larger step costs little truncation error.
    NetworkCase(model: "lenet5", eps: 1e-2),
    // Softmax logits are O(1), so the usual step works; ReLU/max-pool kinks are stepped around.
    NetworkCase(model: "lenet5-modern", eps: 1e-3),
  ]

  @Test("Network.forward/backward parameter gradients for both LeNet-5 models", arguments: networkCases)
  func networkGradients(_ c: NetworkCase) throws {
    let spec = try ModelCatalog.spec(named: c.model)
    let network = try Network(spec: spec)
    // He-scaled weights even for the classic net: under its own small LeCun init the deep
    // layers' gradients (F6.weight ≈ 4e-3) would sit inside the 2e-3 absolute tolerance.
    network.initialize(seed: 5, scheme: .he)
    let x = TestTensors.random(spec.input.batch(2), seed: 6, in: -0.1...1.175)
    let report = checkNetworkGradients(network: network, input: x, labels: [3, 7], entriesPerParameter: 4,
                                       seed: 7, eps: c.eps)
    #expect(report.passed, "\(report)")
    for p in network.parameters {
      #expect((report.compared[p.name] ?? 0) >= 3, "\(p.name): \(report.compared[p.name] ?? 0) entries compared")
      // Not vacuous: each parameter's largest compared gradient dwarfs the absolute tolerance.
      #expect((report.largestAnalytic[p.name] ?? 0) > 0.05, "\(p.name): gradients too small to test")
    }
  }
}
