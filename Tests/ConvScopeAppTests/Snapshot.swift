import Foundation
import Testing

/// Compares rendered screens with files in `__Snapshots__/` beside this file.
///
/// Run with `RECORD_SNAPSHOTS=1` to (re)write the files from the current output; review the
/// diff in version control, then run again without it.
enum Snapshot {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")

  static var isRecording: Bool {
    ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  }

  /// Checks `actual` against `__Snapshots__/<name>.txt` (or records it).
  static func assert(
    _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let url = directory.appendingPathComponent(name + ".txt")
    let text = actual.hasSuffix("\n") ? actual : actual + "\n"
    if isRecording {
      do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
      } catch {
        Issue.record("could not record \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      Issue.record(
        "no snapshot \(name).txt; run with RECORD_SNAPSHOTS=1 to create it",
        sourceLocation: sourceLocation)
      return
    }
    if expected != text {
      Issue.record(
        "snapshot \(name) differs\n--- expected\n\(expected)--- actual\n\(text)",
        sourceLocation: sourceLocation)
    }
  }
}
