/// A quiz being taken on the Lessons screen: which question, the answer being typed, the
/// turn under way (`QuizTurn`: hint, second try), and the verdicts so far. Grading is
/// `QuizGrader`'s; this only remembers.
public struct QuizSession: Equatable, Sendable {
  /// The lesson whose quiz this is.
  public var lessonID: String
  /// The question on screen, from 0; equal to the question count once the quiz is done.
  public var questionIndex = 0
  /// What the student has typed for the current question.
  public var answer = ""
  /// The current question's turn (nil before its first answer is typed and sent).
  public var turn: QuizTurn?
  /// Why the last response was asked again (not an answer to this question), until typing resumes.
  public var notice: String?
  /// The verdict on the current question, once given (the next Enter moves on).
  public var current: QuizFeedback?
  /// Every verdict so far, one per answered question.
  public var graded: [QuizFeedback] = []
  /// The end review's focused entry (index into its missed questions).
  public var reviewFocus = 0

  public init(lessonID: String) {
    self.lessonID = lessonID
  }

  /// The running score over the answered questions.
  public var score: QuizScore { QuizGrader.score(graded) }

  /// The hint on show: the first try missed and one more try is awaited.
  public var hint: (firstTry: QuizFeedback, text: String)? {
    guard current == nil, let turn, let first = turn.firstTry, let text = turn.question.hint else { return nil }
    return (first, text)
  }
}
