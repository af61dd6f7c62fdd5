/// The nonlinearity a layer applies to its pre-activation, fused into the layer.
///
/// Fusing keeps one row per layer in the shape table, as the papers draw them (LeNet-5's
/// "C1" is convolution plus squashing), while the layer still keeps the pre-activation
/// for the Explore inspector.
public enum Activation: String, Sendable, Hashable, CaseIterable {
  case identity
  case relu
  case tanh
  /// LeNet-5's squashing function f(a) = 1.7159·tanh(2a/3) [LeCun 1998, Eq. 6].
  case scaledTanh = "scaled-tanh"
  case sigmoid

  /// The constants of the scaled tanh: f(±1) = ±1.
  public static let lecunA: Float = 1.7159
  public static let lecunS: Float = 2.0 / 3.0

  /// Human-readable formula, for summaries and the inspector.
  public var formula: String {
    switch self {
    case .identity: return "a"
    case .relu: return "max(0, a)"
    case .tanh: return "tanh(a)"
    case .scaledTanh: return "1.7159·tanh(2a/3)"
    case .sigmoid: return "1/(1+e^−a)"
    }
  }

  /// f(a) for one value (reference path, used by the inspector and tests).
  public func apply(_ a: Float) -> Float {
    switch self {
    case .identity: return a
    case .relu: return max(0, a)
    case .tanh: return FastMath.tanh(a)
    case .scaledTanh: return Activation.lecunA * FastMath.tanh(Activation.lecunS * a)
    case .sigmoid: return FastMath.sigmoid(a)
    }
  }

  /// out[i] = f(pre[i]) for `count` elements.
  public func forward(_ pre: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
    switch self {
    case .identity:
      if UnsafePointer(out) != pre { out.update(from: pre, count: count) }
    case .relu:
      for i in 0..<count { out[i] = max(0, pre[i]) }
    case .tanh:
      for i in 0..<count { out[i] = FastMath.tanh(pre[i]) }
    case .scaledTanh:
      let a = Activation.lecunA, s = Activation.lecunS
      for i in 0..<count { out[i] = a * FastMath.tanh(s * pre[i]) }
    case .sigmoid:
      for i in 0..<count { out[i] = FastMath.sigmoid(pre[i]) }
    }
  }

  /// dpre[i] = dout[i]·f′(pre[i]), written from the saved output `out` (cheaper than pre).
  public func backward(
    out: UnsafePointer<Float>, dout: UnsafePointer<Float>, dpre: UnsafeMutablePointer<Float>, count: Int
  ) {
    switch self {
    case .identity:
      if UnsafePointer(dpre) != dout { dpre.update(from: dout, count: count) }
    case .relu:
      for i in 0..<count { dpre[i] = out[i] > 0 ? dout[i] : 0 }
    case .tanh:
      for i in 0..<count { dpre[i] = dout[i] * (1 - out[i] * out[i]) }
    case .scaledTanh:
      // f = A·tanh(S·a) ⇒ f′ = A·S·(1 − tanh²) = (S/A)·(A² − f²).
      let a = Activation.lecunA, k = Activation.lecunS / Activation.lecunA
      for i in 0..<count { dpre[i] = dout[i] * k * (a * a - out[i] * out[i]) }
    case .sigmoid:
      for i in 0..<count { dpre[i] = dout[i] * out[i] * (1 - out[i]) }
    }
  }
}
