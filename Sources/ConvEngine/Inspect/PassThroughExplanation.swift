/// Layers that move values without arithmetic at inference: Flatten (a reshape) and
/// Dropout (the identity outside training).
public struct PassThroughExplanation: LayerExplanation {
  public var position: ValuePosition
  /// "flatten" or "dropout".
  public var kind: String
  public var inputName: String
  /// Where the value comes from in the layer input ("conv5 map 3, row 1, col 4").
  public var source: String
  public var input: Double
  public var engineOutput: Float

  public var recomputed: Double { input }
  public var engineValue: Float { engineOutput }

  public var comparisons: [ValueComparison] {
    [ValueComparison(name: "output", recomputed: input, engine: engineOutput)]
  }

  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    let why = kind == "flatten"
      ? "flatten: the maps are read in order map, row, col into one vector; no arithmetic"
      : "dropout: the identity at inference (in training it zeroes inputs at random and rescales the rest)"
    return [
      "\(position) (sample \(position.sample))", why,
      "y = \(source) = \(T.number(input))   \(T.engineNote(comparisons[0]))",
    ]
  }
}
