/// Engine work for the Train screen. A run is long-lived: `.start` creates a `TrainSession`
/// with its own thread, commands go into its mailbox, and `.poll` collects its latest summary.
public enum TrainRequest: Equatable, Sendable {
  /// Start run `runID` as `setup` describes (stopping any previous one).
  case start(TrainSetup, runID: Int)
  /// Tell the running session something.
  case command(TrainCommand)
  /// Report the session's latest summary.
  case poll
  /// Write the checkpoint (and metrics) of run `runID`, which has ended, to `path`.
  case saveEnded(runID: Int, path: String)
  /// Write the metrics of run `runID`, which has ended, to `<stem>.csv` and `<stem>.jsonl`.
  case exportEnded(runID: Int, stem: String)
}

/// What the UI can ask of a running session; each takes effect between two steps.
public enum TrainCommand: Equatable, Sendable {
  case pause
  case resume
  /// One batch, then pause.
  case step
  /// The rest of the current epoch, then pause.
  case epoch
  /// New settings from the next step on (nil: unchanged).
  case settings(learningRate: Float?, momentum: Float?, weightDecay: Float?, batchSize: Int?)
  /// Write a checkpoint (and the metrics beside it, `.jsonl`) to this path, atomically.
  case save(path: String)
  /// Write the run's metrics to `<stem>.csv` and `<stem>.jsonl`, atomically.
  case export(stem: String)
  /// End the run and its thread.
  case stop
}
