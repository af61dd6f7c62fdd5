import Foundation
import Testing
import TestSupport

/// `--record` and `convscope replay` through the real binary: a session recorded under tmux,
/// checked with `replay --check`, played back in a bigger terminal; Ctrl-C mid-recording; and
/// the one-line errors for bad paths and bad files.
@Suite struct ReplayCLITests {
  /// `convscope ARGS…` in a shell that prints the exit status and stays open.
  static func shell(_ args: [String]) -> [String] { wrapped([CommandRunner.binary] + args) }

  /// Any command (its words) in that shell.
  static func wrapped(_ words: [String]) -> [String] {
    let line = words.map(Tmux.quoted).joined(separator: " ")
    return ["sh", "-c", "trap : INT QUIT; \(line); printf '\\nEXIT:%s\\n' \"$?\"; exec sleep 600"]
  }

  @Test(.enabled(if: Tmux.isInstalled, "needs tmux"))
  func aRecordedSessionChecksAndReplaysInABiggerTerminal() throws {
    let path = Fixtures.temporaryDirectory() + "/demo.cast"
    let record = try Tmux.start(width: 120, height: 40, command: Self.shell(["--record", path]))
    defer { record.kill() }
    try record.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try record.send("3")
    try record.waitFor("the engine's totals on Compare") { $0.joined().contains("60,000") }
    try record.send("q")
    try record.waitFor("the exit status") { $0.contains("EXIT:0") }

    let check = try CommandRunner.run(["replay", path, "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.hasPrefix("\(path): valid asciicast v2, 120×40, "))
    let json = try CommandRunner.run(["replay", path, "--check", "--json"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(report["valid"] as? Bool == true)
    #expect(report["width"] as? Int == 120 && report["height"] as? Int == 40)
    #expect((report["output_events"] as? Int ?? 0) >= 2)
    #expect((report["problems"] as? [Any])?.isEmpty == true)
    // The header names the terminal it was made on, as the format suggests.
    let header = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first)
    #expect(header.hasPrefix("{\"version\": 2, \"width\": 120, \"height\": 40, \"timestamp\": "))
    #expect(header.contains("\"TERM\": \"tmux-256color\""))

    // Played in 140×46: the 120×40 recording in a 122×42 frame titled with the file's name,
    // centred above the footer (x 9, y 1).
    let play = try Tmux.start(width: 140, height: 46, command: Self.shell(["replay", path]))
    defer { play.kill() }
    try play.waitFor("the framed recording") { lines in
      lines.count == 46 && lines[1].hasPrefix(String(repeating: " ", count: 9) + "┌ demo.cast ")
        && lines[2].hasPrefix(String(repeating: " ", count: 9) + "│ Explore ")
    }
    try play.send("End")
    try play.waitFor("the end of the recording, on Compare") { lines in
      lines.joined().contains("60,000") && lines[45].contains("■ end") && lines[45].contains("q quit")
    }
    try play.send("Home")
    try play.waitFor("the start again") { !$0.joined().contains("60,000") }
    try play.send("q")
    try play.waitFor("the exit status") { $0.contains("EXIT:0") }
  }

  /// Whether asciinema (Debian's package, installed by `make test`) is on the PATH.
  static var asciinemaIsInstalled: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/asciinema")
  }

  /// The file is real asciicast v2, not only what our own validator accepts: asciinema itself
  /// plays it, in a terminal of the recorded size, and leaves the screen that was recorded,
  /// row for row (its last frame stays on the terminal when it ends).
  @Test(.enabled(if: Tmux.isInstalled && asciinemaIsInstalled, "needs tmux and asciinema"))
  func asciinemaPlaysARecordingToTheScreenItRecorded() throws {
    let path = Fixtures.temporaryDirectory() + "/compare.cast"
    let record = try Tmux.start(width: 100, height: 30, command: Self.shell(["--record", path]))
    defer { record.kill() }
    try record.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try record.send("3")
    try record.waitFor("the engine's totals on Compare") { $0.joined().contains("60,000") }
    // The Compare screen as it is when `q` ends the recording: its last frame.
    usleep(1_000_000)
    let recorded = try record.screen()
    try record.send("q")
    try record.waitFor("the exit status") { $0.contains("EXIT:0") }

    let play = try Tmux.start(
      width: 100, height: 30, command: Self.wrapped(["asciinema", "play", "--idle-time-limit", "1", path]))
    defer { play.kill() }
    // The recording ends before the workbench leaves the alternate screen, so the status is
    // printed over the last frame, on the row where the cursor was; every other row is compared.
    try play.waitFor("asciinema to finish", timeout: 60) { $0.contains { $0.hasPrefix("EXIT:0") } }
    let played = try play.screen()
    #expect(played.count == recorded.count)
    let differing = zip(played, recorded).enumerated().filter { $0.element.0 != $0.element.1 }
    #expect(differing.count == 1 && differing.allSatisfy { $0.element.0.hasPrefix("EXIT:0") },
            "rows that differ: \(differing.map { "\($0.offset): \($0.element.0) | \($0.element.1)" })")
    #expect(played.joined().contains("60,000"))
  }

  @Test(.enabled(if: Tmux.isInstalled, "needs tmux"))
  func ctrlCLeavesAValidRecording() throws {
    let path = Fixtures.temporaryDirectory() + "/cut.cast"
    let tmux = try Tmux.start(width: 100, height: 30, command: Self.shell(["workbench", "--record", path]))
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try tmux.send("2")
    try tmux.waitFor("the Train screen") { $0.count > 1 && $0[1].contains("┌ Train ") }
    try tmux.send("C-c")
    try tmux.waitFor("the exit status") { $0.contains("EXIT:130") }
    let check = try CommandRunner.run(["replay", path, "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("valid asciicast v2, 100×30"))
  }

  @Test func aBadRecordingPathFailsBeforeTheTerminalIsTaken() throws {
    for args in [["workbench", "--record", "/no-such-folder/x.cast"], ["--record", "/no-such-folder/x.cast"]] {
      let r = try CommandRunner.run(args)
      #expect(r.status == 1)
      #expect(r.stderr == "convscope: error: /no-such-folder/x.cast: cannot write here: the folder /no-such-folder does not exist\n")
    }
    // A tour records the same way, and refuses the same way.
    let tour = try CommandRunner.run(["tour", "lenet5-in-five-minutes", "--record", "/no-such-folder/x.cast"])
    #expect(tour.status == 1)
    #expect(tour.stderr == "convscope: error: /no-such-folder/x.cast: cannot write here: the folder /no-such-folder does not exist\n")
    let folder = Fixtures.temporaryDirectory()
    let r = try CommandRunner.run(["workbench", "--record", folder])
    #expect(r.status == 1)
    #expect(r.stderr == "convscope: error: \(folder): is a folder, not a regular file; convscope only replaces regular files\n")
  }

  @Test func replayCheckNamesTheLineAndProblem() throws {
    let path = Fixtures.temporaryDirectory() + "/bad.cast"
    try """
      {"version": 2, "width": 80, "height": 24}
      [0.5, "o", "a"]
      [0.4, "o", "b"]
      [0.6, "x", "c"]

      """.write(toFile: path, atomically: true, encoding: .utf8)
    let check = try CommandRunner.run(["replay", path, "--check"])
    #expect(check.status == 1)
    #expect(check.stdout == """
      \(path): line 3: the event time 0.4 goes back (the event before is at 0.5)
      \(path): line 4: unknown event code "x" (asciicast v2 has o, i, m and r)
      \(path): not a valid asciicast v2 file (2 problems)

      """)
    // Playing it fails the same way, on one line, before the terminal is needed.
    let play = try CommandRunner.run(["replay", path])
    #expect(play.status == 1)
    #expect(play.stderr == "convscope: error: \(path): line 3: the event time 0.4 goes back (the event before is at 0.5) — "
      + "not a valid asciicast v2 recording (`convscope replay \(path) --check` lists every problem)\n")
    let missing = try CommandRunner.run(["replay", path + ".missing", "--check"])
    #expect(missing.status == 1)
    #expect(missing.stderr == "convscope: error: \(path).missing: no such file\n")
  }

  @Test func replayCheckAcceptsACutOffLastLine() throws {
    let path = Fixtures.temporaryDirectory() + "/cut.cast"
    try "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.5, \"o\", \"a\"]\n[0.9, \"o\", \"b".write(
      toFile: path, atomically: true, encoding: .utf8)
    let check = try CommandRunner.run(["replay", path, "--check"])
    #expect(check.status == 0)
    #expect(check.stdout == """
      \(path): line 3 is cut off (the recording was interrupted); it is left out
      \(path): valid asciicast v2, 80×24, 1 events (1 output) over 0.5 s

      """)
  }
}
