import Testing

@testable import ConvScopeApp

/// The one answer parser (`QuizAnswer.read`), as a table: what is accepted (and as what),
/// what is asked again, and what is graded wrong; then `QuizTurn`'s hint and second try.
@Suite struct QuizAnswerTests {
  static let quiz = try! Quiz(id: "99-test", text: """
    # Quiz: parser

    ```quiz
    id: one
    type: choice
    question: Pick one.
    option: first
    option: second
    option: third
    option: fourth
    answer: b
    hint: Not the first.
    explain: The second.
    ```

    ```quiz
    id: all
    type: multi
    question: Pick all.
    option: a
    option: b
    option: c
    option: d
    answer: a, b, d
    hint: Three of them.
    explain: All but c.
    ```

    ```quiz
    id: count
    type: numeric
    question: How many?
    answer: 1,516
    hint: Sixty kernels and sixteen biases.
    see: 03-lenet5.md#c3-and-its-connection-table
    explain: 60 × 25 + 16.
    ```

    ```quiz
    id: word
    type: short
    question: Which?
    answer: maps
    explain: Maps.
    ```
    """)

  enum Expected: Sendable, CustomStringConvertible {
    case accepted(QuizAnswer, QuizOutcome)
    case reasked(String)
    case empty
    var description: String {
      switch self {
      case .accepted(let a, let o): "accepted \(a) → \(o)"
      case .reasked(let why): "re-asked (\(why))"
      case .empty: "empty"
      }
    }
  }

  struct Row: Sendable, CustomTestStringConvertible {
    var question: String
    var response: String
    var expected: Expected
    var testDescription: String { "\(question) “\(response)” → \(expected)" }
  }

  static let rows: [Row] = [
    // Pick-all: every way of listing letters, in any order, with or without separators.
    Row(question: "all", response: "abd", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "a, b, d", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "a b d", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "A,B,D", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "d;a;b", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "a) b) d)", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "a and b and d", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "1 2 4", expected: .accepted(.options([0, 1, 3]), .correct)),
    Row(question: "all", response: "ab", expected: .accepted(.options([0, 1]), .partial)),
    Row(question: "all", response: "abc", expected: .accepted(.options([0, 1, 2]), .partial)),
    Row(question: "all", response: "c", expected: .accepted(.options([2]), .wrong)),
    Row(question: "all", response: "abz", expected: .reasked("“z” is not one of the options (a–d).")),
    Row(question: "all", response: "a, e", expected: .reasked("“e” is not one of the options (a–d).")),
    Row(question: "all", response: "12", expected: .reasked("“12” is not one of the options (a–d).")),
    Row(question: "all", response: "  ", expected: .empty),
    // One answer.
    Row(question: "one", response: "b", expected: .accepted(.option(1), .correct)),
    Row(question: "one", response: "B)", expected: .accepted(.option(1), .correct)),
    Row(question: "one", response: "(b)", expected: .accepted(.option(1), .correct)),
    Row(question: "one", response: "2", expected: .accepted(.option(1), .correct)),
    Row(question: "one", response: "a", expected: .accepted(.option(0), .wrong)),
    Row(question: "one", response: "e", expected: .reasked("“e” is not one of the options (a–d).")),
    Row(question: "one", response: "5", expected: .reasked("“5” is not one of the options (a–d).")),
    Row(question: "one", response: "ab", expected: .reasked("This question has one answer: pick one option (a–d).")),
    Row(question: "one", response: "second", expected: .reasked("“second” is not one of the options (a–d).")),
    // Numbers as people write them.
    Row(question: "count", response: "1516", expected: .accepted(.number(1516), .correct)),
    Row(question: "count", response: "1,516", expected: .accepted(.number(1516), .correct)),
    Row(question: "count", response: "1 516", expected: .accepted(.number(1516), .correct)),
    Row(question: "count", response: "≈ 1516 parameters", expected: .accepted(.number(1516), .correct)),
    Row(question: "count", response: "1.5k", expected: .accepted(.number(1500), .wrong)),
    Row(question: "count", response: "1,500", expected: .accepted(.number(1500), .wrong)),
    Row(question: "count", response: "b", expected: .reasked("“b” is not a number: this question wants a number, not an option letter.")),
    Row(question: "count", response: "lots", expected: .reasked("“lots” is not a number.")),
    // Short answers: any text is an answer.
    Row(question: "word", response: "Feature Maps", expected: .accepted(.text("Feature Maps"), .wrong)),
    Row(question: "word", response: "maps", expected: .accepted(.text("maps"), .correct)),
  ]

  @Test(arguments: rows) func responsesAreReadOnce(_ row: Row) throws {
    let q = try #require(Self.quiz.question(row.question))
    let reading = QuizAnswer.read(row.response, for: q)
    switch row.expected {
    case .accepted(let answer, let outcome):
      #expect(reading == .answer(answer))
      #expect(QuizGrader.grade(q, response: row.response).outcome == outcome)
    case .reasked(let why):
      #expect(reading == .malformed(why))
      // A turn asks again: nothing graded, nothing remembered.
      var turn = QuizTurn(q)
      #expect(turn.submit(row.response) == .askAgain(why))
      #expect(turn.verdict == nil && turn.firstTry == nil)
    case .empty:
      #expect(reading == .empty)
    }
  }

  @Test func aMissShowsTheHintAndASecondTryEarnsHalf() throws {
    let q = try #require(Self.quiz.question("count"))
    var turn = QuizTurn(q)
    guard case .hint(let first, let hint) = turn.submit("1,500") else {
      Issue.record("no hint after a miss")
      return
    }
    #expect(first.outcome == .wrong && hint == "Sixty kernels and sixteen biases.")
    #expect(turn.verdict == nil)
    // A malformed second try is asked again too.
    #expect(turn.submit("c") == .askAgain("“c” is not a number: this question wants a number, not an option letter."))
    guard case .done(let verdict) = turn.submit("1 516") else {
      Issue.record("no verdict after the second try")
      return
    }
    #expect(verdict.outcome == .partial && verdict.score == 0.5)
    #expect(verdict.firstResponse == "1,500" && verdict.afterHint == .correct)
    #expect(verdict.headline == "Right on the second try: half a point.")
  }

  @Test func rightFirstTimeNeedsNoHintAndSaysRightOnce() throws {
    var turn = QuizTurn(try #require(Self.quiz.question("all")))
    guard case .done(let verdict) = turn.submit("abd") else {
      Issue.record("a right answer goes straight to the verdict")
      return
    }
    #expect(verdict.outcome == .correct && verdict.firstResponse == nil)
    #expect(verdict.headline == "Right. All 3 and nothing else.")
    var plain = QuizTurn(try #require(Self.quiz.question("word")))
    guard case .done(let word) = plain.submit("maps") else { Issue.record("no verdict"); return }
    #expect(word.headline == "Right.")
  }

  @Test func givingUpAfterTheHintKeepsTheFirstTry() throws {
    var turn = QuizTurn(try #require(Self.quiz.question("all")))
    guard case .hint = turn.submit("ab") else { Issue.record("no hint after a partial answer"); return }
    guard case .done(let verdict) = turn.submit("") else { Issue.record("no verdict"); return }
    #expect(verdict.outcome == .partial && verdict.response == "ab" && verdict.afterHint == .unanswered)
    // The first try's credit stands: 2 of the 3 right options.
    #expect(abs(verdict.score - 2.0 / 3) < 1e-9)
  }

  @Test func aQuestionWithoutAHintIsGradedAtOnce() throws {
    var turn = QuizTurn(try #require(Self.quiz.question("word")))
    guard case .done(let verdict) = turn.submit("kernels?") else { Issue.record("no verdict"); return }
    #expect(verdict.outcome == .wrong)
    #expect(verdict.headline == "Not quite.")
  }
}
