import Foundation

/// How a class probability comes about: p_i = e^(z_i − m) / Σ_k e^(z_k − m), m = max z.
/// For LeNet-5's RBF head the scores are penalties and z = −penalty (smaller is likelier).
public struct SoftmaxExplanation: LayerExplanation {
  public var position: ValuePosition
  /// The layer whose outputs are the scores (`fc8`, `output`).
  public var scoresName: String
  /// Whether z is the negated RBF penalty rather than a logit.
  public var fromPenalties: Bool
  /// z per class.
  public var logits: [Double]
  /// m = max z, subtracted so e^(z−m) never overflows (it does not change p).
  public var maxLogit: Double
  /// e^(z_k − m) per class.
  public var exps: [Double]
  public var sumOfExps: Double
  public var probabilities: [Double]
  /// `Loss.probabilities` of the engine's scores.
  public var engineProbabilities: [Float]

  public var recomputed: Double { probabilities[position.channel] }
  public var engineValue: Float { engineProbabilities[position.channel] }

  public var comparisons: [ValueComparison] {
    [ValueComparison(name: "probability", recomputed: recomputed, engine: engineValue)]
  }

  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    let i = position.channel
    var out = ["probability of class \(i) (sample \(position.sample))"]
    out.append(fromPenalties
      ? "softmax of the negated RBF penalties of \(scoresName): z_k = −y_k, p_i = e^(z_i − m) / Σ_k e^(z_k − m), m = max z"
      : "softmax of the logits of \(scoresName): p_i = e^(z_i − m) / Σ_k e^(z_k − m), m = max z")
    // The likeliest classes, and the explained one wherever it ranks.
    let ranked = (0..<logits.count).sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
    var shown = Array(ranked.prefix(limits.terms))
    if !shown.contains(i) { shown.append(i) }
    var table = [["class", "z", "e^(z−m)", "p"]]
    for k in shown {
      table.append([k == i ? "\(k) ◀" : "\(k)", T.number(logits[k]), T.number(exps[k]), T.number(probabilities[k])])
    }
    let widths = (0..<4).map { c in table.map { $0[c].count }.max() ?? 0 }
    out += table.map { r in "  " + (0..<4).map { T.pad(r[$0], widths[$0]) }.joined(separator: "  ") }
    let rest = logits.count - shown.count
    if rest > 0 {
      let restSum = sumOfExps - shown.reduce(0) { $0 + exps[$1] }
      out.append("  … \(T.count(rest, "more class", plural: "more classes")), together Σ e^(z−m) = \(T.number(restSum))")
    }
    out.append("")
    out += T.arithmetic([
      ["m = max z", T.number(maxLogit), ""],
      ["Σ_k e^(z_k − m) (\(logits.count) classes)", T.number(sumOfExps), ""],
      ["p_\(i) = e^(z_\(i) − m) / Σ", T.number(probabilities[i]), T.engineNote(comparisons[0])],
    ])
    return out
  }
}
