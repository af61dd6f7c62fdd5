import ConvEngine
import Foundation
import TerminalUI

/// The file `--record` writes: opened (and checked) before the terminal is taken over, then
/// appended to a line at a time by `RecordingBackend`.
///
/// Not a temporary file renamed into place, as the project's other saves are: a recording must
/// be readable at every moment, because the session it records may end in a way that leaves no
/// chance to rename (a kill, a crash, the machine losing power). Instead every line is one
/// `write(2)` straight to the file, with no buffer in between, so the file always holds the
/// header and every complete event so far; at worst the last line is cut off, which
/// `replay --check` reports and the player leaves out.
final class CastFile {
  let path: String
  private let descriptor: Int32

  /// Creates (or empties) the file at `path`; throws an error naming it when it cannot.
  init(path: String) throws {
    self.path = path
    try FileIO.checkWritable(path)
    // open(2) rather than FileManager: it would replace the path by renaming over it.
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw EngineError(path, "cannot create the recording (\(String(cString: strerror(errno))))")
    }
  }

  deinit { close(descriptor) }

  /// The header a workbench recording starts with: now, and the terminal type and shell, as
  /// the format suggests (the size is the terminal's, filled in by the recorder).
  static func header(environment: [String: String] = ProcessInfo.processInfo.environment) -> AsciicastHeader {
    AsciicastHeader(
      width: 0, height: 0, timestamp: Int(Date().timeIntervalSince1970), title: "convscope",
      env: environment.filter { $0.key == "TERM" || $0.key == "SHELL" })
  }

  /// Appends `line` with one write; nil, or what went wrong.
  func append(_ line: String) -> String? {
    let code = FileIO.write(Array(line.utf8), to: descriptor)
    return code == 0 ? nil : "could not write \(path): \(String(cString: strerror(code)))"
  }
}
