import Foundation

/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64), so the same seed
/// gives the same weights, shuffles and dropout masks on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The whole generator state: saving it and resuming with `init(state:)` continues the
  /// same sequence (training checkpoints do this so a resumed run repeats bit for bit).
  public internal(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// A generator continuing from a saved `state`.
  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1) with 24 random bits.
  public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216) }

  /// Uniform in [lo, hi).
  public mutating func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * nextUnitFloat() }

  /// Standard normal by Box–Muller (one of the pair; simple and reproducible).
  public mutating func normal() -> Float {
    let u1 = max(Double(next() >> 11) * (1.0 / 9_007_199_254_740_992), 1e-300)
    let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992)
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
  }

  /// Fisher–Yates shuffle driven by this generator (independent of the standard library's
  /// algorithm, which may change between Swift versions).
  public mutating func shuffle<T>(_ a: inout [T]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      let j = Int(next() % UInt64(i + 1))
      a.swapAt(i, j)
    }
  }
}

@inline(__always) private func _log(_ x: Double) -> Double { Double.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Double.cos(x) }

extension Double {
  fileprivate static func log(_ x: Double) -> Double { Foundation.log(x) }
  fileprivate static func cos(_ x: Double) -> Double { Foundation.cos(x) }
}
