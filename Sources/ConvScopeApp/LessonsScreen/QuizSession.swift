/// A quiz being taken on the Lessons screen: which question, the answer being typed, and
/// the verdicts so far. Grading is `QuizGrader`'s; this only remembers.
public struct QuizSession: Equatable, Sendable {
  /// The lesson whose quiz this is.
  public var lessonID: String
  /// The question on screen, from 0; equal to the question count once the quiz is done.
  public var questionIndex = 0
  /// What the student has typed for the current question.
  public var answer = ""
  /// The verdict on the current question, once submitted (the next Enter moves on).
  public var current: QuizFeedback?
  /// Every verdict so far, one per answered question.
  public var graded: [QuizFeedback] = []

  public init(lessonID: String) {
    self.lessonID = lessonID
  }

  /// The running score over the answered questions.
  public var score: QuizScore { QuizGrader.score(graded) }
}
