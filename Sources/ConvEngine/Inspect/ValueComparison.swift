/// One number the inspector recomputed in Double next to the value the engine stored for
/// it, so tests (and the text) can show that the explanation is the engine's arithmetic.
public struct ValueComparison: Sendable, Hashable {
  /// What the number is: "pre-activation", "output", "LRN base s", "winner index".
  public var name: String
  public var recomputed: Double
  public var engine: Float

  public init(name: String, recomputed: Double, engine: Float) {
    self.name = name
    self.recomputed = recomputed
    self.engine = engine
  }

  /// |recomputed − engine| ≤ tolerance·max(1, |engine|): relative for large values,
  /// absolute near zero, where Float rounding of a cancelling sum is all that is left.
  public func agrees(tolerance: Double = 1e-5) -> Bool {
    let e = Double(engine)
    return abs(recomputed - e) <= tolerance * Swift.max(1, abs(e))
  }
}
