import ConvEngine
import Dispatch
import Foundation

/// A JSON-lines training log (`train --log`): one object per step plus epoch and event records.
///
/// Writes are buffered and flushed at least once an epoch, and at least once a second (a
/// full AlexNet step takes seconds: its log is readable as it grows, and a run stopped with
/// Ctrl-C keeps its steps). A write that fails (a full disk, a
/// file-size limit) must not leave a log that reads as something it is not: the file is cut
/// back to the end of the last line written whole, so every line in it is a complete record,
/// and the error names the last step it holds (the run then stops with exit 1).
final class JSONLinesLog {
  private let descriptor: Int32
  private let path: String
  private var buffer = ""
  /// The step of the last step record in `buffer`, and in the file once it is written.
  private var bufferedStep: Int?
  private var writtenStep: Int?
  /// Bytes known to be in the file, always at the end of a line.
  private var written: off_t = 0
  /// When the buffer was last written out (uptime nanoseconds).
  private var flushedAt = DispatchTime.now().uptimeNanoseconds

  init(path: String) throws {
    self.path = path
    // open(2) rather than FileManager.createFile, which replaces the path by renaming a
    // temporary file over it (that would turn a device such as /dev/null into a file).
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw EngineError(path, "cannot create the log file (\(String(cString: strerror(errno))))")
    }
  }

  deinit { Glibc.close(descriptor) }

  func step(_ r: StepReport) throws {
    buffer += String(format: "{\"step\":%d,\"epoch\":%d,\"progress\":%.5f,\"loss\":%.6g,\"accuracy\":%.5f,\"lr\":%.6g,\"batch\":%d,\"seconds\":%.6f}\n",
                     r.step, r.epoch, r.epochProgress, r.loss, r.accuracy, Double(r.learningRate), r.batchSize, r.seconds)
    bufferedStep = r.step
    if buffer.utf8.count > 1 << 16 || DispatchTime.now().uptimeNanoseconds - flushedAt > 1_000_000_000 { try flush() }
  }

  func event(_ fields: [String: Any]) throws {
    if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
      buffer += String(decoding: data, as: UTF8.self) + "\n"
    }
    try flush()
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    let bytes = Array(buffer.utf8)
    buffer = ""
    flushedAt = DispatchTime.now().uptimeNanoseconds
    let code = FileIO.write(bytes, to: descriptor)
    guard code != 0 else {
      written += off_t(bytes.count)
      writtenStep = bufferedStep ?? writtenStep
      return
    }
    // Part of the buffer may be in the file, ending mid-record: take it out. (Fails harmlessly
    // on a device such as /dev/full, where nothing was kept anyway.)
    _ = ftruncate(descriptor, written)
    let end = writtenStep.map { "ends after step \($0)" } ?? "holds no steps"
    throw EngineError(path, "could not write the log (\(String(cString: strerror(code)))); the run stopped, "
      + "and the log \(end), cut back to whole lines")
  }

  func close() throws {
    try flush()
  }
}
