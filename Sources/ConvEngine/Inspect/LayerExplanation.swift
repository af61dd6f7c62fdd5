/// What every per-layer explanation offers: where the value is, the value recomputed in
/// Double, the engine's stored value, the intermediate checks, and a text rendering.
public protocol LayerExplanation: Sendable {
  var position: ValuePosition { get }
  /// The explained value, recomputed in Double from the layer's input and parameters.
  var recomputed: Double { get }
  /// The value the engine stored for it in the forward pass.
  var engineValue: Float { get }
  /// Every intermediate the engine also keeps (pre-activation, LRN base, …) plus the output.
  var comparisons: [ValueComparison] { get }
  /// The explanation as text lines laid out for `maxWidth` columns: grids show as many
  /// columns as fit and lists wrap at it, but a longer line of prose is left whole for the
  /// front end to wrap (`Explanation.wrappedLines` in the app, through the toolkit's wrapper).
  func lines(maxWidth: Int, limits: ExplanationLimits) -> [String]
}

/// How much of a large explanation the text shows; totals always cover every term.
public struct ExplanationLimits: Sendable, Hashable {
  /// Input maps of a convolution shown in full (patch, kernel, products).
  public var maps: Int
  /// Rows of a patch, kernel or product grid shown.
  public var gridRows: Int
  /// Further per-map sums listed after the maps shown in full.
  public var extraMapSums: Int
  /// Largest terms listed (FC contributions, RBF terms).
  public var terms: Int

  public init(maps: Int = 6, gridRows: Int = 5, extraMapSums: Int = 12, terms: Int = 8) {
    self.maps = max(1, maps)
    self.gridRows = max(1, gridRows)
    self.extraMapSums = max(0, extraMapSums)
    self.terms = max(1, terms)
  }

  /// Enough for LeNet-5's C3 maps in full (at most 6 input maps of 5×5).
  public static let standard = ExplanationLimits()
  /// For a small panel: one map, three rows.
  public static let compact = ExplanationLimits(maps: 1, gridRows: 3, extraMapSums: 4, terms: 5)
}
