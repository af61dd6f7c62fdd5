import TerminalUI
import Testing

@testable import ConvScopeApp

/// The quiz on the Lessons screen through `update`: a malformed answer is asked again, a miss
/// shows the hint and gets one more try, and the end review lists the missed questions with
/// links that can be followed.
@Suite struct QuizScreenTests {
  /// The Lessons screen with 01-convolution's quiz started.
  static func quizState(width: Int = 100, height: Int = 30) throws -> AppState {
    var state = AppState(size: Size(width: width, height: height), lessons: testLessons)
    state.screen = .lessons
    _ = update(&state, .lessons(.open(id: "01-convolution", section: nil)))
    _ = update(&state, .lessons(.startQuiz))
    try #require(state.lessons.quiz != nil)
    return state
  }

  static func answer(_ text: String, in state: inout AppState) {
    for c in text { _ = update(&state, .lessons(.quizType(c))) }
    _ = update(&state, .lessons(.quizEnter))
  }

  /// Answers 01-convolution's six questions: 1 wrong twice (after the hint), 2 right, 3
  /// skipped, 4 right as "abd", 5 right, 6 wrong then right after the hint.
  static func takeQuiz(_ state: inout AppState) {
    answer("a", in: &state)  // c1-size: wrong → hint
    answer("c", in: &state)  // still wrong → verdict
    _ = update(&state, .lessons(.quizEnter))
    answer("156", in: &state)
    _ = update(&state, .lessons(.quizEnter))
    answer("", in: &state)  // skip
    _ = update(&state, .lessons(.quizEnter))
    answer("abd", in: &state)
    _ = update(&state, .lessons(.quizEnter))
    answer("feature maps", in: &state)
    _ = update(&state, .lessons(.quizEnter))
    answer("4", in: &state)  // see-c1: wrong → hint
    answer("6", in: &state)
    _ = update(&state, .lessons(.quizEnter))
  }

  @Test func aMalformedAnswerIsAskedAgainNotGraded() throws {
    var state = try Self.quizState()
    Self.answer("z", in: &state)
    #expect(state.lessons.quiz?.graded.isEmpty == true)
    #expect(state.lessons.quiz?.current == nil)
    #expect(state.lessons.quiz?.notice == "“z” is not one of the options (a–d).")
    // Typing clears the notice; a letter is then graded.
    _ = update(&state, .lessons(.quizErase))
    #expect(state.lessons.quiz?.notice == nil)
    Self.answer("b", in: &state)
    #expect(state.lessons.quiz?.graded.map(\.outcome) == [.correct])
    // A letter for a numeric question is asked again as well.
    _ = update(&state, .lessons(.quizEnter))
    Self.answer("b", in: &state)
    #expect(state.lessons.quiz?.graded.count == 1)
    #expect(state.lessons.quiz?.notice?.contains("wants a number") == true)
  }

  @Test func aMissShowsTheHintThenOneMoreTry() throws {
    var state = try Self.quizState()
    Self.answer("a", in: &state)
    let session = try #require(state.lessons.quiz)
    #expect(session.graded.isEmpty && session.current == nil && session.answer.isEmpty)
    #expect(session.hint?.firstTry.response == "a")
    #expect(session.hint?.text.hasPrefix("Count how many places") == true)
    let screen = ScreenSnapshotTests.draw(state)
    #expect(screen.contains("Hint: Count how many places"))
    Self.answer("b", in: &state)
    let verdict = try #require(state.lessons.quiz?.current)
    #expect(verdict.outcome == .partial && verdict.score == 0.5 && verdict.afterHint == .correct)
  }

  @Test func theReviewListsMissedQuestionsAndFollowsTheirLinks() throws {
    var state = try Self.quizState()
    Self.takeQuiz(&state)
    let session = try #require(state.lessons.quiz)
    #expect(session.questionIndex == 6)
    #expect(session.graded.map(\.outcome) == [.wrong, .correct, .unanswered, .correct, .correct, .partial])
    #expect(session.score.text == "3.5 / 6 (58%)")
    Snapshot.assert(ScreenSnapshotTests.draw(state), named: "quiz-review-100x30")
    Snapshot.assert(ScreenSnapshotTests.draw(state, width: 80, height: 24, depth: .mono, unicode: false),
                    named: "quiz-review-80x24-ascii-mono")
    // ↓ twice wraps to the last missed question (see-c1, an Explore view); enter follows it.
    _ = update(&state, try #require(InputRouter.action(for: .key(KeyEvent(.down)), in: state)))
    #expect(state.lessons.quiz?.reviewFocus == 1)
    _ = update(&state, .lessons(.quizMoveReview(1)))
    #expect(state.lessons.quiz?.reviewFocus == 2)
    _ = update(&state, try #require(InputRouter.action(for: .key(KeyEvent(.enter)), in: state)))
    #expect(state.screen == .explore)
    #expect(state.lessons.quiz == nil)
    #expect(state.statusMessage?.contains("question 6") == true)
  }

  @Test func aReviewLinkToASectionOpensTheLessonThere() throws {
    var state = try Self.quizState()
    Self.takeQuiz(&state)
    // The first missed question (c1-size) is taught in "How big is the map?".
    _ = update(&state, .lessons(.quizEnter))
    #expect(state.screen == .lessons)
    #expect(state.lessons.quiz == nil)
    let lesson = try #require(state.lessons.lesson)
    let width = LessonsLayout.textArea(for: state.size).width
    let line = try #require(lesson.line(ofSection: "how-big-is-the-map", width: width))
    #expect(state.lessons.scroll == line)
  }
}
