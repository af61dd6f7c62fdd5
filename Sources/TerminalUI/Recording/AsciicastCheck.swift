/// An asciicast v2 file read and checked against the format's specification
/// (https://docs.asciinema.org/manual/asciicast/v2/): the header, the events that could be
/// read, and every problem found, each with its line.
///
/// The checks: every line is UTF-8 and one JSON value; the header is an object with
/// `version` 2 and positive whole `width` and `height`, and its optional fields have the
/// types the format gives them (`timestamp` whole, `duration` and `idle_time_limit` numbers,
/// `command` and `title` strings, `env` an object of strings, `theme` colours); every event is
/// `[time, code, data]` with a time that is a non-negative number and never goes back, a code
/// of `o`, `i`, `m` or `r`, string data, and `r` data of the form `COLUMNSxROWS`.
///
/// A recording that was interrupted (Ctrl-C, a kill, a crash, a full disk) may end in a
/// line cut off mid-write. That last line, when it has no newline and does not read, is
/// reported in `incompleteLine` and not as a problem: the file is valid up to the last
/// complete event, which is what a player shows.
public struct AsciicastCheck: Sendable {
  public private(set) var header: AsciicastHeader?
  /// The events read, in file order (those with problems left out).
  public private(set) var events: [AsciicastEvent] = []
  public private(set) var problems: [AsciicastProblem] = []
  /// The number of the unterminated last line that was cut off, if any.
  public private(set) var incompleteLine: Int?

  /// Whether the file is a valid recording (up to its last complete event).
  public var isValid: Bool { header != nil && problems.isEmpty }
  /// The time of the last event, in seconds.
  public var duration: Double { events.last?.time ?? 0 }

  /// Reads and checks the bytes of a file.
  public init(bytes: [UInt8]) {
    guard !bytes.isEmpty else {
      problems.append(AsciicastProblem(line: 1, "the file is empty; an asciicast starts with a header line"))
      return
    }
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    // A final newline ends the last line; it does not start an empty one.
    let endsWithNewline = bytes.last == 0x0A
    if endsWithNewline { lines.removeLast() }
    var previousTime = 0.0
    for (index, raw) in lines.enumerated() {
      let number = index + 1
      let isUnterminatedLast = index == lines.count - 1 && !endsWithNewline
      let (parsed, problem) = Self.parse(raw)
      guard let value = parsed else {
        if isUnterminatedLast && number > 1 {
          incompleteLine = number
        } else {
          problems.append(AsciicastProblem(line: number, problem ?? "not valid JSON"))
        }
        continue
      }
      if number == 1 {
        readHeader(value)
      } else if let event = readEvent(value, line: number, after: previousTime) {
        events.append(event)
        previousTime = event.time
      }
    }
  }

  /// One line as JSON, or why it is not.
  private static func parse(_ raw: ArraySlice<UInt8>) -> (JSONValue?, String?) {
    guard !raw.isEmpty, raw.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else {
      return (nil, "empty line (every line of an asciicast is one JSON value)")
    }
    guard let text = String(validating: raw, as: UTF8.self) else {
      return (nil, "not valid UTF-8")
    }
    guard let value = JSONValue.parse(text) else { return (nil, "not valid JSON") }
    return (value, nil)
  }

  private mutating func readHeader(_ value: JSONValue) {
    func problem(_ message: String) { problems.append(AsciicastProblem(line: 1, message)) }
    guard case .object(let fields) = value else {
      problem("the header must be a JSON object, found \(value.kind)")
      return
    }
    switch fields["version"] {
    case nil: problem("the header has no \"version\"")
    case .number(2): break
    case .number(let v): problem("\"version\" is \(Self.numberText(v)); this checker reads asciicast version 2")
    case let other?: problem("\"version\" must be the number 2, found \(other.kind)")
    }
    var size: [String: Int] = [:]
    for key in ["width", "height"] {
      switch fields[key] {
      case nil: problem("the header has no \"\(key)\"")
      case .number(let n) where n >= 1 && n <= 100_000 && n == n.rounded(): size[key] = Int(n)
      case .number(let n): problem("\"\(key)\" must be a whole number of cells from 1 to 100000, found \(Self.numberText(n))")
      case let other?: problem("\"\(key)\" must be a number, found \(other.kind)")
      }
    }
    var header = AsciicastHeader(width: size["width"] ?? 0, height: size["height"] ?? 0)
    switch fields["timestamp"] {
    case nil: break
    case .number(let n) where n == n.rounded() && abs(n) < 1e15: header.timestamp = Int(n)
    case let other?: problem("\"timestamp\" must be a whole number of seconds (Unix time), found \(other.kind == "number" ? "a fraction" : other.kind)")
    }
    for key in ["duration", "idle_time_limit"] {
      switch fields[key] {
      case nil: break
      case .number(let n) where n >= 0: if key == "idle_time_limit" { header.idleTimeLimit = n }
      case .number(let n): problem("\"\(key)\" must not be negative, found \(Self.numberText(n))")
      case let other?: problem("\"\(key)\" must be a number of seconds, found \(other.kind)")
      }
    }
    for key in ["command", "title"] {
      switch fields[key] {
      case nil: break
      case .string(let s): if key == "title" { header.title = s } else { header.command = s }
      case let other?: problem("\"\(key)\" must be a string, found \(other.kind)")
      }
    }
    switch fields["env"] {
    case nil: break
    case .object(let env):
      for name in env.keys.sorted() {
        guard case .string(let text) = env[name] else {
          problem("\"env\".\"\(name)\" must be a string, found \(env[name]?.kind ?? "nothing")")
          continue
        }
        header.env[name] = text
      }
    case let other?: problem("\"env\" must be an object of strings, found \(other.kind)")
    }
    if let theme = fields["theme"] { checkTheme(theme, problem) }
    if size.count == 2 { self.header = header }
  }

  /// `theme`: `fg` and `bg` colours and a `palette` of 8 or 16 colours separated by colons,
  /// each colour written `#rrggbb`.
  private func checkTheme(_ value: JSONValue, _ problem: (String) -> Void) {
    guard case .object(let theme) = value else {
      problem("\"theme\" must be an object, found \(value.kind)")
      return
    }
    func isColor(_ text: Substring) -> Bool {
      text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }
    for key in ["fg", "bg", "palette"] {
      guard case .string(let text) = theme[key] else {
        problem("\"theme\" needs \"\(key)\" as a string, found \(theme[key]?.kind ?? "nothing")")
        continue
      }
      let colors = text.split(separator: ":", omittingEmptySubsequences: false)
      let countOK = key == "palette" ? (colors.count == 8 || colors.count == 16) : colors.count == 1
      if !countOK || !colors.allSatisfy(isColor) {
        problem(key == "palette"
          ? "\"theme\".\"palette\" must be 8 or 16 colours like #rrggbb separated by colons"
          : "\"theme\".\"\(key)\" must be a colour like #rrggbb, found \"\(text)\"")
      }
    }
  }

  private mutating func readEvent(_ value: JSONValue, line: Int, after previous: Double) -> AsciicastEvent? {
    func problem(_ message: String) -> AsciicastEvent? {
      problems.append(AsciicastProblem(line: line, message))
      return nil
    }
    guard case .array(let items) = value else {
      return problem("an event must be an array [time, code, data], found \(value.kind)")
    }
    guard items.count == 3 else {
      return problem("an event must have 3 elements [time, code, data], found \(items.count)")
    }
    guard case .number(let time) = items[0] else {
      return problem("the event time must be a number of seconds, found \(items[0].kind)")
    }
    guard time >= 0, time.isFinite else { return problem("the event time \(Self.numberText(time)) is negative") }
    guard time >= previous else {
      return problem("the event time \(Self.numberText(time)) goes back (the event before is at \(Self.numberText(previous)))")
    }
    guard case .string(let codeText) = items[1] else {
      return problem("the event code must be a string, found \(items[1].kind)")
    }
    guard let code = AsciicastEvent.Code(rawValue: codeText) else {
      return problem("unknown event code \"\(codeText.printablePrefix)\" (asciicast v2 has o, i, m and r)")
    }
    guard case .string(let data) = items[2] else {
      return problem("the event data must be a string, found \(items[2].kind)")
    }
    let event = AsciicastEvent(time: time, code: code, data: data)
    if code == .resize, event.resizedTo == nil {
      return problem("a resize event's data must be COLUMNSxROWS (e.g. 120x40), found \"\(data.printablePrefix)\"")
    }
    return event
  }

  /// A number as a message shows it: whole numbers without ".0".
  static func numberText(_ n: Double) -> String {
    n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
  }
}

extension String {
  /// At most 20 characters of untrusted text, with control characters shown as "?", for messages.
  fileprivate var printablePrefix: String {
    let shown = String(prefix(20).map { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "?" : $0 })
    return count > 20 ? shown + "…" : shown
  }
}
