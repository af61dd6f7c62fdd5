import ConvEngine
import Foundation

/// Runs the user's editor on a model file, on this terminal, and waits for it (the I/O of the
/// `.editModelFile` effect; the app loop has handed the terminal over while it runs).
enum ModelFileEditor {
  /// The editor when `EDITOR` is unset or empty.
  static let fallback = "vi"

  /// The editor command: `EDITOR` (which may carry options, `code -w`), else `vi`.
  static func command(environment: [String: String]) -> String {
    let editor = environment["EDITOR"]?.trimmingCharacters(in: .whitespaces) ?? ""
    return editor.isEmpty ? fallback : editor
  }

  /// Makes `copy` a copy of the shipped model file `original` (temp file, then rename), so
  /// that the editor never changes the file a lesson or the built-ins read. An existing
  /// `copy` is the user's earlier one and is kept as it is. Nil when done, else the problem.
  static func copy(_ original: String, to copy: String) -> String? {
    if AssetLocator.isRegularFile(copy) {
      // The same file under another spelling (the workbench started in the shipped folder)
      // must not count as a copy.
      let same = (realpath(copy, nil), realpath(original, nil))
      defer { free(same.0); free(same.1) }
      if let a = same.0, let b = same.1, String(cString: a) == String(cString: b) {
        return "\(original) ships with convscope and is not edited in place; start the workbench in a folder of your own"
      }
      return nil
    }
    do {
      try FileIO.writeAtomically(try FileIO.read(path: original, as: .model), to: copy)
      return nil
    } catch {
      return "cannot copy \(original.fileName) to edit it: \(error)"
    }
  }

  /// Edits `path` and waits; nil when the editor exited with status 0, else what went wrong
  /// in one line. The command goes through `/bin/sh` as `EDITOR "$1"`, so options in
  /// `EDITOR` work and the path is passed as one word, never parsed by the shell.
  static func edit(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    let editor = command(environment: environment)
    let words: [String] = ["sh", "-c", editor + " \"$1\"", "convscope-editor", path]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    // The editor gets the default actions and no blocked signals, whatever the app set.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP, SIGCONT, SIGWINCH] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    // Like system(3): a Ctrl-C or Ctrl-\ typed while the editor runs is the editor's, not a
    // request to quit the workbench behind it.
    var ignore = sigaction()
    ignore.__sigaction_handler.sa_handler = SIG_IGN
    sigemptyset(&ignore.sa_mask)
    var savedInt = sigaction(), savedQuit = sigaction()
    sigaction(SIGINT, &ignore, &savedInt)
    sigaction(SIGQUIT, &ignore, &savedQuit)
    defer {
      sigaction(SIGINT, &savedInt, nil)
      sigaction(SIGQUIT, &savedQuit, nil)
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ)
    guard spawned == 0 else { return "cannot start the editor \(editor) (\(String(cString: strerror(spawned))))" }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    // The shell says 127 when it cannot find the command.
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    switch exitStatus {
    case 0: return nil
    case 127: return "the editor \(editor) was not found; set EDITOR to one you have (e.g. EDITOR=nano)"
    default: return "the editor \(editor) exited with status \(exitStatus); \(path) was not read again"
    }
  }
}
