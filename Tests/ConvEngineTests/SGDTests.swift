import ConvEngine
import Testing

/// SGD's update runs as a C loop split across threads (`ck_sgd_step`); resumed runs must repeat
/// their steps bit for bit, so it has to be the documented rule exactly, however it is split.
@Suite("SGD step")
struct SGDTests {
  /// A parameter of `count` values with seeded weights and gradients.
  static func parameter(_ name: String, count: Int, decays: Bool, seed: UInt64) -> Parameter {
    let p = Parameter(name: name, dims: [count], decays: decays)
    var rng = SplitMix64(seed: seed)
    for i in 0..<count {
      p.value.pointer[i] = rng.uniform(-1, 1)
      p.grad.pointer[i] = rng.uniform(-0.1, 0.1)
    }
    return p
  }

  @Test("two steps = v ← μv − ε(λw + g), w ← w + v value by value, on 1 and 2 threads; frozen left alone")
  func matchesTheRule() {
    // 100,003 values: split in two pieces on 2 threads, neither a multiple of a vector.
    let counts = [100_003, 7, 5]
    let (lr, mu, decay): (Float, Float, Float) = (0.01, 0.9, 5e-4)
    var results: [[[Float]]] = []
    for threads in [1, 2] {
      let params = counts.indices.map { Self.parameter("p\($0)", count: counts[$0], decays: $0 != 1, seed: UInt64($0)) }
      var expectedW = params.map(\.value.array), expectedV = counts.map { [Float](repeating: 0, count: $0) }
      let frozen = params[2].value.array
      var sgd = SGD(learningRate: lr, momentum: mu, weightDecay: decay)
      for _ in 0..<2 {
        for k in 0..<2 {
          let g = params[k].grad.array, d = params[k].decays ? decay : 0
          for i in 0..<counts[k] {
            expectedV[k][i] = mu * expectedV[k][i] - lr * (d * expectedW[k][i] + g[i])
            expectedW[k][i] += expectedV[k][i]
          }
        }
        sgd.step(params, trainable: [true, true, false], threads: threads)
      }
      for k in 0..<2 {
        let w = params[k].value.array
        let v = Array(UnsafeBufferPointer(start: sgd.velocities[k].pointer, count: counts[k]))
        #expect(zip(w, expectedW[k]).allSatisfy { $0.bitPattern == $1.bitPattern }, "weights of p\(k), \(threads) threads")
        #expect(zip(v, expectedV[k]).allSatisfy { $0.bitPattern == $1.bitPattern }, "velocity of p\(k), \(threads) threads")
      }
      #expect(params[2].value.array == frozen)
      // The step moved the weights: a rule that did nothing would not pass.
      #expect(params[0].value.array != Self.parameter("p0", count: counts[0], decays: true, seed: 0).value.array)
      results.append(params.map(\.value.array))
    }
    #expect(results[0] == results[1])
  }

  @Test("clearing the gradients in the step: the same weights and velocities, stepped gradients zero, frozen kept",
        arguments: [1, 2])
  func clearingGradients(threads: Int) {
    let counts = [100_003, 9]
    let plain = counts.indices.map { Self.parameter("p\($0)", count: counts[$0], decays: true, seed: UInt64(40 + $0)) }
    let cleared = counts.indices.map { Self.parameter("p\($0)", count: counts[$0], decays: true, seed: UInt64(40 + $0)) }
    let frozenGradient = cleared[1].grad.array
    var a = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4)
    var b = a
    a.step(plain, trainable: [true, false], threads: threads)
    b.step(cleared, trainable: [true, false], threads: threads, clearingGradients: true)
    #expect(plain[0].value.array.map(\.bitPattern) == cleared[0].value.array.map(\.bitPattern))
    #expect(Array(UnsafeBufferPointer(start: a.velocities[0].pointer, count: counts[0])).map(\.bitPattern)
      == Array(UnsafeBufferPointer(start: b.velocities[0].pointer, count: counts[0])).map(\.bitPattern))
    #expect(cleared[0].grad.array.allSatisfy { $0.bitPattern == 0 })
    #expect(plain[0].grad.array.contains { $0 != 0 })  // the plain step left its gradient
    #expect(cleared[1].grad.array == frozenGradient)
  }
}
