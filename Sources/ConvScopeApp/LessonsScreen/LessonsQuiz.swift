/// The quiz part of the Lessons screen's `update`: typing, answering (through `QuizTurn`:
/// re-asking what is not an answer, one hint, one more try), moving on, and the end review.
enum LessonsQuiz {
  static func update(_ state: inout AppState, _ action: LessonsAction) -> [Effect] {
    guard var session = state.lessons.quiz, let (lesson, quiz) = taken(in: state) else { return [] }
    let done = session.questionIndex >= quiz.questions.count
    switch action {
    case .quizType(let c):
      // Once graded the answer is fixed; typing waits for the next question.
      if session.current == nil, !done {
        session.answer.append(c)
        session.notice = nil
      }
    case .quizErase:
      if session.current == nil, !session.answer.isEmpty {
        session.answer.removeLast()
        session.notice = nil
      }
    case .quizMoveReview(let step):
      let count = QuizReview(lesson: lesson, quiz: quiz, results: session.graded).missed.count
      if done, count > 0 { session.reviewFocus = (session.reviewFocus + step % count + count) % count }
    case .quizEnter:
      if done {
        return followReview(session, lesson: lesson, quiz: quiz, in: &state)
      }
      if session.current == nil {
        submit(&session, quiz.questions[session.questionIndex], in: &state)
      } else {
        session.questionIndex += 1
        session.answer = ""
        session.current = nil
        session.turn = nil
        if session.questionIndex >= quiz.questions.count {
          state.statusMessage = "Quiz done: \(session.score.text)."
        }
      }
    case .quizClose:
      state.lessons.quiz = nil
      state.statusMessage = session.graded.isEmpty ? nil : "Quiz left: \(session.score.text)."
      return []
    default:
      return []
    }
    state.lessons.quiz = session
    return []
  }

  /// The open quiz and its lesson, when a quiz is open.
  static func taken(in state: AppState) -> (lesson: Lesson, quiz: Quiz)? {
    guard let session = state.lessons.quiz,
      let lesson = state.lessons.shelf.lessons.first(where: { $0.id == session.lessonID }),
      let quiz = lesson.quizzes.first
    else { return nil }
    return (lesson, quiz)
  }

  /// Whether the open quiz has asked its last question (Enter then leaves the review).
  static func isDone(in state: AppState) -> Bool {
    guard let session = state.lessons.quiz, let (_, quiz) = taken(in: state) else { return false }
    return session.questionIndex >= quiz.questions.count
  }

  /// Sends the typed answer to the question's turn.
  private static func submit(_ session: inout QuizSession, _ question: QuizQuestion, in state: inout AppState) {
    var turn = session.turn ?? QuizTurn(question)
    switch turn.submit(session.answer) {
    case .askAgain(let why):
      session.notice = why
      state.statusMessage = why
    case .hint:
      session.answer = ""
      state.statusMessage = "Hint shown: one more try (half a point if right), enter alone gives up."
    case .done(let verdict):
      session.current = verdict
      session.graded.append(verdict)
      state.statusMessage = "Score so far: \(session.score.text)"
    }
    session.turn = turn
  }

  /// Enter on the review: follows the focused missed question's link (closing the quiz; the
  /// status line keeps the score), or goes back to the lesson when nothing was missed.
  private static func followReview(_ session: QuizSession, lesson: Lesson, quiz: Quiz,
                                   in state: inout AppState) -> [Effect] {
    let review = QuizReview(lesson: lesson, quiz: quiz, results: session.graded)
    state.lessons.quiz = nil
    guard review.missed.indices.contains(session.reviewFocus) else {
      state.statusMessage = "Quiz done: \(session.score.text)."
      return []
    }
    let item = review.missed[session.reviewFocus]
    do {
      let link = try LessonLink(parsing: item.link)
      let effects = LessonLinkFollower.follow(link, in: &state)
      // A view of the workbench comes with the lesson docked beside it, at the link that
      // shows it when the lesson has one, so the question's lesson is there to read.
      if link.isScreen, var reader = LessonsScreen.reader(of: state) {
        reader.focusedLink = lesson.actionLinks.first { $0.link.target == item.link }?.index
        LessonPane.dock(reader, in: &state)
      }
      state.statusMessage = "Quiz \(session.score.text) · question \(item.question): \(item.place)"
      return effects
    } catch {
      state.statusMessage = "Cannot follow \(item.link): \(error)"
      return []
    }
  }
}
