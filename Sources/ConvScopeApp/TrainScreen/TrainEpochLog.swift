import ConvEngine
import Foundation

/// Appends one JSON line per finished epoch of a Train-screen run to the file named by
/// `CONVSCOPE_TRAIN_REPORT`, when that is set. `convscope bench` uses it to measure the
/// throughput of a run trained with the screen live in a real terminal; users need not.
public enum TrainEpochLog {
  public static let variable = "CONVSCOPE_TRAIN_REPORT"

  /// The file to append to, if any.
  static let path: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }

  /// One line: the run, the epoch, images trained, wall and step seconds, test accuracy.
  static func append(_ p: TrainProgress, _ e: RunRecord.Epoch) {
    guard let path else { return }
    let fields: [String: Any] = [
      "run": p.runID, "model": p.model, "dataset": p.dataset, "epoch": e.epoch, "images": e.images,
      "wall_seconds": e.wallSeconds, "train_seconds": e.seconds, "test_accuracy": e.testAccuracy ?? NSNull(),
      "batch": p.batchSize,
    ]
    guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
    line.append(0x0A)
    if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    guard let handle = FileHandle(forWritingAtPath: path) else { return }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: line)
  }
}
