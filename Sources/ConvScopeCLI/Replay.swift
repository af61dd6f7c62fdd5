import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import NcursesBackend
import TerminalUI

/// `convscope replay FILE.cast`: plays a recording (`convscope --record`, or any asciicast v2
/// file) in the terminal, or with --check says whether it is a valid asciicast v2 file.
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Play a recording (asciicast v2, from --record) in the terminal, or check it (--check).",
    discussion: """
      Keys: space pause/play, ←/→ 5 s back/on, pgup/pgdn 30 s, [ and ] slower/faster, \
      home/end start/end, q quit. A recording bigger than the terminal shows its top-left part.
      """)

  @Argument(help: "The recording (.cast).") var file: String
  @Option(help: "Playback speed: 0.25, 0.5, 1, 2, 4, 8 or 16.") var speed = 1.0
  @Option(help: "Shorten pauses longer than this many seconds to it (default: the file's idle_time_limit, else none).")
  var idleLimit: Double?
  @Flag(help: "Check the file against the asciicast v2 format instead of playing it; exit 1 if it is not valid.")
  var check = false
  @Flag(help: "With --check: print the result as JSON.") var json = false
  @Flag(help: "Draw with plain ASCII only.") var ascii = false
  @Flag(name: .customLong("no-color"), help: "Use no colours (the same as NO_COLOR=1).") var noColor = false

  /// Recordings are text; this is far above an hour of the workbench (a few MB).
  static let recording = FileIO.Kind(name: "recording", limit: 512 << 20)

  func validate() throws {
    guard ReplayState.speeds.contains(speed) else {
      throw ValidationError("--speed must be one of \(ReplayState.speeds.map { NumberFormat.significant($0) }.joined(separator: ", "))")
    }
    if let idleLimit, !(idleLimit > 0) { throw ValidationError("--idle-limit must be a positive number of seconds") }
    if json && !check { throw ValidationError("--json goes with --check") }
  }

  func run() throws {
    let bytes = try CLI.guarded { try FileIO.read(path: file, as: Self.recording) }
    let result = AsciicastCheck(bytes: bytes)
    if check {
      print(json ? try CLI.json(CheckReport(file: file, result)) : Self.checkText(file, result))
      if !result.isValid { throw ExitCode(1) }
      return
    }
    guard result.isValid, let header = result.header else {
      let first = result.problems.first.map(\.description) ?? "not an asciicast"
      CLI.printError("\(file): \(first) — not a valid asciicast v2 recording (`convscope replay \(file) --check` lists every problem)")
      throw ExitCode(1)
    }
    let player = AsciicastPlayer(header: header, events: result.events, idleLimit: idleLimit)
    let backend = try Workbench.openTerminal(ascii: ascii, noColor: noColor)
    defer { backend.shutdown() }
    let name = (file as NSString).lastPathComponent
    ReplayLoop(backend: backend, state: ReplayState(player: player, name: name, speed: speed, terminalSize: backend.size)).run()
  }

  /// The --check result in words: one line when valid, else a line per problem and a summary.
  static func checkText(_ file: String, _ result: AsciicastCheck) -> String {
    var lines = result.problems.map { "\(file): \($0)" }
    if let cut = result.incompleteLine {
      lines.append("\(file): line \(cut) is cut off (the recording was interrupted); it is left out")
    }
    if result.isValid, let header = result.header {
      let counts = AsciicastEvent.Code.allCases.compactMap { code -> String? in
        let n = result.events.filter { $0.code == code }.count
        return n == 0 ? nil : "\(n.grouped) \(code.name)"
      }
      lines.append("\(file): valid asciicast v2, \(header.width)×\(header.height), \(result.events.count.grouped) events"
        + (counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))")
        + " over \(NumberFormat.significant(result.duration)) s")
    } else {
      lines.append("\(file): not a valid asciicast v2 file (\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s"))")
    }
    return lines.joined(separator: "\n")
  }

  /// The --check --json output.
  struct CheckReport: Encodable {
    struct Problem: Encodable {
      var line: Int
      var problem: String
    }
    var file: String
    var valid: Bool
    var width: Int?
    var height: Int?
    var events: Int
    var outputEvents: Int
    var resizeEvents: Int
    var duration: Double
    var incompleteLine: Int?
    var problems: [Problem]

    enum CodingKeys: String, CodingKey {
      case file, valid, width, height, events, duration, problems
      case outputEvents = "output_events", resizeEvents = "resize_events", incompleteLine = "incomplete_line"
    }

    init(file: String, _ result: AsciicastCheck) {
      self.file = file
      valid = result.isValid
      width = result.header?.width
      height = result.header?.height
      events = result.events.count
      outputEvents = result.events.filter { $0.code == .output }.count
      resizeEvents = result.events.filter { $0.code == .resize }.count
      duration = result.duration
      incompleteLine = result.incompleteLine
      problems = result.problems.map { Problem(line: $0.line, problem: $0.message) }
    }
  }
}

extension AsciicastEvent.Code {
  /// How --check counts events of this kind.
  fileprivate var name: String {
    switch self {
    case .output: "output"
    case .input: "input"
    case .marker: "marker"
    case .resize: "resize"
    }
  }
}
