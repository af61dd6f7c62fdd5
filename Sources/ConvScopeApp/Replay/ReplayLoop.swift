import TerminalUI

/// Plays a recording on a backend until the user quits: poll for a key (at most `pollTimeout`
/// ms, so playback advances about 30 times a second), move the play position on by the real
/// time that passed, redraw when the picture changed.
///
/// Generic over the backend and given its clock, so tests drive it headless.
public final class ReplayLoop<Backend: TerminalBackend> {
  public private(set) var state: ReplayState
  public private(set) var terminal: Terminal<Backend>
  public let pollTimeout: Int
  private let clock: () -> Double
  private var lastTick: Double
  private var shown: (time: Double, paused: Bool, speed: Double, size: Size)?

  public init(
    backend: Backend, state: ReplayState, pollTimeout: Int = 33,
    clock: @escaping () -> Double = MonotonicClock.seconds
  ) {
    terminal = Terminal(backend: backend)
    var state = state
    state.terminalSize = backend.size
    self.state = state
    self.pollTimeout = pollTimeout
    self.clock = clock
    lastTick = clock()
  }

  /// Runs until quit, or for at most `maxTurns` turns (for scripted tests).
  public func run(maxTurns: Int? = nil) {
    var turns = 0
    while !state.hasQuit {
      if let maxTurns, turns >= maxTurns { return }
      turn()
      turns += 1
    }
  }

  /// One pass: draw if needed, wait for one event, handle it and the time that passed.
  public func turn() {
    drawIfNeeded()
    let event = terminal.nextEvent(timeout: pollTimeout)
    let now = clock()
    updateReplay(&state, .elapsed(max(0, now - lastTick)))
    lastTick = now
    if let event {
      if case .resize = event {
        terminal.invalidate()
        shown = nil
      }
      if let action = ReplayKeys.action(for: event) { updateReplay(&state, action) }
    }
  }

  private func drawIfNeeded() {
    let now = (state.player.time, state.isPaused, state.speed, state.terminalSize)
    if let shown, shown.time == now.0, shown.paused == now.1, shown.speed == now.2, shown.size == now.3 { return }
    let snapshot = state
    terminal.draw { frame in renderReplay(snapshot, into: &frame) }
    shown = now
  }
}
