/// The Lessons screen's state: which lesson is open, how far it is scrolled, which action
/// link has the focus, and the quiz being taken, if any. The parsed lessons live in the
/// immutable `shelf`, so the state stays cheap to copy and compare.
public struct LessonsState: Equatable, Sendable {
  public var shelf: LessonShelf
  /// The open lesson's id; nil means the first lesson.
  public var lessonID: String?
  /// Lines of the lesson scrolled off the top.
  public var scroll = 0
  /// The focused link, as an index into the open lesson's `links` (always an action link).
  public var focusedLink: Int?
  /// The quiz shown instead of the lesson text while it is being taken.
  public var quiz: QuizSession?
  /// Whether the tab has shown a lesson yet: until then the lesson open here (the first, by
  /// default) is not being read, and its tasks are not graded (`LessonChecks.gradedTasks`).
  public var isRead = false

  /// `shelf` defaults to no lessons: the workbench passes the one it loaded at start
  /// (`LessonShelf.load`), so a state made for a test of another screen reads no files.
  public init(shelf: LessonShelf = LessonShelf(lessons: []), lessonID: String? = nil) {
    self.shelf = shelf
    self.lessonID = lessonID
  }

  /// The open lesson.
  public var lesson: Lesson? { shelf.lesson(lessonID) }
}
