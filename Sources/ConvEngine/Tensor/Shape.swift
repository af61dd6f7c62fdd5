/// The shape of an NCHW batch: N samples of C channels, each H×W.
///
/// Fully connected activations are `(N, features, 1, 1)`, so one type covers every layer.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
  public var n: Int
  public var c: Int
  public var h: Int
  public var w: Int

  public init(n: Int, c: Int, h: Int, w: Int) {
    self.n = n
    self.c = c
    self.h = h
    self.w = w
  }

  /// Number of elements in the whole batch.
  public var count: Int { n * c * h * w }
  /// Number of elements in one sample (C·H·W).
  public var perSample: Int { c * h * w }
  /// Number of elements in one channel plane (H·W).
  public var plane: Int { h * w }

  /// The same per-sample shape with another batch size.
  public func batch(_ n: Int) -> Shape { Shape(n: n, c: c, h: h, w: w) }

  /// "6×28×28" (per sample, as the papers write it), or "120" for a vector.
  public var sampleDescription: String {
    (h == 1 && w == 1) ? "\(c)" : "\(c)×\(h)×\(w)"
  }

  public var description: String { "\(n)×\(c)×\(h)×\(w)" }
}
