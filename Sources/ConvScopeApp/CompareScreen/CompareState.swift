import ConvEngine

/// The Compare screen's state: the side-by-side comparison the engine builds from the two
/// models' specs (nothing here is made up), its measured speeds, and what is under way.
public struct CompareState: Equatable, Sendable {
  /// The full side-by-side comparison, once the engine has built it.
  public var comparison: ModelComparison?
  public var isBuilding = false
  public var comparisonError: String?
  /// Measured speeds; they take seconds, so they arrive after the comparison.
  public var timing: ComparisonTiming?
  public var isMeasuring = false
  /// Loop turns since measuring started, to turn the spinner (not a clock: turns are uneven).
  public var measureTicks = 0
  public var timingError: String?
  /// Lines of the screen scrolled off the top.
  public var scroll = 0
  /// The picked layer, an index into `ComparePick.layers` (`<`/`>`); nil: none.
  public var pick: Int?

  public init() {}
}
