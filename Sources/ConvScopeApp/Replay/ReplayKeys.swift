import TerminalUI

/// The replay's keys, also what its footer shows.
public enum ReplayKeys {
  /// The action for an input event; nil for events the replay ignores.
  public static func action(for event: InputEvent) -> ReplayAction? {
    switch event {
    case .resize(let size): return .resized(size)
    case .key(let key):
      if key.modifiers.contains(.ctrl), key.key == .char("c") { return .quit }
      switch key.key {
      case .char(" "), .char("p"): return .togglePause
      case .right, .char("l"): return .seek(by: ReplayState.seekStep)
      case .left, .char("h"): return .seek(by: -ReplayState.seekStep)
      case .pageDown: return .seek(by: 6 * ReplayState.seekStep)
      case .pageUp: return .seek(by: -6 * ReplayState.seekStep)
      case .home, .char("0"): return .toStart
      case .end: return .toEnd
      case .char("+"), .char("]"), .char("="): return .faster
      case .char("-"), .char("["): return .slower
      case .char("q"), .escape: return .quit
      default: return nil
      }
    default: return nil
    }
  }

  /// The footer's hints, longest first tried; the view keeps what fits.
  static let hints: [KeyHint] = [
    KeyHint("space", "pause"), KeyHint("←/→", "5 s"), KeyHint("pgup/pgdn", "30 s"),
    KeyHint("[/]", "speed"), KeyHint("home/end", "start/end"), KeyHint("q", "quit"),
  ]
}
