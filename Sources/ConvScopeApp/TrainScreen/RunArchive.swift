import ConvEngine
import Foundation

/// What a run leaves behind for `w` and `x`: its complete training state (weights, velocities,
/// position, generators) and its metrics. A session makes one when it ends, so a finished or
/// ended run can still be saved and exported after its trainer is gone; a running session
/// makes one for each save.
struct RunArchive {
  /// Copied, not shared: later steps of a live trainer do not change it.
  let state: TrainerState
  let record: RunRecord
  /// Saved with the checkpoint: dataset, seed, epochs done, test accuracy, the run's summary.
  let metadata: [String: String]
  /// The run's time-lapse so far (nil for a network without a conv layer).
  var timeLapse: TimeLapse? = nil

  /// Writes the checkpoint, then the metrics (`.jsonl`) and the time-lapse
  /// (`.timelapse.safetensors`) beside it, each atomically, so a saved run can be replayed.
  func save(to path: String) throws {
    try Self.makeFolder(for: path)
    try state.write(to: path, metadata: metadata)
    try record.write(to: TrainSetup.metricsPath(forCheckpoint: path))
    try timeLapse?.write(to: TimeLapse.path(forCheckpoint: path))
  }

  /// Writes the metrics as `<stem>.csv` and `<stem>.jsonl`, each atomically.
  func export(stem: String) throws {
    try Self.makeFolder(for: stem)
    try record.write(to: stem + ".csv")
    try record.write(to: stem + ".jsonl")
  }

  private static func makeFolder(for path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
  }
}
