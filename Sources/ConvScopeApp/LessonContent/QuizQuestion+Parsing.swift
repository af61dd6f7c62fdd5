extension QuizQuestion {
  /// The keys a ```` ```quiz ```` block may use (see `lessons/README.md`).
  public static let keys: Set<String> = [
    "id", "type", "question", "option", "feedback", "answer", "tolerance", "unit", "partial", "mistake", "wrong",
    "explain", "hint", "see", "step", "action", "assignment", "check", "fact", "calc",
  ]

  /// Reads one ```` ```quiz ```` block: `key: value` lines; a line starting with two spaces
  /// continues the previous value. `fence` is the line of the block's opening fence in `file`:
  /// a problem is named "FILE:LINE: question N: key: problem", LINE being the key's line (the
  /// fence's when the key is missing).
  public init(number: Int, lines: [String], file: String = "quiz", fence: Int = 0) throws {
    func fail(_ line: Int, _ subject: String, _ problem: String) -> LessonError {
      LessonError("\(file):\(line)", "question \(number): \(subject): \(problem)")
    }
    var entries: [(key: String, value: String, line: Int)] = []
    for (offset, raw) in lines.enumerated() {
      let line = fence + 1 + offset
      if raw.lessonTrimmed.isEmpty { continue }
      if raw.hasPrefix("  ") {
        guard !entries.isEmpty else { throw fail(line, raw.lessonTrimmed, "a continuation line needs a key line before it") }
        entries[entries.count - 1].value += " " + raw.lessonTrimmed
        continue
      }
      guard let colon = raw.firstIndex(of: ":") else { throw fail(line, raw, "expected key: value") }
      let key = String(raw[..<colon]).lessonTrimmed
      guard Self.keys.contains(key) else {
        throw fail(line, key, "unknown key; known: \(Self.keys.sorted().joined(separator: ", "))")
      }
      entries.append((key, String(raw[raw.index(after: colon)...]).lessonTrimmed, line))
    }
    /// The line of the first `key:` line, or the fence's when there is none.
    func line(_ key: String) -> Int { entries.first { $0.key == key }?.line ?? fence }
    /// Runs `read` on a value; its error (which names the value) gets the value's line.
    func at<T>(_ line: Int, _ read: () throws -> T) throws -> T {
      do { return try read() } catch let error as LessonError { throw fail(line, error.subject, error.problem) }
    }
    func all(_ key: String) -> [String] { entries.filter { $0.key == key }.map(\.value) }
    func one(_ key: String) throws -> String? {
      let found = entries.filter { $0.key == key }
      guard found.count <= 1 else { throw fail(found[1].line, key, "given \(found.count) times; give it once") }
      if let first = found.first, first.value.isEmpty { throw fail(first.line, key, "is empty") }
      return found.first?.value
    }
    func need(_ key: String) throws -> String {
      guard let value = try one(key) else { throw fail(fence, key, "missing") }
      return value
    }

    self.number = number
    id = try one("id") ?? "q\(number)"
    prompt = try need("question")
    explanation = try need("explain")
    wrongFeedback = try one("wrong")
    hint = try one("hint")
    see = try one("see")
    steps = all("step")
    action = try one("action")
    assignment = try one("assignment")
    checks = all("check")
    facts = all("fact")
    calcs = all("calc")
    partials = try entries.filter { $0.key == "partial" }.map { e in try at(e.line) { try Self.note(e.value) } }
    mistakes = try entries.filter { $0.key == "mistake" }.map { e in try at(e.line) { try Self.note(e.value) } }
    if let action, !LessonLink.isActionTarget(action) {
      throw fail(line("action"), action, "action: takes a convscope: link")
    }
    if let see, !LessonLink.isActionTarget(see) {
      throw fail(line("see"), see, "see: takes a lesson section (03-lenet5.md#c5-is-a-convolution) or a convscope: link")
    }
    if action == nil, !steps.isEmpty { throw fail(line("step"), "step", "a guided exercise needs an action: link too") }

    // Options, each followed by its optional feedback.
    var options: [Option] = []
    for (key, value, at) in entries where key == "option" || key == "feedback" {
      if key == "option" {
        options.append(Option(text: value, feedback: nil))
      } else {
        guard !options.isEmpty, options[options.count - 1].feedback == nil else {
          throw fail(at, "feedback", "must follow its option: line (one per option)")
        }
        options[options.count - 1].feedback = value
      }
    }
    let type = try need("type")
    let answers = entries.filter { $0.key == "answer" }
    guard !answers.isEmpty else { throw fail(fence, "answer", "missing: every question needs its answer key") }
    if let empty = answers.first(where: { $0.value.isEmpty }) { throw fail(empty.line, "answer", "is empty: every question needs its answer key") }
    if type != "short", answers.count > 1 { throw fail(answers[1].line, "answer", "given \(answers.count) times; only short answers take several") }
    if ["choice", "multi"].contains(type) {
      guard options.count >= 2, options.count <= 26 else { throw fail(line("option"), "option", "a \(type) question needs 2 to 26 options") }
    } else if !options.isEmpty {
      throw fail(line("option"), "option", "only choice and multi questions have options")
    }
    let toleranceText = try one("tolerance")
    let unit = try one("unit")
    if toleranceText != nil || unit != nil, type != "numeric" {
      let key = toleranceText != nil ? "tolerance" : "unit"
      throw fail(line(key), key, "only numeric questions take tolerance: and unit:")
    }

    let answer = answers[0]
    switch type {
    case "choice":
      let index = try at(answer.line) { try Self.optionIndex(answer.value, count: options.count) }
      kind = .choice(options: options, correct: index)
    case "multi":
      let picks = try at(answer.line) {
        try answer.value.split(separator: ",").map { try Self.optionIndex(String($0).lessonTrimmed, count: options.count) }
      }
      guard !picks.isEmpty else { throw fail(answer.line, "answer", "list the correct options, like a, c") }
      kind = .multi(options: options, correct: Set(picks))
    case "short":
      kind = .short(accepted: answers.map(\.value))
    case "numeric":
      guard let value = QuizGrader.number(in: answer.value) else {
        throw fail(answer.line, answer.value, "the answer of a numeric question must be a number")
      }
      let tolerance = try at(line("tolerance")) { try toleranceText.map(Self.tolerance) } ?? .absolute(0)
      kind = .numeric(value: value, tolerance: tolerance, unit: unit)
    default:
      throw fail(line("type"), type, "unknown type; use choice, multi, short or numeric")
    }
  }

  /// `b` or `2` → 1.
  static func optionIndex(_ text: String, count: Int) throws -> Int {
    let t = text.lowercased()
    if t.count == 1, let c = t.unicodeScalars.first, c.value >= 97, c.value < 97 + UInt32(count) { return Int(c.value) - 97 }
    if let n = Int(t), n >= 1, n <= count { return n - 1 }
    throw LessonError(text, "not one of the options (a…\(letter(count - 1)))")
  }

  /// `2%` → relative 0.02; `0.5` → absolute 0.5.
  static func tolerance(_ text: String) throws -> Tolerance {
    if text.hasSuffix("%"), let p = QuizGrader.number(in: String(text.dropLast())), p >= 0 { return .relative(p / 100) }
    if let a = QuizGrader.number(in: text), a >= 0 { return .absolute(a) }
    throw LessonError(text, "a tolerance is a number (absolute) or a percentage like 2%")
  }

  /// `RESPONSE | FEEDBACK`.
  static func note(_ text: String) throws -> Note {
    let parts = text.split(separator: "|", maxSplits: 1).map { String($0).lessonTrimmed }
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw LessonError(text, "write the response, a | and the feedback")
    }
    return Note(response: parts[0], feedback: parts[1])
  }
}
