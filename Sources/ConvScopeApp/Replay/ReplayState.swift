import TerminalUI

/// `convscope replay`: a recording being played, where, how fast, and on what terminal.
public struct ReplayState: Sendable {
  /// The speeds `faster` and `slower` step through.
  public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16]
  /// How far ← and → move, in seconds of the recording.
  public static let seekStep = 5.0

  public var player: AsciicastPlayer
  /// The file's name, for the footer.
  public var name: String
  public var speed: Double
  public var isPaused = false
  public var hasQuit = false
  public var terminalSize: Size

  public init(player: AsciicastPlayer, name: String, speed: Double = 1, terminalSize: Size) {
    self.player = player
    self.name = name
    self.speed = speed
    self.terminalSize = terminalSize
    // The first frame is drawn at once, not after the first tick.
    self.player.seek(to: 0)
  }

  /// Whether the play position has reached the last event.
  public var isAtEnd: Bool { player.time >= player.duration }
}

/// The replay's pure state change.
public func updateReplay(_ state: inout ReplayState, _ action: ReplayAction) {
  switch action {
  case .elapsed(let seconds):
    guard !state.isPaused, !state.isAtEnd else { return }
    state.player.seek(to: state.player.time + seconds * state.speed)
  case .togglePause:
    // Play at the end starts over, as a video player does.
    if state.isPaused, state.isAtEnd { state.player.seek(to: 0) }
    state.isPaused.toggle()
  case .seek(let by):
    state.player.seek(to: state.player.time + by)
  case .toStart:
    state.player.seek(to: 0)
  case .toEnd:
    state.player.seek(to: state.player.duration)
  case .faster:
    state.speed = ReplayState.speeds.first { $0 > state.speed } ?? state.speed
  case .slower:
    state.speed = ReplayState.speeds.last { $0 < state.speed } ?? state.speed
  case .resized(let size):
    state.terminalSize = size
  case .quit:
    state.hasQuit = true
  }
}
