import Foundation

/// Horizontal bars with labels and values, one per row: the classic "top-5 predictions" view.
///
///     seven  ███████████████▋   87.3%
///     one    █▏                  6.1%
public struct BarChart: Widget, Sendable {
  /// One labelled value.
  public struct Bar: Sendable, Hashable {
    public var label: String
    public var value: Double

    public init(_ label: String, _ value: Double) {
      self.label = label
      self.value = value
    }
  }

  /// How the number at the end of each bar is written.
  public enum ValueFormat: Sendable, Hashable {
    /// Values are fractions shown as percentages (`0.873` → `87.3%`).
    case percent
    /// Values shown with `NumberText.compact`.
    case number
    /// Fractions as percentages with the digits it takes not to round to 100% or 0%.
    case precisePercent
    /// Values to six significant figures, at most four decimals (distances, logits): `120.146`,
    /// `85.1234`. A float32 sum holds about seven figures, and its seventh depends on the order
    /// of the additions, which differs between CPUs (AVX-512 and AVX2 kernels): four decimals of
    /// an RBF penalty over 100 showed 120.1460 on one machine and 120.1461 on another.
    case sixFigures
    /// The caller's own text for each bar, in order (the bar length still follows the value).
    case texts([String])
  }

  public var bars: [Bar]
  /// The value of a full-width bar; nil uses 1 for percentages, the largest value otherwise.
  public var maxValue: Double?
  public var format: ValueFormat
  /// Index of a bar drawn in `highlightStyle` (e.g. the true label).
  public var highlighted: Int?
  public var barStyle: Style
  public var highlightStyle: Style
  public var unicode: Bool

  public init(
    bars: [Bar], maxValue: Double? = nil, format: ValueFormat = .percent, highlighted: Int? = nil,
    barStyle: Style = Style(fg: .cyan), highlightStyle: Style = Style(fg: .yellow, bold: true),
    unicode: Bool = true
  ) {
    self.bars = bars
    self.maxValue = maxValue
    self.format = format
    self.highlighted = highlighted
    self.barStyle = barStyle
    self.highlightStyle = highlightStyle
    self.unicode = unicode
  }

  /// The `k` largest values as bars, largest first; equal values keep their original order.
  public static func topK(labels: [String], values: [Double], k: Int) -> [Bar] {
    let count = min(labels.count, values.count)
    return (0..<count)
      .sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
      .prefix(max(0, k))
      .map { Bar(labels[$0], values[$0]) }
  }

  private func valueText(_ value: Double, at index: Int) -> String {
    switch format {
    case .texts(let texts): index < texts.count ? texts[index] : ""

    case .percent: NumberText.percent(value)
    case .number: NumberText.compact(value)
    case .precisePercent: NumberText.precisePercent(value)
    case .sixFigures: Self.sixFigures(value)
    }
  }

  /// `value` to six significant figures with at most four decimals (see `ValueFormat.sixFigures`).
  static func sixFigures(_ value: Double) -> String {
    let magnitude = value == 0 || !value.isFinite ? 0 : Int(Foundation.log10(abs(value)).rounded(.down))
    return String(format: "%.\(min(4, max(0, 5 - magnitude)))f", value)
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty, !bars.isEmpty else { return }
    let largest = max(bars.map(\.value).max() ?? 1, .leastNonzeroMagnitude)
    let isFraction = switch format {
    case .percent, .precisePercent: true
    default: false
    }
    let full = maxValue ?? (isFraction ? 1 : largest)
    // Labels may take up to a third of the width; values are never cut.
    let labelWidth = min(bars.map(\.label.displayWidth).max() ?? 0, area.width / 3)
    let valueWidth = bars.enumerated().map { valueText($1.value, at: $0).displayWidth }.max() ?? 0
    let barWidth = max(0, area.width - labelWidth - valueWidth - 2)
    for (i, bar) in bars.prefix(area.height).enumerated() {
      let y = area.y + i
      let style = i == highlighted ? highlightStyle : barStyle
      let label = bar.label.fitted(to: labelWidth, ellipsis: unicode ? "…" : "~")
      let labelStyle = i == highlighted ? Style(bold: true) : .plain
      buffer.put(label, at: Point(x: area.x, y: y), style: labelStyle, clippedTo: area)
      let fraction = full > 0 ? bar.value / full : 0
      let glyphs = BlockGlyphs.bar(fraction: fraction, width: barWidth, unicode: unicode)
      buffer.put(glyphs, at: Point(x: area.x + labelWidth + 1, y: y), style: style, clippedTo: area)
      let value = valueText(bar.value, at: i).fitted(to: valueWidth, alignment: .right)
      buffer.put(value, at: Point(x: area.right - valueWidth, y: y), clippedTo: area)
    }
  }
}
