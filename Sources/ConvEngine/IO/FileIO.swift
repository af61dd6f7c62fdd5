#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes, with errors that name the file: every data, weights and
/// image file goes through here.
public enum FileIO {
  /// The bytes of the file at `path`.
  public static func read(path: String) throws -> [UInt8] { try readWholeFile(path) }

  /// Writes `bytes` so that readers see the old file or the new one, never a partial one: they
  /// go to `path + ".tmp-<pid>"` in the same directory, are flushed with `fsync`, and are then
  /// renamed over `path`. On failure the temporary file is removed and `path` is untouched.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".tmp-\(getpid())"
    // O_NOFOLLOW: never write through a symlink someone left at the temporary name.
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else { throw EngineError(path, "could not write: \(errorText(errno))") }
    var code = writeAll(descriptor, bytes)
    // Flush before the rename: otherwise a crash could leave the new name pointing at missing data.
    if code == 0 && fsync(descriptor) != 0 { code = errno }
    if close(descriptor) != 0 && code == 0 { code = errno }
    if code == 0 && rename(temporary, path) != 0 { code = errno }
    guard code == 0 else {
      unlink(temporary)
      throw EngineError(path, "could not write: \(errorText(code))")
    }
    syncDirectory(containing: path)
  }
}

/// Writes all of `bytes`, retrying short writes; 0 on success, else the `errno` value.
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
  bytes.withUnsafeBytes { raw in
    guard let base = raw.baseAddress else { return 0 }
    var done = 0
    while done < raw.count {
      let wrote = write(descriptor, base + done, raw.count - done)
      if wrote < 0 {
        let code = errno
        if code == EINTR { continue }
        return code
      }
      // A zero-byte write of a non-empty buffer would loop forever; treat it as an I/O error.
      if wrote == 0 { return EIO }
      done += wrote
    }
    return 0
  }
}

/// Flushes the directory entry created by a rename, so the new name survives a crash.
/// Best effort: by now the file is in place, so a failure here is not reported as a failed write.
private func syncDirectory(containing path: String) {
  let directory: String
  if let slash = path.lastIndex(of: "/") {
    directory = slash == path.startIndex ? "/" : String(path[..<slash])
  } else {
    directory = "."
  }
  let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { return }
  _ = fsync(descriptor)
  close(descriptor)
}

/// The system's text for an `errno` value, e.g. "No such file or directory".
private func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

/// The raw bytes of a file, with errors that name the file and say what went wrong.
private func readWholeFile(_ path: String) throws -> [UInt8] {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { throw EngineError(path, describeErrno(errno)) }
  defer { close(fd) }

  var info = stat()
  let expected = fstat(fd, &info) == 0 ? max(Int(info.st_size), 0) : 0
  // One spare byte so that the final read can report end-of-file without forcing a grow;
  // sizes that change while reading (or /proc files that report 0) are still handled.
  var bytes = [UInt8](repeating: 0, count: expected + 1)
  var filled = 0
  while true {
    if filled == bytes.count {
      bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16)))
    }
    let got = bytes.withUnsafeMutableBytes { buffer -> Int in
      guard let base = buffer.baseAddress else { return 0 }
      return read(fd, base + filled, buffer.count - filled)
    }
    if got == 0 { break }
    if got < 0 {
      if errno == EINTR { continue }
      throw EngineError(path, describeErrno(errno))
    }
    filled += got
  }
  bytes.removeLast(bytes.count - filled)
  return bytes
}

/// A short, user-facing phrase for a failed open or read.
private func describeErrno(_ code: Int32) -> String {
  switch code {
  case ENOENT: return "no such file"
  case ENOTDIR: return "no such file (part of the path is not a folder)"
  case EACCES, EPERM: return "cannot read the file: permission denied"
  case EISDIR: return "is a folder, not a file"
  default:
    if let text = strerror(code) { return "cannot read the file: \(String(cString: text))" }
    return "cannot read the file (errno \(code))"
  }
}
