/// What can be done on the Lessons screen (keys map to these through `KeyMap`).
public enum LessonsAction: Equatable, Sendable {
  /// Open the next / previous lesson of the list (+1 / -1).
  case moveLesson(Int)
  /// Open a lesson, optionally scrolled to a section anchor.
  case open(id: String, section: String?)
  /// Scroll the lesson by this many lines (negative: up).
  case scroll(Int)
  /// Scroll by this many pages of the lesson pane.
  case page(Int)
  /// Focus the next / previous action link (+1 / -1), scrolling it into view.
  case moveLinkFocus(Int)
  /// Follow the focused link.
  case followLink
  /// Start the open lesson's quiz.
  case startQuiz
  /// Quiz: add a character to the answer.
  case quizType(Character)
  /// Quiz: remove the last character of the answer.
  case quizErase
  /// Quiz: grade the answer, or move on once graded.
  case quizEnter
  /// Quiz review: focus the next / previous missed question (+1 / -1).
  case quizMoveReview(Int)
  /// Quiz: leave the quiz (back to the lesson text).
  case quizClose
}
