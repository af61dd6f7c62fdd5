import ConvEngine

/// What can be done on the Compare screen beyond the totals (`Action.compareScreen`).
public enum CompareScreenAction: Equatable, Sendable {
  /// Scroll the comparison by this many lines (negative: up).
  case scroll(Int)
  /// Measure both models' speed again.
  case remeasure
}

/// Engine work for the Compare screen (`EngineRequest.compareScreen`).
public enum CompareScreenRequest: Equatable, Sendable {
  /// Build `ModelComparison.named(left, right)`.
  case build(left: String, right: String)
  /// Time both models (`measureTiming`) for the projection to a 1.2 M-image epoch.
  case measure(left: String, right: String)
}

/// Results of `CompareScreenRequest` (`EngineEvent.compareScreen`).
public enum CompareScreenEvent: Equatable, Sendable {
  case built(ModelComparison)
  case measured(ComparisonTiming)
}
