import Glibc

/// The actions of a few signals at one moment, to put back later.
///
/// `newterm` installs ncurses' own SIGINT/SIGTERM/SIGTSTP/SIGWINCH handlers wherever the
/// action is still the default, and never removes them; a backend that has shut down must
/// not leave them behind (say, ncurses' SIGINT handler during a later benchmark).
struct SavedSignalActions {
  static let touchedByNcurses: [Int32] = [SIGINT, SIGTERM, SIGTSTP, SIGWINCH]

  private var saved: [(signal: Int32, action: sigaction)] = []

  /// Records the current actions of `signals`.
  init(_ signals: [Int32] = SavedSignalActions.touchedByNcurses) {
    for signal in signals {
      var action = sigaction()
      if sigaction(signal, nil, &action) == 0 { saved.append((signal, action)) }
    }
  }

  /// Reinstalls the recorded actions.
  func restore() {
    for entry in saved {
      var action = entry.action
      sigaction(entry.signal, &action, nil)
    }
  }
}
