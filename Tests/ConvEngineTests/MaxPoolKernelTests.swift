import ConvEngine
import Testing

/// Max pooling runs as a C kernel that takes eight outputs of a row at once for strides 1 and
/// 2 (`ck_max_pool_forward`); the inspector names the winning input from `argmax`. Both must
/// be what the plain loop gives: the first largest value in (ky, kx) order, ties included.
@Suite("Max pooling kernel")
struct MaxPoolKernelTests {
  /// (size, stride, map side): AlexNet's 3×3/2 on 27 (vector part and tail), LeNet's 2×2/2,
  /// stride 1 and a stride the kernel does one by one.
  static let cases = [(3, 2, 27), (2, 2, 28), (3, 1, 20), (3, 3, 13), (2, 2, 55)]

  @Test("values and winners = the plain loop's, with ties and a NaN", arguments: cases)
  func matchesPlainLoop(_ c: (Int, Int, Int)) {
    let (k, s, side) = c
    let input = Shape(n: 3, c: 2, h: side, w: side)
    let layer = Pool2D(spec: LayerSpec("pool", .pool(.max, size: k, stride: s)), kind: .max, size: k, stride: s,
                       input: input.batch(1))
    var rng = SplitMix64(seed: 5)
    let x = Tensor(zeros: input)
    // Values on a coarse grid so that many windows hold ties.
    for i in 0..<x.count { x.pointer[i] = Float(Int(rng.uniform(0, 5))) }
    x.pointer[side + 1] = .nan
    for threads in [1, 2] {
      layer.threads = threads
      let out = layer.forward(x, training: false)
      let o = layer.outputShape
      var wrong = 0
      for p in 0..<(input.n * input.c) {
        for oy in 0..<o.h {
          for ox in 0..<o.w {
            let src = x.pointer + p * side * side
            var best = src[oy * s * side + ox * s], at = oy * s * side + ox * s
            for ky in 0..<k {
              for kx in 0..<k where src[(oy * s + ky) * side + ox * s + kx] > best {
                best = src[(oy * s + ky) * side + ox * s + kx]
                at = (oy * s + ky) * side + ox * s + kx
              }
            }
            let q = (p * o.h + oy) * o.w + ox
            if out.pointer[q].bitPattern != best.bitPattern || Int(layer.argmax[q]) != at { wrong += 1 }
          }
        }
      }
      #expect(wrong == 0, "\(wrong) outputs differ, \(threads) threads")
    }
  }
}
