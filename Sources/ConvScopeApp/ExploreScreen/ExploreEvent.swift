/// Results of `ExploreRequest`s.
public enum ExploreEvent: Equatable, Sendable {
  case forwardFinished(ExploreTrace)
  /// The inspector text for the value asked about, tagged with where it was asked.
  case explained(layer: Int, channel: Int, y: Int, x: Int, lines: [String])
  case failed(String)
}
