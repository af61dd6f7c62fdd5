import CNcurses
import Glibc
import TerminalUI

extension NcursesBackend {
  /// The streams and terminfo name curses will use for a device.
  struct Streams {
    /// nil means `$TERM`.
    var term: String?
    var input: UnsafeMutablePointer<FILE>
    var output: UnsafeMutablePointer<FILE>
    var fd: Int32
    /// Streams opened here that the backend must close after `delscreen`.
    var owned: [UnsafeMutablePointer<FILE>]
  }

  /// Checks the device is a terminal and opens streams on it.
  static func openStreams(for device: NcursesOptions.Device) throws -> Streams {
    switch device {
    case .standardStreams:
      // Refuse before ncurses writes a single byte into a pipe or a file.
      guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        throw NcursesBackendError.notATerminal
      }
      return Streams(term: nil, input: cn_stdin(), output: cn_stdout(), fd: STDOUT_FILENO, owned: [])
    case .pseudoTerminal(let pty, let term):
      // Duplicates, so that closing the streams never closes the pseudo-terminal's own fd.
      guard let output = fdopen(dup(pty.follower), "w"), let input = fdopen(dup(pty.follower), "r")
      else { throw NcursesBackendError.pseudoTerminalFailed("fdopen failed") }
      return Streams(term: term, input: input, output: output, fd: pty.follower, owned: [output, input])
    }
  }

  /// Starts curses on the streams and makes it the current screen; throws (leaving the
  /// terminal as it was) when ncurses does not know the terminal, or when the terminal
  /// cannot address the cursor: ncurses accepts `dumb` and would then scroll line after
  /// line, which no full-screen app can work with.
  static func startCurses(_ streams: Streams, term: String) throws -> OpaquePointer {
    guard let screen = newterm(streams.term, streams.output, streams.input) else {
      throw NcursesBackendError.unsupportedTerminal(term)
    }
    set_term(screen)
    guard cn_tigetstr("cup") != nil else {
      endwin()
      delscreen(screen)
      throw NcursesBackendError.unsupportedTerminal(term)
    }
    return screen
  }

  /// Keys arrive one at a time, unechoed, with special keys decoded; Ctrl-C and Ctrl-Z keep
  /// their signals (cbreak, not raw), which `SignalGuard` turns into a clean exit or stop.
  static func configureInput(_ window: UnsafeMutablePointer<WINDOW>) {
    cbreak()
    noecho()
    // Enter then arrives as CR (13) and output newlines are not translated.
    nonl()
    keypad(window, true)
    meta(window, true)
    // The cursor is hidden, so curses need not put it back after every update.
    leaveok(window, true)
    curs_set(0)
    // Esc must feel instant; 25 ms is plenty for escape sequences even over SSH.
    set_escdelay(25)
    // Report presses and releases as they happen instead of waiting to synthesise clicks.
    mouseinterval(0)
    mousemask(cn_mouse_mask(), nil)
  }

  /// The bytes that undo curses' changes to the look of the terminal, from its terminfo
  /// entry: attributes off, mouse reporting off, keypad off, cursor visible, main screen.
  static func resetSequence() -> [UInt8] {
    var bytes: [UInt8] = []
    func append(_ capability: String) {
      if let value = cn_tigetstr(capability) { bytes += Array(String(cString: value).utf8) }
    }
    append("sgr0")
    // Terminals with xterm mouse support (they have a `kmous` key) get every tracking mode
    // that ncurses might have enabled switched off again.
    if cn_tigetstr("kmous") != nil { bytes += Array("\u{1B}[?1006l\u{1B}[?1000l\u{1B}[?1002l".utf8) }
    append("rmkx")
    append("cnorm")
    append("rmcup")
    return bytes
  }
}
