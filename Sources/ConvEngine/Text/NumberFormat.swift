import Foundation

/// Every number convscope prints as text, formatted in one place so the CLI, the screens and
/// the engine's own messages agree ("18.4 KiB" in `summary` is "18.4 KiB" on Compare).
///
/// The terminal toolkit cannot import the engine, so its widgets label their own axes and
/// bars with `TerminalUI.NumberText` (three significant digits, a bar's probability); the
/// screens use that too where they show the same figure as a widget. Everything else is here.
public enum NumberFormat {
  /// 60000 → "60,000": counts and byte sizes are easier to compare with separators.
  public static func grouped<T: BinaryInteger>(_ number: T) -> String {
    let digits = Array(String(number.magnitude))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return number < 0 ? "-" + out : out
  }

  /// 18,816 → "18.4 KiB" (binary units, one decimal; plain bytes below 1 KiB).
  public static func bytes(_ n: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB"]
    var value = Double(n), unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
  }

  /// 83 → "1:23", 3723 → "1:02:03": a clock, for times counting down (ETAs).
  public static func clock(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "--:--" }
    let s = Int(seconds.rounded())
    return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
      : String(format: "%d:%02d", s / 60, s % 60)
  }

  /// 4.46 → "4.5s", 83 → "1m23s": elapsed time in a status line, short and steadily wide.
  public static func elapsed(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "–" }
    let s = Int(seconds.rounded())
    return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : String(format: "%.1fs", seconds)
  }

  /// Seconds in the largest sensible unit: "250 ms", "48.0 s", "12.5 min", "3.4 h", "112 days",
  /// for estimates that span from milliseconds to months. `secondDecimals` is how many
  /// decimals seconds get (0 where a table column is narrow).
  public static func span(_ s: Double, secondDecimals: Int = 1) -> String {
    guard s.isFinite else { return "—" }
    if s < 1 && secondDecimals > 0 { return String(format: "%.0f ms", s * 1000) }
    if s < 120 { return String(format: "%.\(secondDecimals)f s", s) }
    if s < 7200 { return String(format: "%.1f min", s / 60) }
    if s < 172_800 { return String(format: "%.1f h", s / 3600) }
    return String(format: s < 8_640_000 ? "%.1f days" : "%.0f days", s / 86_400)
  }

  /// A fraction as a percentage with `decimals` decimals: 0.8734 → "87.3%"; "--%" for NaN or ±∞.
  public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
    guard fraction.isFinite else { return "--%" }
    return String(format: "%.\(decimals)f%%", fraction * 100)
  }

  /// The shortest form that reads back as the value: 0.25, 3e-05, 64 (a setting's value).
  public static func compact(_ value: Double) -> String { String(format: "%g", value) }
  public static func compact(_ value: Float) -> String { compact(Double(value)) }

  /// Three significant digits: 0.123, 12.3, 1.23e+04 (a reading in a status line or a scale).
  public static func significant(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return value == 0 ? "0" : String(format: "%.3g", value)
  }

  /// 1,516 stays exact; 250,000 → "250k"; 37,752,832 → "37.8M": a count in a narrow column.
  /// `unitSpace` puts a space before the unit ("1.2 M images") where it reads as prose.
  public static func abbreviated(_ n: Int, unitSpace: Bool = false) -> String {
    let space = unitSpace ? " " : ""
    if n < 100_000 { return grouped(n) }
    if n < 1_000_000 { return String(format: "%.0f%@k", Double(n) / 1e3, space) }
    return String(format: "%.1f%@M", Double(n) / 1e6, space)
  }

  /// 1016.1 → "1,016×"; 54.32 → "54.3×"; 1.234 → "1.23×": how many times larger.
  public static func ratio(_ x: Double) -> String {
    guard x.isFinite else { return "—" }
    if x >= 100 { return grouped(Int(x.rounded())) + "×" }
    return String(format: x >= 10 ? "%.1f×" : "%.2f×", x)
  }
}

extension BinaryInteger {
  /// 60000 → "60,000" (`NumberFormat.grouped`).
  public var grouped: String { NumberFormat.grouped(self) }
}
