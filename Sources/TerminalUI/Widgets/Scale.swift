/// The value range mapped onto a colour map: explicit, so callers decide whether a heatmap
/// is scaled on its own, per layer or across the whole network.
public struct Scale: Sendable, Hashable {
  public var min: Double
  public var max: Double

  /// Reversed bounds are swapped rather than rejected.
  public init(min: Double, max: Double) {
    self.min = Swift.min(min, max)
    self.max = Swift.max(min, max)
  }

  /// The smallest and largest finite values (0…1 if there are none).
  public static func fitting(_ values: [Float]) -> Scale {
    let finite = values.lazy.filter(\.isFinite).map(Double.init)
    guard let low = finite.min(), let high = finite.max() else { return Scale(min: 0, max: 1) }
    return Scale(min: low, max: high)
  }

  /// A range centred on zero covering every finite value: pair it with a diverging map so
  /// that zero lands on the middle colour. All-zero input gives −1…1.
  public static func symmetric(_ values: [Float]) -> Scale {
    let m = values.lazy.filter(\.isFinite).map { abs(Double($0)) }.max() ?? 0
    return m > 0 ? Scale(min: -m, max: m) : Scale(min: -1, max: 1)
  }

  /// Where `value` falls in the range, clamped to [0, 1].
  ///
  /// A degenerate range (min == max) maps everything to 0, so a dead (constant) feature map
  /// reads as "nothing here" rather than as a mid-range colour. NaN maps to 0 as well.
  public func normalize(_ value: Double) -> Double {
    guard max > min, !value.isNaN else { return 0 }
    return Swift.min(1, Swift.max(0, (value - min) / (max - min)))
  }
}
