/// Why the ncurses backend could not start. The descriptions are written for the user: the
/// CLI prints them after `convscope: error: ` as they are.
public enum NcursesBackendError: Error, Equatable, CustomStringConvertible {
  /// Standard input or output is a pipe or a file, not a terminal.
  case notATerminal
  /// ncurses does not know `TERM`, or the terminal cannot move its cursor (e.g. `dumb`).
  case unsupportedTerminal(String)
  /// The pseudo-terminal for a headless run could not be opened.
  case pseudoTerminalFailed(String)

  public var description: String {
    switch self {
    case .notATerminal:
      return "the workbench needs a terminal; try `convscope --help` for the command-line tools"
    case .unsupportedTerminal(let term):
      let shown = term.isEmpty ? "TERM is not set" : "TERM=\(term) is unknown or cannot address the cursor"
      return "\(shown); the workbench needs a full-screen terminal (try TERM=xterm-256color)"
    case .pseudoTerminalFailed(let why):
      return "could not open a pseudo-terminal: \(why)"
    }
  }
}
