import TerminalUI

/// The quiz of one lesson: `lessons/quizzes/<lesson id>.md`, one ```` ```quiz ```` block per
/// question (format in `lessons/README.md`).
public struct Quiz: Sendable, Hashable, Identifiable {
  /// The lesson id it belongs to (the file name without `.md`).
  public var id: String
  /// The H1 of the quiz file.
  public var title: String
  public var questions: [QuizQuestion]
  /// The file as written (the facts checks read its comments and `check:` lines).
  public var source: String
  public var path: String?

  /// Parses a quiz file. Every problem names the file and the line ("quizzes/03-lenet5.md:47:
  /// question 3: answer: …"), with the question it is in.
  public init(id: String, text: String, path: String? = nil) throws {
    let file = path ?? "quizzes/\(id).md"
    guard LessonLink.isLessonID(id) else { throw LessonError(file, "a quiz file is named after its lesson, NN-topic.md") }
    // Comment lines stay as empty lines, so the blocks' lines are the file's.
    let document = MarkdownDocument(parsing: LessonMarkup.removingComments(text, keepingLines: true))
    guard let title = document.title else { throw LessonError(file + ":1", "has no title (# Quiz: …)") }
    self.id = id
    self.title = title
    self.source = text
    self.path = path
    let blocks = document.fencedBlocks(language: "quiz")
    guard !blocks.isEmpty else { throw LessonError(file + ":1", "has no ```quiz blocks: each question is one") }
    questions = try blocks.enumerated().map { i, block in
      try QuizQuestion(number: i + 1, lines: block.lines, file: file, fence: block.fence)
    }
    var ids: [String: Int] = [:]
    for (q, block) in zip(questions, blocks) {
      if let first = ids.updateValue(q.number, forKey: q.id) {
        throw LessonError("\(file):\(block.fence)", "question \(q.number): id \"\(q.id)\" is already question \(first)'s")
      }
    }
  }

  /// The question numbered `n` (from 1) or with id `key`.
  public func question(_ key: String) -> QuizQuestion? {
    if let n = Int(key), questions.indices.contains(n - 1) { return questions[n - 1] }
    return questions.first { $0.id == key }
  }
}

/// One question with its answer key, feedback and explanation.
public struct QuizQuestion: Sendable, Hashable {
  /// Position in the quiz, from 1.
  public var number: Int
  /// `id:` or "q<number>".
  public var id: String
  public var prompt: String
  public var kind: Kind
  /// Answers that earn half credit, with what to tell the student.
  public var partials: [Note]
  /// Known wrong answers with targeted feedback.
  public var mistakes: [Note]
  /// Shown for any other wrong answer (before the explanation).
  public var wrongFeedback: String?
  /// The correct fact, shown after every answer.
  public var explanation: String
  /// A nudge shown after a first wrong answer, before the explanation; one more try follows.
  public var hint: String?
  /// Where the question is taught: a lesson section (`03-lenet5.md#c5-is-a-convolution`) or a
  /// `convscope:` view, linked from the end-of-quiz review when the question was missed.
  public var see: String?
  /// Instructions of a guided exercise, in order.
  public var steps: [String]
  /// The `convscope:` link a guided exercise opens.
  public var action: String?
  /// Which of the assignment's five questions this exercise belongs to (`Q1`…`Q5`).
  public var assignment: String?
  /// Engine checks (keys of the tests' `LessonFacts`, with or without `= value`).
  public var checks: [String]
  /// Non-engine numbers with their source, and arithmetic (`calc:`), as in lesson comments.
  public var facts: [String]
  public var calcs: [String]

  public enum Kind: Sendable, Hashable {
    /// One correct option (index from 0).
    case choice(options: [Option], correct: Int)
    /// Several correct options; partial credit for some of them.
    case multi(options: [Option], correct: Set<Int>)
    /// Free text matched against accepted answers (case, spaces and `x`/`×` ignored).
    case short(accepted: [String])
    /// A number, right within `tolerance`.
    case numeric(value: Double, tolerance: Tolerance, unit: String?)
  }

  public struct Option: Sendable, Hashable {
    public var text: String
    /// Shown when this option is picked.
    public var feedback: String?
  }

  public enum Tolerance: Sendable, Hashable {
    case absolute(Double)
    /// A fraction of the answer (0.02 for `2%`).
    case relative(Double)
  }

  /// A response and what to say about it.
  public struct Note: Sendable, Hashable {
    public var response: String
    public var feedback: String
  }

  /// Whether this is a guided exercise (it opens a view of the workbench).
  public var isGuided: Bool { action != nil }

  /// What the review links a missed question to: its `see:` link, else the view a guided
  /// exercise opens, else nil (the review then points to the lesson itself).
  public var reviewLink: String? { see ?? action }

  /// The options, for choice and multi questions.
  public var options: [Option] {
    switch kind {
    case .choice(let options, _), .multi(let options, _): options
    default: []
    }
  }

  /// The right answer, written out ("b) 28×28", "a, c", "60", "7×12").
  public var answerKey: String {
    switch kind {
    case .choice(let options, let correct):
      return "\(Self.letter(correct))) \(options[correct].text)"
    case .multi(_, let correct):
      return correct.sorted().map(Self.letter).joined(separator: ", ")
    case .short(let accepted):
      return accepted[0]
    case .numeric(let value, let tolerance, let unit):
      var text = QuizQuestion.format(value)
      switch tolerance {
      case .absolute(let t) where t > 0: text += " ± " + QuizQuestion.format(t)
      case .relative(let r) where r > 0: text += " ± " + QuizQuestion.format(r * 100) + "%"
      default: break
      }
      return unit.map { text + " " + $0 } ?? text
    }
  }

  /// Option letters: 0 → "a".
  public static func letter(_ index: Int) -> String {
    String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index % 26)))
  }

  /// 60000 → "60,000", 0.5 → "0.5".
  public static func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return Int(x).grouped }
    var s = String(x)
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
  }
}
