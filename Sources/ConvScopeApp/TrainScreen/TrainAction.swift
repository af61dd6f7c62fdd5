/// What the user can do on the Train screen (mapped from keys by `TrainKeys`).
public enum TrainAction: Equatable, Sendable {
  /// Start the next run as set up (when none is running).
  case start
  /// Start these runs one after another (a lesson's comparison, the transfer arms); the
  /// chart overlays them as they come.
  case startRuns([TrainSetup])
  /// Continue the newest saved checkpoint of the next run's model and data.
  case resumeLatest
  /// End the current run (it stays in the runs list).
  case stopRun
  /// Pause a running run, or resume a paused one.
  case togglePause
  /// Run exactly one batch, then stay paused.
  case stepBatch
  /// Run to the end of the current epoch, then pause.
  case stepEpoch
  /// Next model / dataset / epoch count for the next run.
  case cycleModel
  case cycleDataset
  case cycleEpochs
  /// Pooling of the next run: the model's own, max, average.
  case cyclePooling
  /// Next training-set size for the next run: all, 100, 1,000, 10,000 images.
  case cycleLimit
  /// The transfer experiment: the model's shipped MNIST weights on Fashion-MNIST with N
  /// examples (the next run's size, 1,000 for "all"), frozen features vs fine-tune all vs
  /// from scratch, three runs one after another, overlaid.
  case startTransfer
  /// Add `delta` to the next run's seed.
  case changeSeed(Int)
  /// Multiply the learning rate by `factor` (½ or 2): live, or for the next run.
  case scaleLearningRate(Float)
  /// Add `delta` to the momentum (kept in 0…0.99): live, or for the next run.
  case changeMomentum(Float)
  /// Multiply the weight decay by `factor` (½ or 2; from 0 it starts at 1e-4): live, or next run.
  case scaleWeightDecay(Float)
  /// Multiply the batch size by `factor` (½ or 2, kept in 1…1024): live, or next run.
  case scaleBatchSize(Double)
  /// Save a checkpoint of the selected run (and its metrics beside it): the running one,
  /// or any ended one in the runs table.
  case save
  /// Write the selected run's metrics as CSV and JSON Lines.
  case export
  /// Move the selection (−1 up `k`, +1 down `j`): a misclassified image on the mistakes
  /// panel, else a run in the runs table (`w` and `x` act on the selected run).
  case moveSelection(Int)
  /// Open the selected misclassified image in Explore.
  case openMistake
  /// Overlay the next earlier run on the chart (cycling; none after the oldest).
  case cycleCompared
  /// Overlay one more earlier run alongside those already drawn (up to three; then none).
  case addCompared
  /// Loss chart ↔ accuracy chart; linear ↔ log y axis.
  case toggleChart
  case toggleLogScale
  /// The chart on the first steps only (x in steps) ↔ the whole run.
  case toggleZoom
  /// Confusion matrix → misclassified gallery → runs table.
  case cyclePanel
  /// Move through the run's time-lapse (first-layer kernels and the sample's maps), or play it.
  case timeLapse(TimeLapseAction)
  /// Show the next layer whose maps the time-lapse keeps (C1 → C3 → C1…) in the side column.
  case cycleMapLayer
}
