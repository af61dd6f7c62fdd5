/// One term (x_j − w_ij)² of an RBF penalty.
public struct RBFTerm: Sendable, Hashable {
  /// Index j into the input (and position j of the 7×12 prototype bitmap, row-major).
  public var index: Int
  public var input: Double
  public var prototype: Double
  public var square: Double
}

/// One class's penalty, recomputed and as the engine stored it.
public struct RBFClassDistance: Sendable, Hashable {
  public var classIndex: Int
  public var distance: Double
  public var engine: Float
}

/// How one of LeNet-5's Euclidean RBF outputs comes about [LeCun 1998, Eq. 7]:
/// y_i = Σ_j (x_j − w_ij)² against the class's fixed ±1 prototype; the smallest wins.
public struct RBFExplanation: LayerExplanation {
  public var position: ValuePosition
  public var inputName: String
  /// Every term for the explained class, in input order.
  public var terms: [RBFTerm]
  /// y_i for the explained class.
  public var distance: Double
  public var engineOutput: Float
  /// Inputs whose sign matches the prototype's ±1 (a rough "how much it looks like it").
  public var matchingSigns: Int
  /// Every class's penalty, in class order.
  public var classes: [RBFClassDistance]
  /// The prototype bitmap's width when the inputs form one (7 for 84 = 7×12), else nil.
  public var bitmapWidth: Int?

  public var recomputed: Double { distance }
  public var engineValue: Float { engineOutput }

  public var comparisons: [ValueComparison] {
    // The explained class first, then the others in class order.
    let ordered = classes.filter { $0.classIndex == position.channel } + classes.filter { $0.classIndex != position.channel }
    return ordered.map { ValueComparison(name: "penalty of class \($0.classIndex)", recomputed: $0.distance, engine: $0.engine) }
  }

  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    let i = position.channel
    var out = ["\(position.layerName) class \(i) (sample \(position.sample))"]
    out.append("Euclidean RBF unit: y_\(i) = Σ_j (x_j − w_\(i)j)² over the \(terms.count) \(inputName) outputs; "
      + "w_\(i) is class \(i)'s fixed ±1 prototype; the smallest penalty wins")
    out.append("\(matchingSigns) of \(terms.count) inputs have the prototype's sign")
    out.append("largest terms:")
    let top = terms.sorted { $0.square != $1.square ? $0.square > $1.square : $0.index < $1.index }.prefix(limits.terms)
    var table = [["j", "bitmap", "x_j", "w_j", "(x_j − w_j)²"]]
    for t in top {
      let cell = bitmapWidth.map { "r\(t.index / $0) c\(t.index % $0)" } ?? ""
      table.append(["\(t.index)", cell, T.number(t.input), T.number(t.prototype), T.number(t.square)])
    }
    let widths = (0..<5).map { c in table.map { $0[c].count }.max() ?? 0 }
    out += table.map { r in "  " + (0..<5).map { T.pad(r[$0], widths[$0]) }.joined(separator: "  ") }
    let listedSum = top.reduce(0) { $0 + $1.square }
    out.append("")
    out += T.arithmetic([
      ["Σ of the \(top.count) listed", T.number(listedSum), ""],
      ["+ Σ of the other \(T.count(terms.count - top.count, "term"))", T.number(distance - listedSum), ""],
      ["= penalty y_\(i)", T.number(distance), T.engineNote(comparisons[0])],
    ])
    out.append("")
    let ranked = classes.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.classIndex < $1.classIndex }
    out += T.list("every class, smallest first:", ranked.map { "\($0.classIndex)\($0.classIndex == i ? "◀" : "") \(T.number($0.distance))" },
                  maxWidth: maxWidth)
    return out
  }
}
