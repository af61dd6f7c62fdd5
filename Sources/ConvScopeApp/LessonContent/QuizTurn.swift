/// One question being answered: a first try; after a miss, the question's hint and one more
/// try; then the verdict with the explanation. A response that is not an answer (see
/// `QuizAnswer`) is asked again and never graded. Pure; the Lessons screen and the
/// interactive `convscope lesson quiz` both drive it, so they behave the same.
public struct QuizTurn: Sendable, Hashable {
  public let question: QuizQuestion
  /// The graded first try while its hint is on show (nil before and without a hint).
  public private(set) var firstTry: QuizFeedback?
  /// The verdict, once given.
  public private(set) var verdict: QuizFeedback?

  public init(_ question: QuizQuestion) {
    self.question = question
  }

  /// What submitting a response led to.
  public enum Step: Sendable, Hashable {
    /// Not an answer to this question: nothing graded; the text says what to type.
    case askAgain(String)
    /// The first try missed: its feedback, then the hint; one more try follows.
    case hint(QuizFeedback, String)
    /// The verdict (also in `verdict`).
    case done(QuizFeedback)
  }

  /// Submits a response. Empty skips the question (after the hint: keeps the first try).
  public mutating func submit(_ response: String) -> Step {
    if let verdict { return .done(verdict) }
    let graded: QuizFeedback
    switch QuizAnswer.read(response, for: question) {
    case .malformed(let why):
      return .askAgain(why)
    case .empty:
      graded = QuizGrader.grade(question, response: nil)
    case .answer:
      graded = QuizGrader.grade(question, response: response)
    }
    if let first = firstTry {
      return finish(Self.afterHint(first: first, second: graded))
    }
    if graded.outcome == .wrong || graded.outcome == .partial, let hint = question.hint {
      firstTry = graded
      return .hint(graded, hint)
    }
    return finish(graded)
  }

  private mutating func finish(_ feedback: QuizFeedback) -> Step {
    verdict = feedback
    return .done(feedback)
  }

  /// The verdict after a hint: the better of the first try and half the second (a hint is
  /// worth half a point); the second try's response and feedback are the ones shown.
  static func afterHint(first: QuizFeedback, second: QuizFeedback) -> QuizFeedback {
    var result = second
    result.firstResponse = first.response
    result.afterHint = second.outcome
    if second.outcome == .unanswered {
      // No second try: the first one stands, with its feedback.
      result = first
      result.firstResponse = first.response
      result.afterHint = .unanswered
      return result
    }
    result.score = max(first.score, second.score / 2)
    result.outcome = result.score > 0 ? .partial : .wrong
    return result
  }
}
