import ConvEngine
import Foundation

/// How the comparison's numbers read, on the Compare screen and in `convscope compare`
/// alike: counts always exact with separators (60,000, 37,752,832), ratios as "1,016×" or
/// "54.3×", times in the unit a person would use. One format, so the same figure never
/// reads 118k in one place and 117,600 in another. Built on the engine's `NumberFormat`;
/// only the speeds (ms, img/s) are the comparison's own.
public enum CompareText {
  /// 1016.1 → "1,016×"; 54.32 → "54.3×"; 1.234 → "1.23×"; "—" when not finite.
  public static func ratio(_ x: Double) -> String { NumberFormat.ratio(x) }

  /// 0.0342 → "0.034 ms", 13.31 → "13.3 ms", 250 → "250 ms".
  public static func milliseconds(_ ms: Double) -> String {
    String(format: ms >= 100 ? "%.0f ms" : ms >= 1 ? "%.1f ms" : "%.3f ms", ms)
  }

  /// 25787.2 → "25,787 img/s"; 44.06 → "44.1 img/s".
  public static func rate(_ imagesPerSecond: Double) -> String {
    imagesPerSecond >= 100
      ? "\(Int(imagesPerSecond.rounded()).grouped) img/s" : String(format: "%.1f img/s", imagesPerSecond)
  }

  /// Seconds as the largest sensible unit: "250 ms", "48.0 s", "12.5 min", "3.4 h", "112 days".
  public static func duration(_ s: Double) -> String { NumberFormat.span(s) }

  /// A share of a total: 0.6193 → "61.9%", 0.0026 → "0.3%".
  public static func share(_ fraction: Double) -> String { NumberFormat.percent(fraction, decimals: 1) }

  /// 1,200,000 → "1.2 M".
  public static func abbreviated(_ n: Int) -> String { NumberFormat.abbreviated(n, unitSpace: true) }
}
