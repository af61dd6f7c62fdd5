/// What the user can do on the Train screen (mapped from keys by `TrainKeys`).
public enum TrainAction: Equatable, Sendable {
  /// Start a run with the chosen model and dataset (when none is running).
  case start
  /// Pause a running run, or resume a paused one.
  case togglePause
  /// Run exactly one batch, then stay paused.
  case stepBatch
  /// Run to the end of the current epoch, then pause.
  case stepEpoch
  /// Next model / dataset for the next run.
  case cycleModel
  case cycleDataset
  /// Multiply the learning rate by `factor` (½ or 2) from the next step on.
  case scaleLearningRate(Float)
  /// Add `delta` to the momentum (kept in 0…0.99) from the next step on.
  case changeMomentum(Float)
  /// Multiply the batch size by `factor` (½ or 2, kept in 1…1024) from the next step on.
  case scaleBatchSize(Double)
  /// Save a checkpoint of the run.
  case save
}
