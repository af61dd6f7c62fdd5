import Foundation

/// Short, stable number formatting for the widgets' axis ticks, legends and bars. The toolkit
/// cannot import the engine; other numbers go through `ConvEngine.NumberFormat`.
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

  /// A probability as a percentage with as many decimals (2 to 6) as it takes not to round
  /// to 100% or to 0% when it is not: 99.9987%, 0.0004%. Exactly 1 or 0 still read 100%, 0%.
  public static func precisePercent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "–" }
    let p = fraction * 100
    var text = String(format: "%.2f", p)
    for digits in 3...6 where (text.hasPrefix("100.") && fraction < 1) || (Double(text) == 0 && fraction > 0) {
      text = String(format: "%.\(digits)f", p)
    }
    return text + "%"
  }
}
