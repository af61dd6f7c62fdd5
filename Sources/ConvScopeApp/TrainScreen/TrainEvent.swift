/// Results of `TrainRequest`s.
public enum TrainEvent: Equatable, Sendable {
  /// The session's latest summary.
  case progress(TrainProgress)
  /// No session is running (e.g. a poll after it ended).
  case noSession
  case failed(String)
}
