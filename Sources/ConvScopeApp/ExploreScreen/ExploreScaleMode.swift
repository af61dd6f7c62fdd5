/// Which range a heatmap's colours span.
public enum ExploreScaleMode: String, Equatable, Sendable, CaseIterable {
  /// Each map on its own range (shows every map's structure, hides relative strength).
  case map
  /// One range for the whole layer (maps compare with each other).
  case layer
  /// One range for every layer of the pass.
  case global

  /// The next mode in the toggle cycle.
  public var next: ExploreScaleMode {
    switch self {
    case .map: .layer
    case .layer: .global
    case .global: .map
    }
  }
}
