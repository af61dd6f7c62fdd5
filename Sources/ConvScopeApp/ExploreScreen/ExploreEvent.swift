/// Results of `ExploreRequest`s.
public enum ExploreEvent: Equatable, Sendable {
  case forwardFinished(ExploreTrace)
  /// The explanation of the value asked about (it carries its key, so a late answer for a
  /// value no longer selected is dropped).
  case explained(ExploreExplanation)
  case failed(String)
}
