import ConvEngine
import Foundation
import Testing
import TestSupport

/// Local response normalisation runs as a C kernel 16 positions at a time (`ck_lrn_forward`,
/// `ck_lrn_backward`). These tests hold it to a plain scalar loop in the same operation order,
/// bit for bit, on planes of 35 values: two whole vectors and a tail of three.
@Suite("LRN kernel")
struct LRNKernelTests {
  static let shape = Shape(n: 2, c: 7, h: 5, w: 7)

  /// s^−β as the layer documents it: 1/(√s·√√s) for β = 0.75, else powf.
  static func powNegBeta(_ s: Float, _ beta: Float) -> Float {
    if beta == 0.75 { let r = s.squareRoot(); return 1 / (r * r.squareRoot()) }
    return powf(s, -beta)
  }

  /// (scale, out) of the forward pass and dx of the backward pass, one value at a time.
  static func reference(_ layer: LocalResponseNorm, x: [Float], dout: [Float]) -> (scale: [Float], out: [Float], dx: [Float]) {
    let c = shape.c, hw = shape.plane
    var scale = [Float](repeating: 0, count: x.count), out = scale, t = scale, dx = scale
    for s in 0..<shape.n {
      for i in 0..<c {
        for p in 0..<hw {
          var sum: Float = 0
          for j in layer.window(of: i) { let a = x[(s * c + j) * hw + p]; sum += a * a }
          let q = (s * c + i) * hw + p
          scale[q] = layer.k + layer.alpha * sum
          out[q] = x[q] * powNegBeta(scale[q], layer.beta)
          t[q] = dout[q] * out[q] / scale[q]
        }
      }
    }
    let coef = 2 * layer.alpha * layer.beta
    for s in 0..<shape.n {
      for i in 0..<c {
        for p in 0..<hw {
          let q = (s * c + i) * hw + p
          var d = dout[q] * powNegBeta(scale[q], layer.beta)
          for j in layer.window(of: i) { d -= coef * x[q] * t[(s * c + j) * hw + p] }
          dx[q] = d
        }
      }
    }
    return (scale, out, dx)
  }

  @Test("forward, its saved bases and backward = the scalar loop, bit for bit, on 1 and 2 threads",
        arguments: [Float(0.75), 0.6])
  func matchesScalarLoop(_ beta: Float) throws {
    for threads in [1, 2] {
      // α large enough that the neighbours change every value.
      let layer = LocalResponseNorm(spec: LayerSpec("LRN", .lrn(size: 5, alpha: 0.1, beta: beta, k: 2)),
                                    size: 5, alpha: 0.1, beta: beta, k: 2, input: Self.shape.batch(1))
      layer.threads = threads
      let x = TestTensors.random(Self.shape, seed: 12, in: -3...3)
      let dout = TestTensors.random(Self.shape, seed: 13)
      let out = layer.forward(x, training: true).array
      let scale = try #require(layer.lastScale).array
      let dx = try #require(layer.backward(dout, needInputGradient: true)).array
      let expected = Self.reference(layer, x: x.array, dout: dout.array)
      func differing(_ a: [Float], _ b: [Float]) -> Int { zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count }
      #expect(differing(scale, expected.scale) == 0, "bases, \(threads) threads")
      #expect(differing(out, expected.out) == 0, "outputs, \(threads) threads")
      #expect(differing(dx, expected.dx) == 0, "input gradients, \(threads) threads")
      // The cross-channel term is really there: without it, out would be a·k^−β.
      #expect(zip(out, x.array).contains { abs($0 - $1 * Self.powNegBeta(2, beta)) > 0.01 })
    }
  }
}
