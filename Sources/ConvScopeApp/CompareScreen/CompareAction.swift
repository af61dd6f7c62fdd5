/// What can be done on the Compare screen beyond the totals (`Action.compare`).
public enum CompareAction: Equatable, Sendable {
  /// Scroll the comparison by this many lines (negative: up).
  case scroll(Int)
  /// Scroll by this many pages (negative: up).
  case page(Int)
  /// Scroll to the top (Home) or to the bottom (End).
  case scrollToEnd(top: Bool)
  /// Measure both models' speed again (and show that section).
  case remeasure
  /// Move the layer pick to the next (+1) or previous (-1) layer of the table.
  case movePick(Int)
}
