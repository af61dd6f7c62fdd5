import Glibc

/// How to start the ncurses backend.
public struct NcursesOptions: Sendable {
  /// Where curses draws and reads.
  public enum Device: Sendable {
    /// The process's own terminal (standard input and output), using `$TERM`.
    case standardStreams
    /// A pseudo-terminal's follower side with the given terminfo name: headless runs such as
    /// the UI benchmark, which must never touch the user's terminal.
    case pseudoTerminal(PseudoTerminal, term: String)
  }

  public var device: Device
  /// Draw with ASCII only (`--ascii`); also forced when the locale is not UTF-8.
  public var ascii: Bool
  /// No colours at all (`--no-color`); `NO_COLOR` in the environment does the same.
  public var noColor: Bool
  /// Install the SIGINT/SIGTERM/SIGHUP/SIGTSTP/crash handlers that restore the terminal.
  /// Off for pseudo-terminal runs, where the user's terminal was never changed.
  public var installSignalHandlers: Bool
  /// Environment consulted for `NO_COLOR` (and nothing else); injectable for tests.
  public var environment: [String: String]

  public init(
    device: Device = .standardStreams, ascii: Bool = false, noColor: Bool = false,
    installSignalHandlers: Bool? = nil, environment: [String: String]? = nil
  ) {
    self.device = device
    self.ascii = ascii
    self.noColor = noColor
    if case .standardStreams = device {
      self.installSignalHandlers = installSignalHandlers ?? true
    } else {
      self.installSignalHandlers = installSignalHandlers ?? false
    }
    self.environment = environment ?? NcursesOptions.processEnvironment()
  }

  /// The process environment without Foundation (this module only needs a few variables).
  static func processEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    for name in ["NO_COLOR", "COLORTERM", "TERM"] {
      if let value = getenv(name) { result[name] = String(cString: value) }
    }
    return result
  }
}
