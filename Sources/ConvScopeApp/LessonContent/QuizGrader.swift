/// How a response fared.
public enum QuizOutcome: String, Sendable, Hashable, Codable {
  case correct, partial, wrong, unanswered
}

/// The verdict on one response: credit, what to tell the student, and the right answer.
public struct QuizFeedback: Sendable, Hashable, Codable {
  /// Question number, from 1.
  public var question: Int
  public var id: String
  public var response: String
  public var outcome: QuizOutcome
  /// Credit from 0 to 1.
  public var score: Double
  /// About this response: the picked option's feedback, a targeted hint, or a general line.
  public var feedback: String
  /// The right answer, written out.
  public var answerKey: String
  /// The correct fact behind the question.
  public var explanation: String
  /// The first try, when it missed and the question's hint was shown before this one.
  public var firstResponse: String?
  /// How the try after the hint fared on its own (the credit is halved: `QuizTurn`).
  public var afterHint: QuizOutcome?

  /// The verdict as one line, said once: "Right.", "Right. 32 − 5 + 1.", "Not right. No
  /// padding here.", "Right on the second try: half a point.".
  public var headline: String {
    let head: String
    switch outcome {
    case .correct: head = "Right."
    case .partial where afterHint == .correct: head = "Right on the second try: half a point."
    case .partial: head = "Partly right (\(QuizQuestion.format((score * 100).rounded() / 100)) point)."
    case .wrong where feedback == QuizGrader.notQuite: return feedback
    case .wrong: head = "Not right."
    case .unanswered: return "No answer."
    }
    return feedback.isEmpty ? head : head + " " + feedback
  }
}

/// The total over a quiz.
public struct QuizScore: Sendable, Hashable, Codable {
  public var points: Double
  public var possible: Int
  public var correct: Int
  public var partial: Int

  public var percent: Double { possible == 0 ? 0 : 100 * points / Double(possible) }

  /// "3.5 / 5 (70%)"; points rounded to two decimals.
  public var text: String {
    "\(QuizQuestion.format((points * 100).rounded() / 100)) / \(possible) (\(Int(percent.rounded()))%)"
  }
}

/// Grades responses against a question's answer key. Pure: no I/O, no state.
public enum QuizGrader {
  /// What a wrong answer hears when the question has nothing more specific to say.
  public static let notQuite = "Not quite."

  public static func grade(_ q: QuizQuestion, response raw: String?) -> QuizFeedback {
    let response = (raw ?? "").lessonTrimmed
    var result = QuizFeedback(question: q.number, id: q.id, response: response, outcome: .wrong, score: 0,
                              feedback: "", answerKey: q.answerKey, explanation: q.explanation,
                              firstResponse: nil, afterHint: nil)
    guard !response.isEmpty else {
      result.outcome = .unanswered
      result.feedback = "No answer given."
      return result
    }
    let (score, feedback) = credit(q, response)
    result.score = score
    result.outcome = score >= 1 ? .correct : score > 0 ? .partial : .wrong
    result.feedback = feedback
    return result
  }

  /// Totals a list of graded responses (one per question).
  public static func score(_ feedback: [QuizFeedback]) -> QuizScore {
    QuizScore(points: feedback.reduce(0) { $0 + $1.score }, possible: feedback.count,
              correct: feedback.filter { $0.outcome == .correct }.count,
              partial: feedback.filter { $0.outcome == .partial }.count)
  }

  // MARK: - Per kind

  /// Credit and what to say. A malformed response (which the screen and the interactive CLI
  /// ask again instead of grading) earns nothing and says why. An empty `feedback` means
  /// plain "right", with nothing more to say.
  private static func credit(_ q: QuizQuestion, _ response: String) -> (Double, String) {
    let answer: QuizAnswer
    switch QuizAnswer.read(response, for: q) {
    case .answer(let a): answer = a
    case .malformed(let why): return (0, why)
    case .empty: return (0, "No answer given.")
    }
    switch (q.kind, answer) {
    case (.choice(let options, let correct), .option(let pick)):
      let note = options[pick].feedback
      if pick == correct { return (1, note ?? "") }
      return (0, note ?? q.wrongFeedback ?? QuizGrader.notQuite)
    case (.multi(let options, let correct), .options(let picks)):
      return multi(options, correct, picks)
    case (.short(let accepted), .text(let text)):
      let r = normalized(text)
      if accepted.contains(where: { normalized($0) == r }) { return (1, "") }
      return notes(q, matching: { normalized($0) == r })
    case (.numeric(let value, let tolerance, _), .number(let x)):
      let allowed: Double
      switch tolerance {
      case .absolute(let a): allowed = a
      case .relative(let r): allowed = abs(value) * r
      }
      if abs(x - value) <= allowed + 1e-9 * max(1, abs(value)) { return (1, "") }
      return notes(q, matching: { number(in: $0).map { abs($0 - x) <= 1e-9 * max(1, abs(x)) } ?? false })
    default:
      // `read` answers each kind with its own case.
      return (0, QuizGrader.notQuite)
    }
  }

  /// Half credit for a `partial:` response, targeted feedback for a `mistake:`, else the
  /// general wrong-answer line.
  private static func notes(_ q: QuizQuestion, matching: (String) -> Bool) -> (Double, String) {
    if let p = q.partials.first(where: { matching($0.response) }) { return (0.5, p.feedback) }
    if let m = q.mistakes.first(where: { matching($0.response) }) { return (0, m.feedback) }
    return (0, q.wrongFeedback ?? QuizGrader.notQuite)
  }

  /// Credit = (right picks − wrong picks) / number of right options, at least 0.
  private static func multi(_ options: [QuizQuestion.Option], _ correct: Set<Int>, _ picks: Set<Int>) -> (Double, String) {
    let hits = picks.intersection(correct).count
    let misses = picks.subtracting(correct)
    let score = max(0, Double(hits - misses.count) / Double(correct.count))
    if picks == correct { return (1, "All \(correct.count) and nothing else.") }
    var lines = ["You picked \(hits) of the \(correct.count) right options."]
    for i in misses.sorted() {
      lines.append("\(QuizQuestion.letter(i))) is not right" + (options[i].feedback.map { ": " + $0 } ?? "."))
    }
    let missed = correct.subtracting(picks).sorted().map(QuizQuestion.letter)
    if !missed.isEmpty { lines.append("Also right: \(missed.joined(separator: ", ")).") }
    return (score, lines.joined(separator: " "))
  }

  // MARK: - Reading responses

  /// The number a response starts with: `1,516`, `60 000`, `≈ 0.72`, `54.25`, `5e-4`, `60k`,
  /// `61.7M`, `40%` (→ 40). Nil when it does not start with one.
  public static func number(in text: String) -> Double? {
    var t = Substring(text.lessonTrimmed)
    while let first = t.first, "≈~=".contains(first) || first == " " { t = t.dropFirst() }
    var digits = ""
    var rest = t[...]
    while let c = rest.first {
      if c.isASCII, c.isNumber || c == "." || c == "-" || c == "+" || ((c == "e" || c == "E") && !digits.isEmpty && rest.dropFirst().first.map { $0.isNumber || $0 == "-" } == true) {
        digits.append(c)
      } else if c == "," || c == "_" || c == "\u{2009}" || c == "\u{202F}" || (c == " " && rest.dropFirst().first?.isNumber == true && !digits.isEmpty) {
        // thousands separators
      } else {
        break
      }
      rest = rest.dropFirst()
    }
    guard var x = Double(digits), x.isFinite else { return nil }
    switch rest.first {
    case "k", "K": x *= 1e3
    case "M": x *= 1e6
    case "G": x *= 1e9
    default: break
    }
    return x
  }

  /// For comparing short answers: lower case, `×`/`*` → `x`, without spaces, punctuation
  /// and a leading "the".
  public static func normalized(_ text: String) -> String {
    var t = text.lowercased().lessonTrimmed
    for article in ["the ", "a ", "an "] where t.hasPrefix(article) { t = String(t.dropFirst(article.count)) }
    var out = ""
    for c in t {
      if c == "×" || c == "*" || c == "✕" {
        out.append("x")
      } else if c.isLetter || c.isNumber || c == "+" || c == "=" || c == "/" {
        out.append(c)
      }
    }
    return out
  }
}
