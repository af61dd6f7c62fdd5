import CKernels

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

  /// The C kernels' code for this activation.
  var kernelKind: Int32 {
    switch self {
    case .identity: return Int32(CK_IDENTITY)
    case .relu: return Int32(CK_RELU)
    case .tanh: return Int32(CK_TANH)
    case .scaledTanh: return Int32(CK_SCALED_TANH)
    case .sigmoid: return Int32(CK_SIGMOID)
    }
  }

  /// out[i] = f(pre[i]) for `count` elements; the same bits as `apply`, at the CPU's vector width.
  public func forward(_ pre: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
    ck_activation_forward(kernelKind, pre, out, count)
  }

  /// dpre[i] = dout[i]·f′(pre[i]), written from the saved output `out` (cheaper than pre).
  /// Scaled tanh: f = A·tanh(S·a) ⇒ f′ = A·S·(1 − tanh²) = (S/A)·(A² − f²).
  public func backward(
    out: UnsafePointer<Float>, dout: UnsafePointer<Float>, dpre: UnsafeMutablePointer<Float>, count: Int
  ) {
    ck_activation_backward(kernelKind, out, dout, dpre, count)
  }

  /// `backward` for one value, in Swift (the reference the kernel is tested against).
  public func derivative(out: Float, dout: Float) -> Float {
    switch self {
    case .identity: return dout
    case .relu: return out > 0 ? dout : 0
    case .tanh: return dout * (1 - out * out)
    case .scaledTanh:
      let a = Activation.lecunA, k = Activation.lecunS / Activation.lecunA
      return dout * k * (a * a - out * out)
    case .sigmoid: return dout * out * (1 - out)
    }
  }
}
