import ConvEngine

/// The Compare screen's state: the two models' totals, computed by the engine from their
/// specs (nothing here is made up), plus whether that computation is under way.
public struct CompareState: Equatable, Sendable {
  /// The models compared, by catalog name.
  public static let models = ["lenet5", "alexnet"]

  /// The summaries, in `models` order, once the engine has reported them.
  public var summaries: [ModelSummary]
  /// Whether a summary request is in flight.
  public var isLoading: Bool
  /// Why the last request failed, if it did.
  public var error: String?
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

  public init(summaries: [ModelSummary] = [], isLoading: Bool = false, error: String? = nil) {
    self.summaries = summaries
    self.isLoading = isLoading
    self.error = error
  }

  /// Whether the screen still needs to ask the engine for its numbers.
  public var needsSummaries: Bool { summaries.isEmpty && !isLoading && error == nil }
}
