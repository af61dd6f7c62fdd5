/// Horizontal bar drawing with eighth blocks, shared by `BarChart`, `ProgressBar` and the
/// app's bars drawn inside text lines (Compare's per-stage charts).
public enum BlockGlyphs {
  /// Left-aligned partial blocks for 1…7 eighths of a cell.
  static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// A bar `fraction` of `width` cells long, exactly `width` columns with `empty` padding.
  /// With Unicode the end is accurate to 1/8 cell; without, to a whole cell of `#`, and a bar
  /// too short for one `#` that Unicode would still show (▏) is `|`: LeNet-5's winning
  /// class has the shortest penalty bar, which otherwise vanished under `--ascii`.
  public static func bar(fraction: Double, width: Int, unicode: Bool, empty: Character = " ") -> String {
    guard width > 0 else { return "" }
    let f = fraction.isNaN ? 0 : min(1, max(0, fraction))
    var text: String
    if unicode {
      let total = Int((f * Double(width * 8)).rounded())
      text = String(repeating: "█", count: total / 8)
      if total % 8 > 0 { text.append(eighths[total % 8 - 1]) }
    } else {
      let cells = Int((f * Double(width)).rounded())
      text = cells == 0 && (f * Double(width * 8)).rounded() >= 1 ? "|" : String(repeating: "#", count: cells)
    }
    return text + String(repeating: empty, count: width - text.count)
  }
}
