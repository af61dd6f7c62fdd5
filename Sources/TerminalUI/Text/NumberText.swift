import Foundation

/// Short, stable number formatting for axis ticks, legends and table cells.
public enum NumberText {
  /// About three significant digits, switching to exponent form for very large or small
  /// magnitudes: `0.123`, `12.3`, `1.23e+04`, `-5e-05`. Trailing zeros are dropped.
  public static func compact(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == 0 { return "0" }
    return String(format: "%.3g", value)
  }

  /// A fraction as a percentage with one decimal: `0.8734` → `87.3%`.
  public static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "--%" }
    return String(format: "%.1f%%", fraction * 100)
  }
}
