import TerminalUI

/// The Lessons screen's part of `update`: pure, like the rest of it.
enum LessonsScreen {
  static func update(_ state: inout AppState, _ action: LessonsAction) -> [Effect] {
    switch action {
    case .moveLesson(let step):
      let shelf = state.lessons.shelf
      guard !shelf.lessons.isEmpty else { return [] }
      let count = shelf.lessons.count
      let index = (shelf.index(of: state.lessons.lesson?.id) + step % count + count) % count
      open(shelf.lessons[index].id, section: nil, in: &state)
    case .open(let id, let section):
      open(id, section: section, in: &state)
    case .scroll(let lines) where showsTasks(state):
      scrollTasks(to: state.lessonChecks.taskScroll + lines, in: &state)
    case .page(let pages) where showsTasks(state):
      // A page is the rows the list shows less one, so a line stays in view across the turn.
      let height = max(1, LessonsLayout.textArea(of: state).height - 2)
      scrollTasks(to: state.lessonChecks.taskScroll + pages * height, in: &state)
    case .scroll(let lines):
      scroll(to: state.lessons.scroll + lines, in: &state)
    case .page(let pages):
      let height = max(1, LessonsLayout.textArea(of: state).height - 1)
      scroll(to: state.lessons.scroll + pages * height, in: &state)
    case .moveLinkFocus(let step):
      moveFocus(step, in: &state)
    case .followLink:
      return follow(in: &state)
    case .startQuiz:
      startQuiz(in: &state)
    case .quizType, .quizErase, .quizEnter, .quizClose, .quizMoveReview:
      return LessonsQuiz.update(&state, action)
    }
    return []
  }

  /// Opens lesson `id` at its top or at `section`; a lesson that is not there says so.
  static func open(_ id: String, section: String?, in state: inout AppState) {
    guard let lesson = state.lessons.shelf.lessons.first(where: { $0.id == id }) else {
      state.statusMessage = "No lesson \(id)."
      return
    }
    state.lessons.lessonID = lesson.id
    state.lessons.focusedLink = nil
    state.lessons.quiz = nil
    state.lessonChecks.taskScroll = 0
    let width = LessonsLayout.textArea(of: state).width
    let line = section.flatMap { lesson.line(ofSection: $0, width: width) } ?? 0
    state.lessons.scroll = 0
    scroll(to: line, in: &state)
  }

  /// The Lessons tab's reader of the open lesson (its place, in the tab's text rectangle).
  static func reader(of state: AppState) -> LessonReader? {
    guard let lesson = state.lessons.lesson else { return nil }
    return LessonReader(lesson: lesson, area: LessonsLayout.textArea(of: state),
                        scroll: state.lessons.scroll, focusedLink: state.lessons.focusedLink)
  }

  /// Scrolls to `line`, kept between the top and the last useful position.
  static func scroll(to line: Int, in state: inout AppState) {
    guard var reader = reader(of: state) else { return }
    reader.scroll(to: line)
    state.lessons.scroll = reader.scroll
  }

  /// Whether the tab shows the open lesson's task list (`c`) rather than its text or quiz:
  /// the scrolling keys then scroll the list.
  static func showsTasks(_ state: AppState) -> Bool {
    state.lessonChecks.showsTasks && state.lessons.quiz == nil && state.lessons.lesson != nil
  }

  /// Scrolls the task list to `line`, kept between its top and the last useful position.
  static func scrollTasks(to line: Int, in state: inout AppState) {
    guard let lesson = state.lessons.lesson else { return }
    let most = LessonChecksView.maxScroll(lesson, state.lessonChecks, size: state.terminalSize, presenting: state.isPresenting)
    state.lessonChecks.taskScroll = min(max(0, line), most)
  }

  /// Focuses the next or previous action link (see `LessonReader.moveFocus`).
  static func moveFocus(_ step: Int, in state: inout AppState) {
    guard var reader = reader(of: state) else { return }
    state.statusMessage = reader.moveFocus(step)
    state.lessons.scroll = reader.scroll
    state.lessons.focusedLink = reader.focusedLink
  }

  /// Follows the focused link: switches screens and sets things up as the link asks. The
  /// lesson stays open at the same place, so coming back shows it as it was; a link to a
  /// screen also docks it beside that screen (`LessonPane`).
  static func follow(in state: inout AppState) -> [Effect] {
    guard let reader = reader(of: state), let target = reader.focusedTarget else {
      state.statusMessage = LessonReader.noFocusMessage
      return []
    }
    do {
      let link = try LessonLink(parsing: target)
      let effects = LessonLinkFollower.follow(link, in: &state)
      // A link to a screen docks the lesson beside it at the place being read, so the
      // reader goes on reading there instead of switching back.
      if link.isScreen { LessonPane.dock(reader, in: &state) }
      return effects
    } catch {
      state.statusMessage = "Cannot follow \(target): \(error)"
      return []
    }
  }

  /// Starts the open lesson's quiz, or says there is none.
  static func startQuiz(in state: inout AppState) {
    guard let lesson = state.lessons.lesson else { return }
    guard lesson.quizzes.first != nil else {
      state.statusMessage = "\(lesson.title) has no quiz."
      return
    }
    state.lessons.quiz = QuizSession(lessonID: lesson.id)
    state.statusMessage = "Quiz: type your answer, enter to check, esc to leave."
  }
}
