/// How one local-response-normalised value comes about [Krizhevsky 2012, §3.3]:
/// b_i = a_i / (k + α·Σ_j a_j²)^β over the neighbouring maps j at the same position.
public struct LRNExplanation: LayerExplanation {
  public var position: ValuePosition
  public var inputName: String
  public var inputShape: Shape
  /// n: how many adjacent maps the sum spans (clipped at the first and last map).
  public var size: Int
  public var k: Double
  public var alpha: Double
  public var beta: Double
  /// The neighbouring maps j, in order (they include the map itself).
  public var neighbours: [Int]
  /// a_j at this position, in `neighbours` order.
  public var activations: [Double]
  /// Σ_j a_j².
  public var sumOfSquares: Double
  /// s = k + α·Σ a_j², the base the engine keeps (`lastScale`).
  public var scale: Double
  /// s^β.
  public var denominator: Double
  /// a_i, the value being normalised.
  public var input: Double
  /// b_i = a_i / s^β.
  public var output: Double
  public var engineScale: Float?
  public var engineOutput: Float

  public var recomputed: Double { output }
  public var engineValue: Float { engineOutput }

  public var comparisons: [ValueComparison] {
    var list: [ValueComparison] = []
    if let engineScale { list.append(ValueComparison(name: "LRN base s", recomputed: scale, engine: engineScale)) }
    list.append(ValueComparison(name: "output", recomputed: output, engine: engineOutput))
    return list
  }

  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    var out = ["\(position) (sample \(position.sample))"]
    out.append("local response normalisation across maps (n=\(size), k=\(T.parameter(k)), α=\(T.parameter(alpha)), "
      + "β=\(T.parameter(beta))): b_i = a_i / (k + α·Σ_j a_j²)^β")
    let first = neighbours.first ?? 0, last = neighbours.last ?? 0
    out.append("neighbouring maps j = \(first)…\(last) of \(inputName) (\(inputShape.c) maps), same row and col"
      + (neighbours.count < size ? " (clipped at the edge)" : ""))
    var table = [["j", "a_j", "a_j²"]]
    for (j, a) in zip(neighbours, activations) {
      table.append([j == position.channel ? "\(j) (i)" : "\(j)", T.number(a), T.number(a * a)])
    }
    let widths = (0..<3).map { c in table.map { $0[c].count }.max() ?? 0 }
    out += table.map { r in "  " + (0..<3).map { T.pad(r[$0], widths[$0]) }.joined(separator: "   ") }
    out.append("")
    let checks = comparisons
    out += T.arithmetic([
      ["Σ a_j²", T.number(sumOfSquares), ""],
      ["s = k + α·Σ a_j²", T.number(scale), checks.count > 1 ? T.engineNote(checks[0]) : ""],
      ["denominator s^β", T.number(denominator), ""],
      ["a_i (map \(position.channel))", T.number(input), ""],
      ["output b = a_i / s^β", T.number(output), T.engineNote(checks[checks.count - 1])],
    ])
    return out
  }
}
