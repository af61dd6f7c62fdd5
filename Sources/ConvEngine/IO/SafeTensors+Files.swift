#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
  /// Reads and validates the safetensors file at `path`; errors name `path`.
  public static func read(path: String) throws -> SafeTensorsFile {
    try decode(readWholeFile(path), source: path)
  }

  /// Writes `tensors` and `metadata` to `path` atomically: readers see the old file or the new one,
  /// never a partial one.
  ///
  /// The bytes go to `path + ".tmp-<pid>"` in the same directory, are flushed with `fsync`, and are
  /// then renamed over `path`. On failure the temporary file is removed and `path` is untouched.
  public static func write(_ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String) throws {
    // Checked here so a bad tensor list is a thrown error rather than `encode`'s precondition failure.
    if let problem = encodingProblem(tensors) { throw EngineError(path, "could not write: \(problem)") }
    let bytes = encode(tensors, metadata: metadata)
    let temporary = path + ".tmp-\(getpid())"

    // O_NOFOLLOW: never write through a symlink someone left at the temporary name.
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666)
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

  /// The whole file at `path`, or an error naming the system's reason.
  static func readWholeFile(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw EngineError(path, "could not read: \(errorText(errno))") }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var info = stat()
    if fstat(descriptor, &info) == 0 && info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let got = chunk.withUnsafeMutableBytes { readSome(descriptor, $0) }
      if got < 0 {
        let code = errno
        if code == EINTR { continue }
        throw EngineError(path, "could not read: \(errorText(code))")
      }
      if got == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<got])
    }
  }
}

// File-scope helpers: inside the extension the names `read` and `write` mean the methods above.

/// One `read(2)` into `buffer`; the count read, 0 at end of file, or -1 with `errno` set.
private func readSome(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
  read(descriptor, buffer.baseAddress, buffer.count)
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
private func errorText(_ code: Int32) -> String {
  String(cString: strerror(code))
}
