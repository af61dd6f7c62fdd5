/// One input's contribution w_j·x_j to a fully connected unit.
public struct FCTerm: Sendable, Hashable {
  /// Index j into the flattened input.
  public var index: Int
  public var input: Double
  public var weight: Double
  public var product: Double
}

/// How one fully connected unit comes about: Σ_j w_j·x_j + b through the activation, with
/// the largest contributions listed and the rest summed.
public struct FCExplanation: LayerExplanation {
  public var position: ValuePosition
  /// The layer whose output is flattened into this layer's input (skipping Flatten and
  /// Dropout), and its per-sample shape, to name where input j comes from.
  public var sourceName: String
  public var sourceShape: Shape
  /// "unit" when the source is an FC layer, "map" for conv and pooling maps.
  public var sourceNoun: String
  public var fanIn: Int
  /// The largest |w·x| first.
  public var topTerms: [FCTerm]
  /// Σ of the products not in `topTerms`, and how many there are.
  public var restSum: Double
  public var restCount: Int
  /// Σ of all fanIn products.
  public var sum: Double
  public var bias: Double
  public var preActivation: Double
  public var activation: Activation
  public var output: Double
  public var enginePreActivation: Float
  public var engineOutput: Float

  public var recomputed: Double { output }
  public var engineValue: Float { engineOutput }

  public var comparisons: [ValueComparison] {
    [ValueComparison(name: "pre-activation", recomputed: preActivation, engine: enginePreActivation),
     ValueComparison(name: "output", recomputed: output, engine: engineOutput)]
  }

  /// Where flattened input j comes from: "C5 map 12", "pool5 map 3, row 1, col 4".
  public func sourceLabel(_ j: Int) -> String {
    let s = sourceShape
    if s.h == 1 && s.w == 1 { return "\(sourceName) \(sourceNoun) \(j)" }
    let c = j / s.plane, y = j % s.plane / s.w, x = j % s.w
    return "\(sourceName) map \(c), row \(y), col \(x)"
  }

  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    var out = ["\(position) (sample \(position.sample))"]
    out.append("fully connected, \(fanIn.grouped) inputs from \(sourceName) (\(sourceShape.sampleDescription)), "
      + "\(activation.rawValue): a = Σ_j w_j·x_j + b, y = \(activation.formula)")
    out.append("largest contributions by |w·x|:")
    var table = [["j", "from", "x_j", "w_j", "w_j·x_j"]]
    for t in topTerms.prefix(limits.terms) {
      table.append(["\(t.index)", sourceLabel(t.index), T.number(t.input), T.number(t.weight), T.number(t.product)])
    }
    let widths = (0..<5).map { c in table.map { $0[c].count }.max() ?? 0 }
    out += table.map { r in
      "  " + (0..<5).map { $0 == 1 ? r[1] + String(repeating: " ", count: widths[1] - r[1].count) : T.pad(r[$0], widths[$0]) }
        .joined(separator: "  ")
    }
    let listed = min(limits.terms, topTerms.count)
    let others = fanIn - listed
    let othersSum = sum - topTerms.prefix(listed).reduce(0) { $0 + $1.product }
    out.append("")
    out += T.arithmetic([
      ["Σ of the \(listed) listed", T.number(sum - othersSum), ""],
      ["+ Σ of the other \(T.count(others, "term"))", T.number(othersSum), ""],
      ["= Σ w·x (all \(fanIn.grouped))", T.number(sum), ""],
      ["+ bias b", T.number(bias), ""],
      ["= pre-activation a", T.number(preActivation), T.engineNote(comparisons[0])],
      ["output y = \(activation.formula)", T.number(output), T.engineNote(comparisons[1])],
    ])
    return out
  }
}
