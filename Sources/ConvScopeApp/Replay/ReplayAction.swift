import TerminalUI

/// What can happen while a recording plays.
public enum ReplayAction: Equatable, Sendable {
  /// Real time passed (seconds); a playing recording moves on by that times the speed.
  case elapsed(Double)
  case togglePause
  /// Moves the play position by this many seconds of the recording (negative: back).
  case seek(by: Double)
  case toStart
  case toEnd
  /// Doubles or halves the speed.
  case faster
  case slower
  case resized(Size)
  case quit
}

