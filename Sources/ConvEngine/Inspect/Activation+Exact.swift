import Foundation

extension Activation {
  /// f(a) in Double with the library's tanh and exp: the inspector's reference, independent
  /// of the fast Float kernels the layers run (`FastMath`).
  ///
  /// The scaled tanh uses the engine's Float constants widened to Double, so any difference
  /// from the engine's value is rounding, not a different function.
  public func exactValue(_ a: Double) -> Double {
    switch self {
    case .identity: return a
    case .relu: return Swift.max(0, a)
    case .tanh: return Foundation.tanh(a)
    case .scaledTanh: return Double(Activation.lecunA) * Foundation.tanh(Double(Activation.lecunS) * a)
    case .sigmoid: return 1 / (1 + Foundation.exp(-a))
    }
  }
}
