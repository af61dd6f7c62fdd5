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

  @Test func aQuizFileNeedsATitleAndBlocks() {
    #expect(throws: LessonError.self) { try Quiz(id: "01-x", text: "no title\n```quiz\n```") }
    #expect(throws: LessonError.self) { try Quiz(id: "01-x", text: "# Title\n\nno blocks") }
    #expect(throws: LessonError.self) {
      try Quiz(id: "01-x", text: "# T\n```quiz\nid: a\ntype: numeric\nquestion: q\nanswer: 1\nexplain: e\n```\n```quiz\nid: a\ntype: numeric\nquestion: q\nanswer: 1\nexplain: e\n```\n")
    }
  }
}
