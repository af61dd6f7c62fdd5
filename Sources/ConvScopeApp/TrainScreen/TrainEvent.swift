/// Results of `TrainRequest`s.
public enum TrainEvent: Equatable, Sendable {
  /// The session's latest summary.
  case progress(TrainProgress)
  /// No session is running (e.g. a poll after it ended).
  case noSession
  case failed(String)
  /// An ended run's checkpoint is at `path`, holding it up to `step`.
  case saved(runID: Int, path: String, step: Int)
  /// An ended run's metrics went to `files`.
  case exported(runID: Int, files: String)
  /// Writing an ended run's files failed (the runs go on; only the message changes).
  case writeFailed(String)
}
