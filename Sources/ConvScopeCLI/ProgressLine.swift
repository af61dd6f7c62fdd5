import ConvEngine
import Foundation

/// The training progress display: a redrawn bar on a terminal, occasional plain lines otherwise.
final class ProgressLine {
  private let interactive: Bool
  private let silent: Bool
  private var lastDraw = 0.0
  private var lastPlainDecile = -1
  private var drawn = false

  /// `silent` prints nothing at all (for `--json`, whose stdout must be one JSON document).
  init(interactive: Bool, silent: Bool = false) {
    self.interactive = interactive
    self.silent = silent
  }

  func update(epoch: Int, of epochs: Int, fraction: Double, loss: Double, accuracy: Double,
              imagesPerSecond: Double, eta: Double) {
    if silent { return }
    if interactive {
      let now = Benchmark.now()
      // Redrawing 10 times a second is plenty and keeps the terminal out of the hot loop.
      guard now - lastDraw >= 0.1 || fraction >= 1 else { return }
      lastDraw = now
      let width = 24
      let filled = Int((fraction * Double(width)).rounded(.down))
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let line = String(format: "epoch %d/%d %@ %3d%%  loss %.4f  acc %5.2f%%  %@ img/s  ETA %@",
                        epoch, epochs, bar, Int(fraction * 100), loss, accuracy * 100,
                        Int(imagesPerSecond).grouped, NumberFormat.clock(eta))
      CLI.write("\r\u{1B}[K" + line)
      drawn = true
    } else {
      let decile = Int(fraction * 10)
      guard decile > lastPlainDecile, decile < 10 else { return }
      lastPlainDecile = decile
      guard decile > 0 else { return }
      print(String(format: "epoch %d/%d %3d%%  loss %.4f  acc %.2f%%  %@ img/s", epoch, epochs, decile * 10, loss,
                   accuracy * 100, Int(imagesPerSecond).grouped))
    }
  }

  /// Ends the current bar so the next print starts on a clean line.
  func finish() {
    if interactive && drawn { CLI.write("\r\u{1B}[K") }
    drawn = false
    lastPlainDecile = -1
  }
}

/// A JSON-lines training log: one object per step plus epoch and event records.
///
/// Writes are buffered and flushed at least once an epoch; a failed write (a full disk)
/// becomes a one-line error naming the file instead of a crash.
final class JSONLinesLog {
  private let handle: FileHandle
  private let path: String
  private var buffer = ""

  init(path: String) throws {
    self.path = path
    // open(2) rather than FileManager.createFile, which replaces the path by renaming a
    // temporary file over it (that would turn a device such as /dev/null into a file).
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else {
      throw EngineError(path, "cannot create the log file (\(String(cString: strerror(errno))))")
    }
    handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }

  func step(_ r: StepReport) throws {
    buffer += String(format: "{\"step\":%d,\"epoch\":%d,\"progress\":%.5f,\"loss\":%.6g,\"accuracy\":%.5f,\"lr\":%.6g,\"batch\":%d,\"seconds\":%.6f}\n",
                     r.step, r.epoch, r.epochProgress, r.loss, r.accuracy, Double(r.learningRate), r.batchSize, r.seconds)
    if buffer.utf8.count > 1 << 16 { try flush() }
  }

  func event(_ fields: [String: Any]) throws {
    if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
      buffer += String(decoding: data, as: UTF8.self) + "\n"
    }
    try flush()
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    let data = Data(buffer.utf8)
    buffer = ""
    do {
      try handle.write(contentsOf: data)
    } catch {
      throw EngineError(path, "could not write the log: \(error.localizedDescription)")
    }
  }

  func close() throws {
    try flush()
    try? handle.close()
  }
}
