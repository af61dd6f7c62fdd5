import Foundation

/// Line plot of one or more series against their index (e.g. loss per step), drawn with
/// braille dots, with a y axis, tick labels and an optional legend row.
///
/// Series are plain arrays, so a caller appends a value per step and rebuilds the chart
/// each frame. Use `yScale: .log` for losses spanning orders of magnitude.
public struct LineChart: Sendable {
  /// One named line: `values[i]` is plotted at x index i.
  public struct Series: Sendable, Hashable {
    public var name: String
    public var values: [Double]
    public var color: Color
    /// Explicit x positions, one per value (runs of different lengths on one axis); nil
    /// places value i at `xStart + i·xStep` of the chart.
    public var xs: [Double]?
    /// A glyph drawn on the line every few columns and in the legend instead of the dot, so
    /// series stay apart without colour (`NO_COLOR`, 8-colour terminals); nil: none.
    public var marker: Character?
    /// The character of the line's dots where braille is unavailable (`--ascii`, `LANG=C`),
    /// and of its legend entry: two series drawn as `*` read as one line without colour.
    public var asciiDot: Character

    public init(
      _ name: String, values: [Double], color: Color, xs: [Double]? = nil, marker: Character? = nil,
      asciiDot: Character = "*"
    ) {
      self.name = name
      self.values = values
      self.color = color
      self.xs = xs
      self.marker = marker
      self.asciiDot = asciiDot
    }

    /// For `[Float]` (or any floating-point) data; generic so literal arrays still pick the
    /// `[Double]` initialiser without ambiguity.
    public init<Value: BinaryFloatingPoint>(_ name: String, values: [Value], color: Color) {
      self.init(name, values: values.map { Double($0) }, color: color)
    }
  }

  /// How values map to height.
  public enum YScale: Sendable, Hashable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 cannot be placed and are skipped.
    case log
  }

  /// A moment marked on the x axis (a setting changed, a divergence): a `symbol` on the
  /// axis line and a dotted line up through the empty cells of the plot.
  public struct Mark: Sendable, Hashable {
    public var x: Double
    public var symbol: Character
    public var color: Color

    public init(x: Double, symbol: Character, color: Color) {
      self.x = x
      self.symbol = symbol
      self.color = color
    }
  }

  /// How the x axis is labelled.
  public enum XLabels: Sendable, Hashable {
    /// The first, middle and last x values.
    case ends
    /// Round values (1, 2 or 5 × 10ⁿ apart), each under its own column, then `unit`
    /// ("epochs", "steps") at the right end.
    case round(unit: String)
  }

  public var series: [Series]
  public var marks: [Mark] = []
  public var xLabels = XLabels.ends
  /// A fixed x range (a zoom on part of the run); nil spans the data. Points outside it are
  /// not drawn.
  public var xRange: ClosedRange<Double>?
  public var yScale: YScale
  /// Fixed y range; nil fits the data.
  public var yRange: ClosedRange<Double>?
  /// The x value of index 0 and the step between indices, for the x tick labels.
  public var xStart: Double
  public var xStep: Double
  public var showsLegend: Bool
  public var unicode: Bool
  public var axisStyle: Style

  public init(
    series: [Series], yScale: YScale = .linear, yRange: ClosedRange<Double>? = nil,
    xStart: Double = 0, xStep: Double = 1, showsLegend: Bool = true, unicode: Bool = true,
    axisStyle: Style = Style(dim: true)
  ) {
    self.series = series
    self.yScale = yScale
    self.yRange = yRange
    self.xStart = xStart
    self.xStep = xStep
    self.showsLegend = showsLegend
    self.unicode = unicode
    self.axisStyle = axisStyle
  }

  /// The x position of value `i` of `s`.
  func x(of i: Int, in s: Series) -> Double {
    if let xs = s.xs, i < xs.count { return xs[i] }
    return xStart + Double(i) * xStep
  }

  /// The x range every series spans (a single point widens to one step).
  public var effectiveXRange: ClosedRange<Double> {
    if let xRange, xRange.upperBound > xRange.lowerBound { return xRange }
    var low = Double.infinity, high = -Double.infinity
    for s in series where !s.values.isEmpty {
      low = min(low, x(of: 0, in: s))
      high = max(high, x(of: s.values.count - 1, in: s))
    }
    guard low.isFinite, high.isFinite else { return xStart...(xStart + xStep) }
    return low < high ? low...high : low...(low + abs(xStep == 0 ? 1 : xStep))
  }

  /// The y range actually used: `yRange`, or the data's extent padded when it is a point.
  public var effectiveYRange: ClosedRange<Double> {
    if let yRange { return yRange }
    let xs = effectiveXRange
    // Only the values drawn count: a zoom on the first steps fits their range, not the run's.
    let shown = series.flatMap { s in
      s.values.indices.filter { xRange == nil || xs.contains(x(of: $0, in: s)) }.map { s.values[$0] }
    }
    let usable = shown.filter { $0.isFinite && (yScale == .linear || $0 > 0) }
    guard let low = usable.min(), let high = usable.max() else {
      return yScale == .linear ? 0...1 : 1...10
    }
    if low < high { return low...high }
    if yScale == .log { return (low / 2)...(high * 2) }
    let pad = low == 0 ? 1 : abs(low) / 2
    return (low - pad)...(high + pad)
  }

  /// Position of `value` in the range, 0 at the bottom and 1 at the top; nil if unplottable.
  func fraction(_ value: Double, in range: ClosedRange<Double>) -> Double? {
    guard value.isFinite else { return nil }
    let t: Double
    switch yScale {
    case .linear:
      guard range.upperBound > range.lowerBound else { return 0 }
      t = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
    case .log:
      guard value > 0, range.lowerBound > 0, range.upperBound > range.lowerBound else { return nil }
      let low = log10(range.lowerBound)
      t = (log10(value) - low) / (log10(range.upperBound) - low)
    }
    return min(1, max(0, t))
  }

  /// A round step (1, 2 or 5 × 10ⁿ) at least `raw`, for tick spacing.
  public static func roundStep(atLeast raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    let power = pow(10, floor(log10(raw)))
    let f = raw / power
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power
  }

  /// The value halfway up the axis (geometric middle on a log scale).
  func middle(of range: ClosedRange<Double>) -> Double {
    switch yScale {
    case .linear: (range.lowerBound + range.upperBound) / 2
    case .log: (range.lowerBound * range.upperBound).squareRoot()
    }
  }
}
