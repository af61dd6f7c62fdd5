import TerminalUI
import Testing

@testable import ConvScopeApp

/// Quiz blocks parse into questions, and `QuizGrader` grades right, wrong, partial and
/// numeric answers with the right feedback.
@Suite struct LessonQuizTests {
  static let text = """
    # Quiz: test

    Intro.

    ```quiz
    id: size
    type: choice
    question: How big is C1's map?
    option: 32×32
    feedback: No padding here.
    option: 28×28
    feedback: 32 − 5 + 1.
    option: 14×14
    answer: b
    explain: 32 − 5 + 1 = 28.
    ```

    ```quiz
    type: multi
    question: Which are true?
    option: one
    option: two
      (continued)
    feedback: not two
    option: three
    answer: a, c
    explain: One and three.
    ```

    ```quiz
    type: short
    question: Why 84?
    answer: 7×12
    answer: seven by twelve
    partial: 84 | That restates the number; which grid gives 84?
    mistake: 12×12 | That is 144.
    wrong: Think of the bitmaps.
    explain: 7 × 12 = 84.
    ```

    ```quiz
    type: numeric
    question: About how many parameters?
    answer: 1,016
    tolerance: 5%
    unit: times
    partial: 2,219 | That is the MAC ratio.
    explain: 60,965,224 / 60,000.
    step: Open the comparison.
    step: Divide.
    action: convscope:compare?models=lenet5,alexnet
    assignment: Q3
    ```

    ```quiz
    type: numeric
    question: Groups?
    answer: 2
    tolerance: 0.5
    explain: Two GPUs.
    ```
    """

  func quiz() throws -> Quiz { try Quiz(id: "99-test", text: Self.text) }

  @Test func blocksParseIntoQuestions() throws {
    let quiz = try quiz()
    #expect(quiz.title == "Quiz: test")
    #expect(quiz.questions.count == 5)
    let q1 = quiz.questions[0]
    #expect(q1.id == "size")
    #expect(q1.answerKey == "b) 28×28")
    #expect(q1.options.map(\.feedback) == ["No padding here.", "32 − 5 + 1.", nil])
    let q2 = quiz.questions[1]
    #expect(q2.id == "q2")
    #expect(q2.options[1].text == "two (continued)")
    #expect(q2.answerKey == "a, c")
    let q4 = quiz.questions[3]
    #expect(q4.isGuided && q4.assignment == "Q3" && q4.steps.count == 2)
    #expect(q4.answerKey == "1,016 ± 5% times")
    #expect(quiz.question("size")?.number == 1)
    #expect(quiz.question("4")?.number == 4)
  }

  @Test func choiceAnswersGetTheirOptionsFeedback() throws {
    let q = try quiz().questions[0]
    let right = QuizGrader.grade(q, response: "b")
    #expect(right.outcome == .correct && right.score == 1 && right.feedback == "32 − 5 + 1.")
    #expect(QuizGrader.grade(q, response: "2").outcome == .correct)
    #expect(QuizGrader.grade(q, response: " B ").outcome == .correct)
    let wrong = QuizGrader.grade(q, response: "a")
    #expect(wrong.outcome == .wrong && wrong.score == 0 && wrong.feedback == "No padding here.")
    #expect(wrong.explanation == "32 − 5 + 1 = 28.")
    #expect(wrong.answerKey == "b) 28×28")
    #expect(QuizGrader.grade(q, response: "c").feedback == "Not quite.")
    #expect(QuizGrader.grade(q, response: "z").feedback.contains("not one of the options"))
    #expect(QuizGrader.grade(q, response: nil).outcome == .unanswered)
  }

  @Test func multiAnswersEarnPartialCredit() throws {
    let q = try quiz().questions[1]
    #expect(QuizGrader.grade(q, response: "a, c").outcome == .correct)
    #expect(QuizGrader.grade(q, response: "c a").outcome == .correct)
    let half = QuizGrader.grade(q, response: "a")
    #expect(half.outcome == .partial && half.score == 0.5)
    #expect(half.feedback.contains("Also right: c"))
    let mixed = QuizGrader.grade(q, response: "a,b")
    #expect(mixed.outcome == .wrong && mixed.score == 0)
    #expect(mixed.feedback.contains("b) is not right: not two"))
  }

  @Test func shortAnswersIgnoreCaseSpacingAndTimesSigns() throws {
    let q = try quiz().questions[2]
    for response in ["7×12", "7x12", "7 X 12", "7*12", "Seven by twelve."] {
      #expect(QuizGrader.grade(q, response: response).outcome == .correct, "\(response)")
    }
    let partial = QuizGrader.grade(q, response: "84")
    #expect(partial.outcome == .partial && partial.score == 0.5)
    #expect(partial.feedback.hasPrefix("That restates"))
    #expect(QuizGrader.grade(q, response: "12 x 12").feedback == "That is 144.")
    #expect(QuizGrader.grade(q, response: "dunno").feedback == "Think of the bitmaps.")
  }

  @Test func numericAnswersUseTheTolerance() throws {
    let q = try quiz().questions[3]
    for response in ["1016", "1,016", "1000", "1,060", "≈ 1.0k", "1016 times"] {
      #expect(QuizGrader.grade(q, response: response).outcome == .correct, "\(response)")
    }
    #expect(QuizGrader.grade(q, response: "1,070").outcome == .wrong)
    #expect(QuizGrader.grade(q, response: "900").outcome == .wrong)
    #expect(QuizGrader.grade(q, response: "2219").outcome == .partial)
    #expect(QuizGrader.grade(q, response: "lots").feedback.contains("not a number"))
    let abs = try quiz().questions[4]
    #expect(QuizGrader.grade(abs, response: "2.4").outcome == .correct)
    #expect(QuizGrader.grade(abs, response: "2.6").outcome == .wrong)
  }

  @Test func numbersAreReadLikeStudentsWriteThem() {
    #expect(QuizGrader.number(in: "60,965,224") == 60_965_224)
    #expect(QuizGrader.number(in: "60 000") == 60_000)
    #expect(QuizGrader.number(in: "5e-4") == 0.0005)
    #expect(QuizGrader.number(in: "61.7M") == 61_700_000)
    #expect(QuizGrader.number(in: "96%") == 96)
    #expect(QuizGrader.number(in: "-0.1") == -0.1)
    #expect(QuizGrader.number(in: "seven") == nil)
  }

  @Test func scoresAddUp() throws {
    let quiz = try quiz()
    let sheet = try QuizAnswerSheet(parsing: "1:b, 2:a, 3:84, size2:x, 5:2")
    #expect(sheet.unknownKeys(in: quiz) == ["size2"])
    let results = sheet.grade(quiz)
    #expect(results.map(\.outcome) == [.correct, .partial, .partial, .unanswered, .correct])
    let score = QuizGrader.score(results)
    #expect(score.points == 3 && score.possible == 5 && score.correct == 2 && score.partial == 2)
    #expect(score.text == "3 / 5 (60%)")
  }

  @Test func answerSheetsKeepCommasInsideAnswers() throws {
    let sheet = try QuizAnswerSheet(parsing: "1:b,2:1,516,3:a,c;size:7x12")
    #expect(sheet.entries.map(\.key) == ["1", "2", "3", "size"])
    #expect(sheet.entries.map(\.response) == ["b", "1,516", "a,c", "7x12"])
    #expect(throws: LessonError.self) { try QuizAnswerSheet(parsing: "b,c") }
    #expect(throws: LessonError.self) { try QuizAnswerSheet(parsing: "1:a,1:b") }
    #expect(throws: LessonError.self) { try QuizAnswerSheet(parsing: "") }
  }

  struct BadBlock: Sendable, CustomTestStringConvertible {
    var lines: [String]
    var says: String
    var testDescription: String { says }
  }

  static let badBlocks: [BadBlock] = [
    BadBlock(lines: ["type: choice", "question: q", "option: a", "option: b", "explain: e"], says: "every question needs its answer key"),
    BadBlock(lines: ["type: numeric", "question: q", "answer: 3"], says: "explain: missing"),
    BadBlock(lines: ["type: choice", "question: q", "option: a", "answer: a", "explain: e"], says: "2 to 26 options"),
    BadBlock(lines: ["type: choice", "question: q", "option: a", "option: b", "answer: c", "explain: e"], says: "not one of the options"),
    BadBlock(lines: ["type: numeric", "question: q", "answer: many", "explain: e"], says: "must be a number"),
    BadBlock(lines: ["type: essay", "question: q", "answer: x", "explain: e"], says: "unknown type"),
    BadBlock(lines: ["type: short", "question: q", "answer: x", "explain: e", "colour: red"], says: "unknown key"),
    BadBlock(lines: ["type: short", "question: q", "answer: x", "explain: e", "step: do it"], says: "needs an action"),
    BadBlock(lines: ["type: short", "question: q", "answer: x", "explain: e", "action: https://x"], says: "convscope: link"),
    BadBlock(lines: ["type: short", "question: q", "answer: x", "explain: e", "mistake: y"], says: "a | and the feedback"),
    BadBlock(lines: ["type: short", "question: q", "answer: x", "explain: e", "tolerance: 1"], says: "numeric questions"),
    BadBlock(lines: ["type: choice", "question: q", "feedback: f", "option: a", "option: b", "answer: a", "explain: e"],
             says: "must follow its option"),
  ]

  @Test(arguments: badBlocks) func badBlocksAreRejected(_ c: BadBlock) {
    #expect { try QuizQuestion(number: 1, lines: c.lines) } throws: { error in
      "\(error)".contains(c.says)
    }
  }

  /// A good question (lines 2–8 after the title), so the broken one in each case below is
  /// question 2 with its fence on line 9.
  static let firstQuestion = "# Quiz\n```quiz\nid: a\ntype: numeric\nquestion: q\nanswer: 1\nexplain: e\n```\n"

  /// Each broken quiz file and the exact message: the file, the line, the question, the problem.
  static let brokenFiles: [(String, String)] = [
    ("no title\n```quiz\n```", "q.md:1: has no title (# Quiz: …)"),
    ("# Quiz\n\nno blocks", "q.md:1: has no ```quiz blocks: each question is one"),
    // Comment lines count: a block's lines are the file's lines.
    ("# Quiz\n<!-- a note -->\n<!-- two\nlines -->\n```quiz\ntype: numeric\nquestion: q\nanswer: many\nexplain: e\n```",
     "q.md:8: question 1: many: the answer of a numeric question must be a number"),
    (firstQuestion + "```quiz\ntype: numeric\nquestion: q\nanswer: 3\n```", "q.md:9: question 2: explain: missing"),
    (firstQuestion + "```quiz\ntype: numeric\nquestion: q\nexplain: e\n```", "q.md:9: question 2: answer: missing: every question needs its answer key"),
    (firstQuestion + "```quiz\ntype: choice\nquestion: q\noption: a\noption: b\nanswer: c\nexplain: e\n```",
     "q.md:14: question 2: c: not one of the options (a…b)"),
    (firstQuestion + "```quiz\ntype: choice\nquestion: q\noption: a\nanswer: a\nexplain: e\n```",
     "q.md:12: question 2: option: a choice question needs 2 to 26 options"),
    (firstQuestion + "```quiz\ntype: choice\nquestion: q\nfeedback: f\noption: a\noption: b\nanswer: a\nexplain: e\n```",
     "q.md:12: question 2: feedback: must follow its option: line (one per option)"),
    (firstQuestion + "```quiz\ntype: short\nquestion: q\nquestion: again\nanswer: x\nexplain: e\n```",
     "q.md:12: question 2: question: given 2 times; give it once"),
    (firstQuestion + "```quiz\ntype: short\nquestion: q\nanswer: x\nexplain: e\nmistake: y\n```",
     "q.md:14: question 2: y: write the response, a | and the feedback"),
    (firstQuestion + "```quiz\ntype: numeric\nquestion: q\nanswer: 1\ntolerance: lots\nexplain: e\n```",
     "q.md:13: question 2: lots: a tolerance is a number (absolute) or a percentage like 2%"),
    (firstQuestion + "```quiz\ntype: essay\nquestion: q\nanswer: x\nexplain: e\n```",
     "q.md:10: question 2: essay: unknown type; use choice, multi, short or numeric"),
    (firstQuestion + "```quiz\n  dangling\ntype: short\n```", "q.md:10: question 2: dangling: a continuation line needs a key line before it"),
    (firstQuestion + "```quiz\njust words\n```", "q.md:10: question 2: just words: expected key: value"),
    (firstQuestion + "```quiz\ntype: short\nquestion: q\nanswer: x\naction: https://x\nexplain: e\n```",
     "q.md:13: question 2: https://x: action: takes a convscope: link"),
    (firstQuestion + "```quiz\ntype: short\nquestion: q\nanswer: x\nexplain: e\nstep: do it\n```",
     "q.md:14: question 2: step: a guided exercise needs an action: link too"),
    (firstQuestion + "```quiz\ntype: short\nquestion: q\nanswer: x\nexplain: e\nunit: mm\n```",
     "q.md:14: question 2: unit: only numeric questions take tolerance: and unit:"),
    (firstQuestion + "```quiz\nid: a\ntype: numeric\nquestion: q\nanswer: 1\nexplain: e\n```",
     "q.md:9: question 2: id \"a\" is already question 1's"),
  ]

  @Test(arguments: brokenFiles) func aBrokenQuizFileNamesItsLineAndProblem(_ text: String, _ message: String) {
    #expect { try Quiz(id: "01-x", text: text, path: "q.md") } throws: { ($0 as? LessonError)?.description == message }
  }

  /// The unknown-key message lists the keys a block may use.
  @Test func anUnknownKeyIsNamedWithItsLine() {
    let text = Self.firstQuestion + "```quiz\ntype: short\nquestion: q\ncolour: red\n```"
    #expect(throws: LessonError("q.md:12", "question 2: colour: unknown key; known: \(QuizQuestion.keys.sorted().joined(separator: ", "))")) {
      try Quiz(id: "01-x", text: text, path: "q.md")
    }
  }

  /// Every shipped quiz's blocks are found where the file has them: a block's fence line
  /// holds ```quiz and its first key line is the line after it.
  @Test func shippedQuizBlocksAreFoundOnTheirLines() throws {
    let library = try LessonTests.loaded.get()
    #expect(!library.quizzes.isEmpty)
    for quiz in library.quizzes {
      let lines = quiz.source.split(separator: "\n", omittingEmptySubsequences: false)
      let blocks = MarkdownDocument(parsing: LessonMarkup.removingComments(quiz.source, keepingLines: true)).fencedBlocks(language: "quiz")
      #expect(blocks.count == quiz.questions.count)
      for block in blocks {
        #expect(lines[block.fence - 1].lessonTrimmed == "```quiz", "\(quiz.id): line \(block.fence)")
        #expect(lines[block.fence].hasPrefix(block.lines.first ?? "-"), "\(quiz.id): line \(block.fence + 1)")
      }
    }
  }
}
