import TerminalUI

extension Lesson {
  /// A tour step as a lesson, so the docked pane reads it like any lesson (same reader, same
  /// drawing). Its id is the tour's and the step's, which no lesson file can have.
  init(tourStep step: TourStep, of tour: Tour, title: String, text: String) {
    id = "tour:\(tour.id)#\(step.line)"
    self.title = title
    minutes = nil
    source = text
    document = MarkdownDocument(parsing: text)
    sections = LessonSection.sections(of: document)
    quizzes = []
    // Steps carry no graded tasks yet (a step's text could hold a `<!-- task: … -->` comment,
    // read by `LessonTask.tasks(in:subject:)`, once tours grade them).
    tasks = []
    path = tour.path
  }
}
