/// What can be done on the Compare screen beyond the totals (`Action.compare`).
public enum CompareAction: Equatable, Sendable {
  /// Scroll the comparison by this many lines (negative: up).
  case scroll(Int)
  /// Measure both models' speed again.
  case remeasure
}
