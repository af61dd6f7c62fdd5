import TerminalUI

extension Lesson {
  /// A tour step as a lesson, so the docked pane reads it like any lesson (same reader, same
  /// drawing, its tasks on the bottom edge). Its id is the tour's progress id, which no
  /// lesson file can have: the step's met tasks are saved under it.
  init(tourStep step: TourStep, of tour: Tour, title: String, text: String) {
    id = tour.progressID
    self.title = title
    minutes = nil
    source = text
    document = MarkdownDocument(parsing: text)
    sections = LessonSection.sections(of: document)
    quizzes = []
    tasks = step.tasks
    path = tour.path
  }
}
