import ConvEngine
import Testing

/// A fully connected layer at batch 1 streams its weights through `ck_gemv`, four rows at a
/// time and split across threads; a batch goes through sgemm. Both must be the product.
@Suite("Fully connected at batch 1")
struct BatchOneProductTests {
  @Test("batch 1 = W·x + b in Double, the same bits on 1 and 2 threads, and = the batched path")
  func matchesProduct() {
    // 1,037 inputs (64 vectors of 16 and a tail of 13) and 1,027 outputs: two pieces of 4-row
    // groups with one, two or three rows left over.
    let (fanIn, outputs) = (1_037, 1_027)
    let layer = FullyConnected(spec: LayerSpec("fc", .fc(outputs: outputs)), outputs: outputs,
                               input: Shape(n: 1, c: fanIn, h: 1, w: 1))
    var rng = SplitMix64(seed: 17)
    for p in layer.parameters { for i in 0..<p.count { p.value.pointer[i] = rng.uniform(-1, 1) } }
    let x = Tensor(zeros: Shape(n: 1, c: fanIn, h: 1, w: 1))
    for i in 0..<fanIn { x.pointer[i] = rng.uniform(-1, 1) }
    var results: [[Float]] = []
    for threads in [1, 2] {
      layer.threads = threads
      results.append(layer.forward(x, training: false).array)
    }
    #expect(results[0].map(\.bitPattern) == results[1].map(\.bitPattern))
    let w = layer.weight.value.pointer, b = layer.bias.value.pointer
    var worst = 0.0
    for o in 0..<outputs {
      var sum = Double(b[o])
      for i in 0..<fanIn { sum += Double(w[o * fanIn + i]) * Double(x.pointer[i]) }
      worst = max(worst, abs(sum - Double(results[0][o])))
    }
    #expect(worst < 1e-4, "largest error \(worst) (sums of ~1,000 products of size 1)")
    // Two copies of x through the batched path give the same values to rounding.
    let two = Tensor(zeros: Shape(n: 2, c: fanIn, h: 1, w: 1))
    for s in 0..<2 { for i in 0..<fanIn { two.pointer[s * fanIn + i] = x.pointer[i] } }
    let batched = layer.forward(two, training: false).array
    let gap = (0..<outputs).map { abs(batched[$0] - results[0][$0]) }.max() ?? 0
    #expect(gap < 1e-4)
  }
}
