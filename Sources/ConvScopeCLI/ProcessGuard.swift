import ConvEngine
import Foundation
import NcursesBackend

/// What every `convscope` process sets up before it runs a command: signals that end it remove
/// the temporary files of saves under way, and standard output that could not be written
/// turns into an error and a non-zero exit instead of silently lost output.
enum ProcessGuard {
  static let endingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

  static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

  static func install() {
    // The workbench replaces these with the terminal-restoring handlers of NcursesBackend,
    // which call the same cleanup through the termination hook (and chain to the crash
    // handlers below after restoring the terminal).
    _ = crashNotes
    FileIO.prepareForSignalHandlers()
    for signal in endingSignals { _ = Glibc.signal(signal, onEndingSignal) }
    // Swift's runtime backtracer, on by default, made a crash look like a hang: it can take a
    // minute to symbolicate, waits for keys when on a terminal, can outlive the process with
    // the pipeline still open, and after a `kill -SEGV` it even let the program run on.
    // Unless the user asks for it (any SWIFT_BACKTRACE setting), our handlers replace it: one
    // line on stderr, the temporaries removed, and the default action (exit 128 + signal).
    if ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil {
      for signal in crashSignals { _ = Glibc.signal(signal, onCrashSignal) }
    }
    // A file-size limit (`ulimit -f`) would otherwise end the process with SIGXFSZ in the
    // middle of a write, leaving a partial log or a save's temporary file; ignored, the write
    // fails with EFBIG and goes through the same error path as a full disk.
    _ = Glibc.signal(SIGXFSZ, SIG_IGN)
    NcursesBackend.setTerminationHook(removePendingTemporaries)
    atexit(checkStandardOutputAtExit)
  }

  /// Throws when output written so far could not be delivered (a full disk, a closed file,
  /// a reader that went away), so a long run stops at the next check instead of training on
  /// with nowhere to report.
  static func checkStandardOutput() throws {
    guard fflush(standardOutputStream) != 0 || ferror(standardOutputStream) != 0 else { return }
    throw EngineError("standard output", "could not write: \(String(cString: strerror(errno)))")
  }
}

/// The C streams behind `print` and error messages. Swift 6 refuses any use of the C globals
/// `stdout` and `stderr` (shared mutable state), so their values are read once through the
/// dynamic linker; the C library sets them before `main` and nothing here reassigns them.
nonisolated(unsafe) let standardOutputStream = cStream(named: "stdout")
nonisolated(unsafe) let standardErrorStream = cStream(named: "stderr")

private func cStream(named name: String) -> UnsafeMutablePointer<FILE> {
  guard let variable = dlsym(nil, name) else { fatalError("the C library has no \(name)") }
  return variable.load(as: UnsafeMutablePointer<FILE>.self)
}

private func removePendingTemporaries() {
  FileIO.removePendingTemporaries()
}

/// A one-line crash note per signal, prepared before any crash (a handler must not allocate).
nonisolated(unsafe) private let crashNotes: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
  let notes = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 65)
  notes.initialize(repeating: nil, count: 65)
  for signal in ProcessGuard.crashSignals {
    let name = String(cString: strsignal(signal))
    notes[Int(signal)] = strdup("convscope: crashed (signal \(signal), \(name)); this is a bug, please report it. "
      + "Run again with SWIFT_BACKTRACE=enable=yes for a backtrace.\n")
  }
  return notes
}()

/// Says what happened in one line, removes the temporaries, and lets the default action end
/// the process (a fault re-raises at once when the handler returns; a sent signal is raised).
private func onCrashSignal(_ signal: Int32) {
  if let note = crashNotes[Int(signal)] { _ = write(STDERR_FILENO, note, strlen(note)) }
  FileIO.removePendingTemporaries()
  _ = Glibc.signal(signal, SIG_DFL)
  raise(signal)
}

/// Removes the temporaries, then ends the process the way the signal would have (so the shell
/// sees 128 + the signal): the default action, raised again.
private func onEndingSignal(_ signal: Int32) {
  FileIO.removePendingTemporaries()
  _ = Glibc.signal(signal, SIG_DFL)
  raise(signal)
}

/// At exit: output still buffered is flushed; if it, or anything before it, failed to reach
/// its destination, say so on standard error and exit 1 instead of the 0 a finished command
/// would return.
private func checkStandardOutputAtExit() {
  let flushed = fflush(standardOutputStream) == 0
  let code = errno
  guard !flushed || ferror(standardOutputStream) != 0 else { return }
  let reason = flushed ? "an earlier write failed" : String(cString: strerror(code))
  let message = "convscope: error: standard output: could not write (\(reason)); the output is incomplete\n"
  _ = message.withCString { fputs($0, standardErrorStream) }
  _exit(1)
}
