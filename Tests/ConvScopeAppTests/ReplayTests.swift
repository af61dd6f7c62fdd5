import TerminalUI
import Testing

@testable import ConvScopeApp

/// Recording the workbench and playing it back: the headless loop over a recording backend,
/// the replay's pure update, and its view in bigger and smaller terminals.
@Suite struct ReplayTests {
  /// Runs a scripted session (screens, help, a resize, Compare's engine results) through a
  /// recorder and returns the backend and the recording's text.
  static func recordSession() -> (MemoryBackend, String) {
    let keys: [InputEvent] = "23".map { .key(.char($0)) } + [.key(.char("?")), .key(KeyEvent(.escape)), .tick]
    let backend = MemoryBackend(width: 120, height: 40, events: keys)
    var text = ""
    var now = 0.0
    let recorder = RecordingBackend(
      backend, header: AsciicastHeader(width: 0, height: 0), write: { text += $0; return nil },
      clock: { now += 0.25; return now })
    let loop = AppLoop(backend: recorder, engine: InlineEngineRunner(), pollTimeout: 0)
    loop.run(maxTurns: 12)
    backend.resize(to: Size(width: 100, height: 30))
    backend.enqueue(.key(.char("1")), .tick)
    loop.run(maxTurns: 8)
    return (backend, text)
  }

  @Test func aRecordedSessionReplaysToTheSameFinalScreen() throws {
    let (backend, text) = Self.recordSession()
    let check = AsciicastCheck(bytes: Array(text.utf8))
    #expect(check.problems == [])
    #expect(check.isValid)
    let header = try #require(check.header)
    #expect(header.width == 120 && header.height == 40)
    #expect(check.events.filter { $0.code == .resize }.map(\.data) == ["100x30"])
    #expect(check.events.filter { $0.code == .output }.count >= 5)
    var player = AsciicastPlayer(header: header, events: check.events)
    player.seek(to: player.duration)
    #expect(player.terminal.size == Size(width: 100, height: 30))
    #expect(player.terminal.screen == backend.buffer)
    #expect(backend.buffer.plainText().contains("┌ Explore "))
    // Halfway through, the player shows the Compare screen the session passed through, at 120×40.
    let compareAt = try #require(check.events.first { $0.data.contains("60,000") }).time
    player.seek(to: compareAt)
    #expect(player.terminal.size == Size(width: 120, height: 40))
    #expect(player.terminal.screen.plainText().contains("┌ Compare "))
  }

  static func state(duration: Double = 10) -> ReplayState {
    let events = stride(from: 0.0, through: duration, by: 1).map {
      AsciicastEvent(time: $0, code: .output, data: "\u{1B}[1;1H\(Int($0))")
    }
    return ReplayState(
      player: AsciicastPlayer(header: AsciicastHeader(width: 20, height: 5), events: events), name: "t.cast",
      terminalSize: Size(width: 40, height: 10))
  }

  /// (actions from a fresh 10-second state, play position, paused, speed) after them.
  static let table: [(actions: [ReplayAction], time: Double, paused: Bool, speed: Double)] = [
    ([.elapsed(1.5)], 1.5, false, 1),
    ([.faster, .elapsed(1.5)], 3, false, 2),
    ([.faster, .faster, .faster, .faster, .faster, .faster, .faster], 0, false, 16),
    ([.slower, .slower, .slower, .elapsed(4)], 1, false, 0.25),
    ([.togglePause, .elapsed(3)], 0, true, 1),
    ([.seek(by: 5), .seek(by: 5), .seek(by: 5)], 10, false, 1),
    ([.seek(by: 7), .seek(by: -5)], 2, false, 1),
    ([.seek(by: -5)], 0, false, 1),
    ([.toEnd, .elapsed(1)], 10, false, 1),
    ([.toEnd, .togglePause, .togglePause], 0, false, 1),
    ([.elapsed(4), .toStart], 0, false, 1),
  ]

  @Test(arguments: table.indices) func updateMovesThePlayPosition(_ i: Int) {
    let row = Self.table[i]
    var state = Self.state()
    for action in row.actions { updateReplay(&state, action) }
    #expect(state.player.time == row.time)
    #expect(state.isPaused == row.paused)
    #expect(state.speed == row.speed)
    #expect(state.player.terminal.screen.text(ofRow: 0).hasPrefix("\(Int(row.time))"))
    #expect(!state.hasQuit)
  }

  @Test func keysMapToActions() {
    let cases: [(InputEvent, ReplayAction?)] = [
      (.key(.char(" ")), .togglePause), (.key(KeyEvent(.right)), .seek(by: 5)), (.key(KeyEvent(.left)), .seek(by: -5)),
      (.key(KeyEvent(.pageDown)), .seek(by: 30)), (.key(.char("]")), .faster), (.key(.char("[")), .slower),
      (.key(KeyEvent(.home)), .toStart), (.key(KeyEvent(.end)), .toEnd), (.key(.char("q")), .quit),
      (.key(KeyEvent(.char("c"), modifiers: .ctrl)), .quit), (.resize(Size(width: 9, height: 9)), .resized(Size(width: 9, height: 9))),
      (.key(.char("z")), nil), (.tick, nil),
    ]
    for (event, action) in cases { #expect(ReplayKeys.action(for: event) == action, "\(event)") }
  }

  /// The replay drawn on a `width`×`height` memory terminal, after `events`.
  static func drawn(width: Int, height: Int, _ events: [InputEvent] = []) -> (MemoryBackend, ReplayLoop<MemoryBackend>) {
    let backend = MemoryBackend(width: width, height: height, events: events)
    let loop = ReplayLoop(backend: backend, state: state(), pollTimeout: 0, clock: { 0 })
    loop.run(maxTurns: events.count + 1)
    loop.turn()
    return (backend, loop)
  }

  @Test func aBiggerTerminalCentresTheRecordingInAFrame() {
    let (backend, _) = Self.drawn(width: 40, height: 12)
    let lines = backend.buffer.plainText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Recording 20×5, framed 22×7, centred in 40×11 (the 12th row is the footer): x 9, y 2.
    #expect(lines[2].hasPrefix(String(repeating: " ", count: 9) + "┌ t.cast "))
    #expect(lines[3].hasPrefix(String(repeating: " ", count: 9) + "│0 "))
    #expect(lines[8].hasPrefix(String(repeating: " ", count: 9) + "└"))
    #expect(lines[11].hasPrefix(" ▶ 0:00.0 / 0:10.0  ×1  "))
    #expect(lines[11].contains("q quit"))
    #expect(!lines[11].contains("shows"))
    // The footer is a reverse-video bar across the whole width.
    #expect((0..<40).allSatisfy { backend.buffer[$0, 11].style.reverse })
  }

  @Test func aSmallerTerminalShowsTheTopLeftAndSaysSo() {
    let (backend, loop) = Self.drawn(width: 30, height: 4, [.key(.char(" ")), .key(KeyEvent(.right))])
    let lines = backend.buffer.plainText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[0] == "5")
    #expect(loop.state.isPaused)
    // Too narrow for the hints and the note: the position and speed are kept.
    #expect(lines[3].hasPrefix(" ❚❚ 0:05.0 / 0:10.0  ×1"))
    let (wide, _) = Self.drawn(width: 90, height: 4)
    #expect(wide.buffer.plainText().contains("shows 20×3 of 20×5"))
    #expect(wide.buffer.plainText().contains("q quit"))
  }
}
