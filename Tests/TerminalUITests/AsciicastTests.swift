import Testing

@testable import TerminalUI

/// Recording and replay in the toolkit: frames to escape sequences and back (`ANSIUpdate`,
/// `VirtualTerminal`), the recorder, the player, and the asciicast v2 checker.
@Suite struct AsciicastTests {
  /// A frame with every kind of style the encoder writes, a wide character and a styled blank.
  static var sample: ScreenBuffer {
    var b = ScreenBuffer(width: 12, height: 4)
    b.put("plain", at: Point(x: 0, y: 0))
    b.put("red", at: Point(x: 6, y: 0), style: Style(fg: .red, bold: true))
    b.put("rgb", at: Point(x: 0, y: 1), style: Style(fg: .rgb(1, 2, 3), bg: .rgb(250, 128, 0), underline: true))
    b.put("256", at: Point(x: 4, y: 1), style: Style(fg: .indexed(202), bg: .indexed(3), dim: true))
    b.put("br", at: Point(x: 8, y: 1), style: Style(fg: .brightCyan, bg: .brightBlack, reverse: true))
    b.put("漢字x", at: Point(x: 0, y: 2), style: Style(fg: .green))
    b[11, 3] = Cell(" ", style: Style(bg: .blue))
    b.put("┌─┐", at: Point(x: 6, y: 3))
    return b
  }

  /// What a terminal shows after reading `text` from blank, at `size`.
  static func played(_ text: String, width: Int, height: Int) -> ScreenBuffer {
    var terminal = VirtualTerminal(width: width, height: height)
    terminal.feed(text)
    return terminal.screen
  }

  // MARK: - Frames to escape sequences and back

  @Test func aFullFrameReadsBackCellForCell() {
    let frame = Self.sample
    let text = ANSIUpdate.text(for: frame.diff(from: ScreenBuffer(width: 0, height: 0)))
    #expect(Self.played(text, width: 12, height: 4) == frame)
  }

  @Test func aDiffTurnsTheOldFrameIntoTheNewOne() {
    let old = Self.sample
    var new = old
    new.put("blue", at: Point(x: 0, y: 0), style: Style(fg: .blue))
    new.put("字", at: Point(x: 3, y: 2))  // overwrites the right half of 漢 and the left of 字
    new[11, 3] = .blank
    var terminal = VirtualTerminal(width: 12, height: 4)
    terminal.feed(ANSIUpdate.text(for: old.diff(from: ScreenBuffer(width: 0, height: 0))))
    let update = ANSIUpdate.text(for: new.diff(from: old))
    terminal.feed(update)
    #expect(terminal.screen == new)
    // Only the changed cells travel: the diff is far shorter than the full frame.
    #expect(update.count < ANSIUpdate.text(for: new.diff(from: ScreenBuffer(width: 0, height: 0))).count / 2)
  }

  @Test func updatesAreSelfContainedAndCarryNoControlCharacters() {
    var frame = ScreenBuffer(width: 4, height: 1)
    frame[0, 0] = Cell("\u{7}", style: Style(fg: .red))
    frame[1, 0] = Cell("a", style: Style(fg: .red))
    let text = ANSIUpdate.text(for: frame.diff(from: ScreenBuffer(width: 0, height: 0)))
    #expect(text == "\u{1B}[1;1H\u{1B}[0;31m a\u{1B}[0m  ")
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0.value != 0x1B })
  }

  @Test func theVirtualTerminalReadsOtherProgramsCommonSequences() {
    // Relative moves, erase in line, CR LF that scrolls (the first line "ab" goes), a window
    // title, modes and a tab; "cd" becomes "xz" (two left, x, erase to the end, z).
    let text = "\u{1B}]0;title\u{7}\u{1B}[?1049hab\r\ncd\u{1B}[2Dx\u{1B}[Kz\r\n1\t2\r\nlast\u{1B}[1;3HQ"
    let screen = Self.played(text, width: 10, height: 3)
    #expect((0..<3).map { screen.text(ofRow: $0) } == ["xzQ       ", "1       2 ", "last      "])
  }

  @Test func escapeSequencesSplitAcrossEventsStillRead() {
    var terminal = VirtualTerminal(width: 5, height: 1)
    terminal.feed("\u{1B}[")
    terminal.feed("31")
    terminal.feed("mX")
    #expect(terminal.screen[0, 0] == Cell("X", style: Style(fg: .red)))
  }

  // MARK: - The recorder

  @Test func theRecorderWritesAHeaderAFrameEventPerFlushAndResizes() throws {
    let memory = MemoryBackend(width: 20, height: 5)
    var lines: [String] = []
    var now = 100.0
    let recorder = RecordingBackend(
      memory, header: AsciicastHeader(width: 0, height: 0, timestamp: 1_700_000_000, env: ["TERM": "xterm"]),
      write: { lines.append($0); return nil }, clock: { now })
    var terminal = Terminal(backend: recorder)
    terminal.draw { $0.buffer.put("hello", at: Point(x: 0, y: 0)) }
    now = 101.5
    terminal.draw { $0.buffer.put("hello", at: Point(x: 0, y: 0)) }  // nothing changed: no event
    memory.size = Size(width: 30, height: 6)
    now = 102.25
    terminal.draw { $0.buffer.put("wider", at: Point(x: 0, y: 1)) }
    #expect(lines.count == 4)
    #expect(lines.allSatisfy { $0.hasSuffix("\n") })
    #expect(lines[0] == "{\"version\": 2, \"width\": 20, \"height\": 5, \"timestamp\": 1700000000, \"env\": {\"TERM\": \"xterm\"}}\n")
    #expect(lines[1].hasPrefix("[0.000000, \"o\", \"\\u001b[?25l\\u001b[1;1H"))
    #expect(lines[2] == "[2.250000, \"r\", \"30x6\"]\n")
    #expect(lines[3].hasPrefix("[2.250000, \"o\", \"\\u001b[0m\\u001b[H\\u001b[2J"))
    let check = AsciicastCheck(bytes: Array(lines.joined().utf8))
    #expect(check.isValid)
    #expect(check.problems.isEmpty)
    #expect(check.events.count == 3)
    #expect(check.header == AsciicastHeader(width: 20, height: 5, timestamp: 1_700_000_000, env: ["TERM": "xterm"]))
    // Played back, the file shows what the backend shows.
    var player = AsciicastPlayer(header: try #require(check.header), events: check.events)
    player.seek(to: player.duration)
    #expect(player.terminal.screen == memory.buffer)
  }

  @Test func aFailedWriteStopsTheRecordingButNotTheSession() {
    let memory = MemoryBackend(width: 10, height: 2)
    var writes = 0
    let recorder = RecordingBackend(
      memory, header: AsciicastHeader(width: 0, height: 0),
      write: { _ in writes += 1; return writes >= 3 ? "No space left on device" : nil }, clock: { 0 })
    var terminal = Terminal(backend: recorder)
    for text in ["a", "b", "c", "d"] { terminal.draw { $0.buffer.put(text, at: Point(x: 0, y: 0)) } }
    #expect(writes == 3)
    #expect(recorder.eventCount == 1)
    #expect(recorder.failure == "the recording stopped after 1 events: No space left on device")
    #expect(memory.buffer.text(ofRow: 0).hasPrefix("d"))
  }

  // MARK: - The player

  /// Twelve frames, one a second, each writing its number at the top left; a resize halfway.
  static var counting: String {
    var lines = [AsciicastHeader(width: 8, height: 2).jsonLine]
    for i in 0..<12 {
      if i == 6 { lines.append(AsciicastEvent(time: 5.5, code: .resize, data: "6x3").jsonLine) }
      lines.append(AsciicastEvent(time: Double(i), code: .output, data: "\u{1B}[1;1H\(i)  ").jsonLine)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func seekingBackAndForthShowsWhatPlayingStraightThroughShows() throws {
    let check = AsciicastCheck(bytes: Array(Self.counting.utf8))
    #expect(check.isValid)
    let header = try #require(check.header)
    var player = AsciicastPlayer(header: header, events: check.events, keyframeEvery: 2)
    for target in [11.0, 2.5, 7.0, 0.0, 9.9, 5.6, 5.4, 100, -3] {
      player.seek(to: target)
      var straight = AsciicastPlayer(header: header, events: check.events, keyframeEvery: 1000)
      straight.seek(to: target)
      #expect(player.terminal == straight.terminal, "at \(target)")
      let clamped = min(max(target, 0), 11)
      #expect(player.time == clamped)
      // The frame numbered by the last event at or before the position, on a resized screen after 5.5 s.
      #expect(player.terminal.screen.text(ofRow: 0).hasPrefix("\(Int(clamped))"))
      #expect(player.terminal.size == (clamped >= 5.5 ? Size(width: 6, height: 3) : Size(width: 8, height: 2)))
    }
  }

  @Test func theIdleLimitShortensLongPauses() {
    let events = [0.0, 0.5, 30.5, 31.0].map { AsciicastEvent(time: $0, code: .output, data: "x") }
    let limited = AsciicastPlayer(header: AsciicastHeader(width: 4, height: 1), events: events, idleLimit: 2)
    #expect(limited.events.map(\.time) == [0, 0.5, 2.5, 3])
    // Without a flag the header's limit applies; the flag wins over it.
    let fromHeader = AsciicastPlayer(header: AsciicastHeader(width: 4, height: 1, idleTimeLimit: 1), events: events)
    #expect(fromHeader.duration == 2)
    #expect(AsciicastPlayer(header: AsciicastHeader(width: 4, height: 1), events: events).duration == 31)
  }

  // MARK: - The checker

  static let good = """
    {"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "idle_time_limit": 2.5, "title": "Demo", \
    "env": {"TERM": "xterm-256color", "SHELL": "/bin/zsh"}, \
    "theme": {"fg": "#d0d0d0", "bg": "#212121", "palette": "#151515:#ac4142:#7e8e50:#e5b567:#6c99bb:#9f4e85:#7dd6cf:#d0d0d0"}}
    [0.248848, "o", "\\u001b[1;31mHello \\u001b[32mWorld!\\u001b[0m\\n"]
    [1.001376, "o", "That was ok\\rThis is better."]
    [1.5, "m", ""]
    [2.143733, "r", "90x30"]
    [2.143733, "i", "q"]

    """

  @Test func aGoodFileFromTheSpecificationPasses() throws {
    let check = AsciicastCheck(bytes: Array(Self.good.utf8))
    #expect(check.problems == [])
    #expect(check.isValid)
    #expect(check.incompleteLine == nil)
    #expect(check.events.map(\.code) == [.output, .output, .marker, .resize, .input])
    #expect(check.duration == 2.143733)
    let header = try #require(check.header)
    #expect(header.width == 80 && header.height == 24 && header.idleTimeLimit == 2.5 && header.title == "Demo")
    #expect(header.env == ["TERM": "xterm-256color", "SHELL": "/bin/zsh"])
    // A final line without its newline is still a complete event.
    #expect(AsciicastCheck(bytes: Array(Self.good.dropLast().utf8)).isValid)
  }

  static let header = "{\"version\": 2, \"width\": 80, \"height\": 24}"

  /// Bad files, each with the line and the words its one problem must be reported with.
  static let bad: [(text: String, line: Int, words: String)] = [
    ("", 1, "the file is empty; an asciicast starts with a header line"),
    ("[2, 80, 24]\n", 1, "the header must be a JSON object, found array"),
    ("{\"width\": 80, \"height\": 24}\n", 1, "the header has no \"version\""),
    ("{\"version\": 1, \"width\": 80, \"height\": 24}\n", 1, "\"version\" is 1; this checker reads asciicast version 2"),
    ("{\"version\": \"2\", \"width\": 80, \"height\": 24}\n", 1, "\"version\" must be the number 2, found string"),
    ("{\"version\": 2, \"height\": 24}\n", 1, "the header has no \"width\""),
    ("{\"version\": 2, \"width\": 80.5, \"height\": 24}\n", 1, "\"width\" must be a whole number of cells from 1 to 100000, found 80.5"),
    ("{\"version\": 2, \"width\": 80, \"height\": 0}\n", 1, "\"height\" must be a whole number of cells from 1 to 100000, found 0"),
    ("{\"version\": 2, \"width\": 80, \"height\": true}\n", 1, "\"height\" must be a number, found boolean"),
    ("{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1.5}\n", 1, "\"timestamp\" must be a whole number of seconds (Unix time), found a fraction"),
    ("{\"version\": 2, \"width\": 80, \"height\": 24, \"idle_time_limit\": \"2\"}\n", 1, "\"idle_time_limit\" must be a number of seconds, found string"),
    ("{\"version\": 2, \"width\": 80, \"height\": 24, \"duration\": -1}\n", 1, "\"duration\" must not be negative, found -1"),
    ("{\"version\": 2, \"width\": 80, \"height\": 24, \"title\": 3}\n", 1, "\"title\" must be a string, found number"),
    ("{\"version\": 2, \"width\": 80, \"height\": 24, \"env\": {\"TERM\": null}}\n", 1, "\"env\".\"TERM\" must be a string, found null"),
    ("{\"version\": 2, \"width\": 80, \"height\": 24, \"theme\": {\"fg\": \"red\", \"bg\": \"#000000\", \"palette\": \"#000000:#111111:#222222:#333333:#444444:#555555:#666666:#777777\"}}\n",
     1, "\"theme\".\"fg\" must be a colour like #rrggbb, found \"red\""),
    (header + "\n[0.5, \"o\", \"a\"]\n[0.4, \"o\", \"b\"]\n", 3, "the event time 0.4 goes back (the event before is at 0.5)"),
    (header + "\n[-1, \"o\", \"a\"]\n", 2, "the event time -1 is negative"),
    (header + "\n[\"0.5\", \"o\", \"a\"]\n", 2, "the event time must be a number of seconds, found string"),
    (header + "\n[0.5, \"x\", \"a\"]\n", 2, "unknown event code \"x\" (asciicast v2 has o, i, m and r)"),
    (header + "\n[0.5, \"o\"]\n", 2, "an event must have 3 elements [time, code, data], found 2"),
    (header + "\n{\"time\": 0.5}\n", 2, "an event must be an array [time, code, data], found object"),
    (header + "\n[0.5, \"o\", 7]\n", 2, "the event data must be a string, found number"),
    (header + "\n[0.5, \"r\", \"80 by 24\"]\n", 2, "a resize event's data must be COLUMNSxROWS (e.g. 120x40), found \"80 by 24\""),
    (header + "\n[0.5, \"o\", \"a\"],\n[0.6, \"o\", \"b\"]\n", 2, "not valid JSON"),
    (header + "\n\n[0.6, \"o\", \"b\"]\n", 2, "empty line (every line of an asciicast is one JSON value)"),
    (header + "\n[0.5, \"o\", \"\u{FF}\"]\n", 2, "not valid UTF-8"),
    ("{\"version\": 2, \"width\": 8", 1, "not valid JSON"),
  ]

  @Test(arguments: bad.indices) func eachBadFileIsReportedWithItsLineAndProblem(_ i: Int) {
    let (text, line, words) = Self.bad[i]
    // U+00FF stands for the invalid byte 0xFF (a Swift string cannot hold it).
    let bytes = Array(text.utf8).reduce(into: [UInt8]()) { out, byte in out.append(byte) }
      .replacingUTF8Of("\u{FF}", with: [0xFF])
    let check = AsciicastCheck(bytes: bytes)
    #expect(!check.isValid)
    #expect(check.problems == [AsciicastProblem(line: line, words)])
    #expect(check.problems.first?.description == "line \(line): \(words)")
  }

  @Test func aRecordingCutOffAnywhereIsValidUpToItsLastCompleteEvent() throws {
    let full = Array(Self.counting.utf8)
    let lineEnds = full.indices.filter { full[$0] == 0x0A }
    let headerEnd = try #require(lineEnds.first)
    // Every cut after the header's newline: inside an event line or just after one.
    for cut in (headerEnd + 1)..<full.count {
      let check = AsciicastCheck(bytes: Array(full[..<cut]))
      let complete = lineEnds.filter { $0 < cut }.count - 1
      #expect(check.isValid, "cut at \(cut): \(check.problems)")
      let endsOnLine = full[cut - 1] == 0x0A
      // A cut line that happens to be whole JSON (only when the cut falls on the line's end) counts.
      #expect(check.events.count == complete || (!endsOnLine && check.events.count == complete + 1), "cut at \(cut)")
      if check.events.count == complete && !endsOnLine {
        #expect(check.incompleteLine == complete + 2, "cut at \(cut)")
      } else {
        #expect(check.incompleteLine == nil, "cut at \(cut)")
      }
    }
    // A cut inside the header is a problem: without it nothing can play.
    let headless = AsciicastCheck(bytes: Array(full[..<(headerEnd / 2)]))
    #expect(!headless.isValid)
    #expect(headless.problems == [AsciicastProblem(line: 1, "not valid JSON")])
  }

  @Test func aCutLineInTheMiddleIsAProblemNotATruncation() {
    let text = Self.header + "\n[0.5, \"o\", \"a\n[0.6, \"o\", \"b\"]\n"
    let check = AsciicastCheck(bytes: Array(text.utf8))
    #expect(check.problems == [AsciicastProblem(line: 2, "not valid JSON")])
    #expect(check.incompleteLine == nil)
    #expect(check.events.map(\.data) == ["b"])
  }
}

extension Array where Element == UInt8 {
  /// The bytes with every UTF-8 encoding of `character` replaced by `replacement`.
  fileprivate func replacingUTF8Of(_ character: Character, with replacement: [UInt8]) -> [UInt8] {
    let pattern = Array(String(character).utf8)
    var out: [UInt8] = []
    var i = 0
    while i < count {
      if i + pattern.count <= count, Array(self[i..<(i + pattern.count)]) == pattern {
        out += replacement
        i += pattern.count
      } else {
        out.append(self[i])
        i += 1
      }
    }
    return out
  }
}
