#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Whole-file reads and atomic writes, with errors that name the file: every data, weights,
/// image, lesson and metrics file goes through here.
///
/// Reads open the path without blocking and refuse anything but a regular file before reading
/// a byte (a FIFO would block forever, `/dev/zero` never ends), and refuse files larger than
/// the caller's limit before allocating for them. Writes only ever replace regular files.
public enum FileIO {
  /// What a file is read as, with the largest size accepted for it. The limits sit far above
  /// any real file of the kind (AlexNet's weights are 244 MB in Float32, 488 MB in Float64;
  /// MNIST's training images 47 MB unpacked) and far below what would exhaust memory.
  public struct Kind: Sendable {
    /// "weights file", "image", …: how messages call the file.
    public let name: String
    /// The largest size read, in bytes.
    public let limit: Int

    public init(name: String, limit: Int) {
      self.name = name
      self.limit = limit
    }

    public static let weights = Kind(name: "weights file", limit: 2 << 30)
    public static let image = Kind(name: "image file", limit: 256 << 20)
    public static let dataset = Kind(name: "data file", limit: 256 << 20)
    public static let text = Kind(name: "text file", limit: 8 << 20)
    public static let metrics = Kind(name: "metrics file", limit: 512 << 20)
    public static let model = Kind(name: "model file", limit: 1 << 20)
  }

  /// The bytes of the regular file at `path`, at most `kind.limit` of them (else an error).
  public static func read(path: String, as kind: Kind) throws -> [UInt8] {
    try readWholeFile(path, kind: kind)
  }

  /// Writes all of `bytes` to an open descriptor, retrying short writes; 0 on success, else
  /// the `errno` value of the write that failed.
  public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    writeAll(descriptor, bytes)
  }

  /// Throws what `read(path:as:)` would throw before reading a byte: no such file, not a
  /// regular file (a FIFO, a device, a folder), unreadable, or over `kind.limit`. Lets the
  /// workbench refuse a bad `--weights` before it takes the terminal over; it never blocks.
  public static func checkReadable(_ path: String, as kind: Kind) throws {
    close(try openRegularFile(path, kind: kind).descriptor)
  }

  /// Throws unless `path` can be written by `writeAtomically`: its folder exists and is
  /// writable, and the path is absent or a regular file. Lets a command refuse a bad
  /// `--save` before it trains, instead of after the first epoch.
  public static func checkWritable(_ path: String) throws {
    if let kind = nonRegularKind(path) {
      throw EngineError(path, "is \(kind), not a regular file; convscope only replaces regular files")
    }
    let directory = folder(of: path)
    var info = stat()
    guard stat(directory, &info) == 0 else {
      throw EngineError(path, "cannot write here: the folder \(directory) does not exist")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      throw EngineError(path, "cannot write here: \(directory) is not a folder")
    }
    guard access(directory, W_OK) == 0 else {
      throw EngineError(path, "cannot write here: the folder \(directory) is not writable (\(errorText(errno)))")
    }
  }

  /// Writes `bytes` so that readers see the old file or the new one, never a partial one.
  ///
  /// The bytes go to a uniquely named hidden temporary file in the same folder
  /// (`.NAME.tmp-<pid>-<n>`), are flushed with `fsync`, and the temporary file is then renamed
  /// over `path`. On failure it is removed and `path` is untouched; a signal that ends the
  /// program mid-save removes it too (`removePendingTemporaries`), and the temporaries of a
  /// process that died without that chance (`kill -9`) are removed by the next save into the
  /// folder or by `removeStaleTemporaries`. Only a regular file (or nothing) at `path` is
  /// replaced: a device, FIFO or folder there is an error.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    if let kind = nonRegularKind(path) {
      throw EngineError(path, "is \(kind), not a regular file; convscope only replaces regular files")
    }
    removeStaleTemporaries(in: folder(of: path))
    let temporary = temporaryName(for: path)
    let slot = PendingTemporaries.shared.register(temporary)
    defer { PendingTemporaries.shared.release(slot) }
    // O_EXCL | O_NOFOLLOW: never write through a file or symlink someone left at that name.
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
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
    syncDirectory(folder(of: path))
  }

  /// Removes the temporary files that saves into `directory` left behind when their process
  /// died mid-save (their process id no longer runs). Safe to call at any time: files of
  /// running processes, this one included, are left alone.
  public static func removeStaleTemporaries(in directory: String) {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    var stale: [String] = []
    while let entry = readdir(stream) {
      // The name is read in place, up to its NUL: copying `d_name` out would read all 256
      // bytes of the field, past the end of a short record at the end of readdir's buffer
      // (a heap overflow AddressSanitizer reports).
      let name = String(cString: UnsafeRawPointer(entry).advanced(by: direntNameOffset).assumingMemoryBound(to: CChar.self))
      guard let pid = temporaryOwner(name), !processIsRunning(pid) else { continue }
      stale.append(name)
    }
    for name in stale {
      let path = directory + "/" + name
      var info = stat()
      // Only regular files: a name that looks like ours but is something else is not ours.
      if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { unlink(path) }
    }
  }

  /// Where `d_name` starts in a `dirent` record.
  private static let direntNameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

  /// Creates the table of pending temporaries now. Call before installing signal handlers:
  /// the table is a lazily made global, and making it inside a handler would allocate (and take
  /// the lazy-initialisation lock), which deadlocks when the signal lands in a thread that is
  /// itself inside `malloc`: the process would then hang instead of ending.
  public static func prepareForSignalHandlers() {
    _ = PendingTemporaries.shared
  }

  /// Removes the temporary files of saves under way in this process. Async-signal-safe (an
  /// atomic load and `unlink` per slot) once `prepareForSignalHandlers` has run, for the
  /// handlers of signals that end the program.
  public static func removePendingTemporaries() {
    PendingTemporaries.shared.removeAll()
  }

  /// The process id in a name made by `temporaryName`, or nil when it is not such a name.
  static func temporaryOwner(_ name: String) -> Int32? {
    let characters = Array(name.utf8), marker = Array(temporaryMarker.utf8)
    guard characters.first == UInt8(ascii: "."), characters.count > marker.count,
      let start = (0...(characters.count - marker.count)).last(where: { characters[$0..<($0 + marker.count)].elementsEqual(marker) })
    else { return nil }
    let parts = String(decoding: characters[(start + marker.count)...], as: UTF8.self)
      .split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
      let pid = Int32(parts[0]), pid > 0
    else { return nil }
    return pid
  }

  static let temporaryMarker = ".tmp-"

  /// `dir/.name.tmp-<pid>-<n>`: hidden, beside the target (rename stays in one file system),
  /// unique per process and save, and recognisable by `removeStaleTemporaries`.
  static func temporaryName(for path: String) -> String {
    let n = temporaryCounter.add(1, ordering: .relaxed).newValue
    let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    return folder(of: path) + "/." + base + temporaryMarker + "\(getpid())-\(n)"
  }

  /// The folder part of `path` ("." for a bare name, "/" for a file at the root).
  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// "a character device", "a FIFO (named pipe)", "a folder" … for a path that exists and is
  /// not a regular file (symbolic links followed); nil for a regular file or nothing.
  static func nonRegularKind(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return describe(mode: info.st_mode)
  }

  /// nil for a regular file, else what the file is, in words.
  static func describe(mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a folder"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFSOCK: return "a socket"
    default: return "not a regular file"
    }
  }
}

private let temporaryCounter = Atomic<Int>(0)

/// Whether a process with this id exists (EPERM: it exists but belongs to someone else).
private func processIsRunning(_ pid: Int32) -> Bool {
  pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
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
private func syncDirectory(_ directory: String) {
  let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { return }
  _ = fsync(descriptor)
  close(descriptor)
}

/// The system's text for an `errno` value, e.g. "No such file or directory".
private func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

/// "2 GiB", "256 MiB", "1.5 KiB": sizes in limit messages.
func byteSizeText(_ bytes: Int) -> String {
  let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
  var value = Double(bytes), unit = 0
  while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
  if unit == 0 { return "\(bytes.grouped) bytes" }
  let rounded = (value * 10).rounded() / 10
  return (rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)") + " " + units[unit]
}

/// An open descriptor on the regular file at `path` and its size, checked against `kind`'s
/// limit; the caller closes it. Errors name the file and say what went wrong.
private func openRegularFile(_ path: String, kind: FileIO.Kind) throws -> (descriptor: Int32, size: Int) {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever, before the
  // type check below could refuse it. It changes nothing for regular files.
  let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
  guard fd >= 0 else { throw EngineError(path, describeErrno(errno)) }
  var info = stat()
  guard fstat(fd, &info) == 0 else {
    let code = errno
    close(fd)
    throw EngineError(path, describeErrno(code))
  }
  if let what = FileIO.describe(mode: info.st_mode) {
    close(fd)
    throw EngineError(path, "is \(what), not a regular file; give the path of a \(kind.name)")
  }
  let size = max(Int(info.st_size), 0)
  guard size <= kind.limit else {
    close(fd)
    throw EngineError(path, "is \(byteSizeText(size)), larger than the \(byteSizeText(kind.limit)) "
      + "convscope reads for a \(kind.name)")
  }
  return (fd, size)
}

/// The raw bytes of a regular file, with errors that name the file and say what went wrong.
private func readWholeFile(_ path: String, kind: FileIO.Kind) throws -> [UInt8] {
  let (fd, expected) = try openRegularFile(path, kind: kind)
  defer { close(fd) }
  // One spare byte so that the final read can report end-of-file without forcing a grow; a
  // file that grows while being read is still read to its end, up to the limit.
  var bytes = [UInt8](repeating: 0, count: expected + 1)
  var filled = 0
  while true {
    if filled == bytes.count {
      guard filled <= kind.limit else {
        throw EngineError(path, "grew past the \(byteSizeText(kind.limit)) convscope reads for a \(kind.name) while being read")
      }
      bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 1 << 16), kind.limit + 1 - filled)))
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
  guard filled <= kind.limit else {
    throw EngineError(path, "grew past the \(byteSizeText(kind.limit)) convscope reads for a \(kind.name) while being read")
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
