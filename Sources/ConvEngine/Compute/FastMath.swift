/// Branch-free exp and tanh that the compiler vectorises, for the activation loops.
///
/// glibc's `tanhf` costs ~20 ns a call; LeNet-5 classic evaluates about 8,500 tanh per image
/// forward, which alone would cap training near 10,000 images/s. These stay within a few
/// float ulps of the library functions (tested in KnownValueTests).
public enum FastMath {
  /// e^x for x in about [−87, 88]; relative error below 2e-7.
  @inline(__always)
  public static func exp(_ x: Float) -> Float {
    let (s, m) = split(min(max(x, -87), 88))
    return s.addingProduct(s, m)  // s·(1 + m)
  }

  /// tanh(x) with absolute error below 3e-7 and relative error below 1e-6.
  @inline(__always)
  public static func tanh(_ x: Float) -> Float {
    // tanh|x| = (e^{2|x|} − 1) / (e^{2|x|} + 1) with e^{2|x|} = s·(m + 1) from `split`, written
    // as (s·m + (s − 1)) / (s·m + (s + 1)): near zero s = 1 and the numerator is m itself, so
    // small values keep their relative precision without a separate series. Beyond 9 the
    // result is 1 in Float.
    let (s, m) = split(2 * min(abs(x), 9))
    let t = (s - 1).addingProduct(s, m) / (s + 1).addingProduct(s, m)
    return x < 0 ? -t : t
  }

  /// x = n·ln 2 + f with |f| ≤ 0.347, as 2^n and e^f − 1; for x in [−87, 88].
  ///
  /// Written with fused multiply-adds (`addingProduct`, one rounding each), which the C kernels
  /// repeat one for one: on CPUs with FMA the vector loops then do half the operations. Where
  /// the CPU has none, both call the C library's `fmaf`, which gives the same bits slowly.
  @inline(__always)
  static func split(_ x: Float) -> (scale: Float, fractionMinusOne: Float) {
    let log2e: Float = 1.442_695_04, ln2High: Float = 0.693_145_751_953_125, ln2Low: Float = 1.428_606_820_309_417_232e-6
    let c6: Float = 1.0 / 6, c24: Float = 1.0 / 24, c120: Float = 1.0 / 120, c720: Float = 1.0 / 720, c5040: Float = 1.0 / 5040
    // n = x·log2(e) rounded to nearest with the 1.5·2^23 trick, so the loop has no libm call.
    let magic: Float = 12_582_912
    let n = magic.addingProduct(x, log2e) - magic
    // f = x − n·ln 2 with ln 2 split in two (Cody–Waite) so the reduction stays exact
    // even for |x| near 88.
    let f = x.addingProduct(-n, ln2High).addingProduct(-n, ln2Low)
    // e^f − 1 by its Taylor series to degree 7 (the first omitted term is below 6e-9), summed
    // in Estrin's pairs rather than Horner's chain: the vector loops are bound by this chain's
    // latency, and the pairs halve its depth.
    let f2 = f * f
    let low = f.addingProduct(f2, Float(0.5).addingProduct(f, c6))
    let high = c24.addingProduct(f, c120).addingProduct(f2, c720.addingProduct(f, c5040))
    let scale = Float(bitPattern: UInt32(truncatingIfNeeded: Int32(n) + 127) << 23)
    return (scale, low.addingProduct(f2 * f2, high))
  }

  /// The logistic function 1/(1 + e^{−x}).
  @inline(__always)
  public static func sigmoid(_ x: Float) -> Float {
    1 / (1 + exp(-x))
  }
}
