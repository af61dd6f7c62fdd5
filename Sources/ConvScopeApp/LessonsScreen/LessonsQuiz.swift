/// The quiz part of the Lessons screen's `update`: typing, grading, moving on.
enum LessonsQuiz {
  static func update(_ state: inout AppState, _ action: LessonsAction) {
    guard var session = state.lessons.quiz,
      let quiz = state.lessons.shelf.lessons.first(where: { $0.id == session.lessonID })?.quizzes.first
    else { return }
    switch action {
    case .quizType(let c):
      // Once graded the answer is fixed; typing waits for the next question.
      if session.current == nil, session.questionIndex < quiz.questions.count { session.answer.append(c) }
    case .quizErase:
      if session.current == nil, !session.answer.isEmpty { session.answer.removeLast() }
    case .quizEnter:
      if session.questionIndex >= quiz.questions.count {
        state.lessons.quiz = nil
        state.statusMessage = "Quiz done: \(session.score.text)."
        return
      }
      if session.current == nil {
        let verdict = QuizGrader.grade(quiz.questions[session.questionIndex], response: session.answer)
        session.current = verdict
        session.graded.append(verdict)
        state.statusMessage = "Score so far: \(session.score.text)"
      } else {
        session.questionIndex += 1
        session.answer = ""
        session.current = nil
      }
    case .quizClose:
      state.lessons.quiz = nil
      state.statusMessage = session.graded.isEmpty ? nil : "Quiz left: \(session.score.text)."
      return
    default:
      return
    }
    state.lessons.quiz = session
  }
}
