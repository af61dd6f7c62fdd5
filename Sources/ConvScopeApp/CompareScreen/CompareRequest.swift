/// Engine work for the Compare screen (`EngineRequest.compare`).
public enum CompareRequest: Equatable, Sendable {
  /// Build `ModelComparison.named(left, right)`.
  case build(left: String, right: String)
  /// Time both models (`measureTiming`) for the projection to a 1.2 M-image epoch.
  case measure(left: String, right: String)
}
