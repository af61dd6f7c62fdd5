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
    case .scroll(let lines):
      scroll(to: state.lessons.scroll + lines, in: &state)
    case .page(let pages):
      let height = max(1, LessonsLayout.textArea(for: state.size).height - 1)
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
    let width = LessonsLayout.textArea(for: state.size).width
    let line = section.flatMap { lesson.line(ofSection: $0, width: width) } ?? 0
    state.lessons.scroll = 0
    scroll(to: line, in: &state)
  }

  /// The view of the open lesson as it is drawn now.
  static func view(of state: AppState) -> MarkdownView? {
    guard let lesson = state.lessons.lesson else { return nil }
    return MarkdownView(document: lesson.document, scroll: state.lessons.scroll, focusedLink: state.lessons.focusedLink)
  }

  /// Scrolls to `line`, kept between the top and the last useful position.
  static func scroll(to line: Int, in state: inout AppState) {
    guard let view = view(of: state) else { return }
    let area = LessonsLayout.textArea(for: state.size)
    state.lessons.scroll = min(max(0, line), view.maxScroll(in: area))
  }

  /// Focuses the next or previous action link; with none focused, starts from the first
  /// link at or below the top of the view so the focus lands where the reader is.
  static func moveFocus(_ step: Int, in state: inout AppState) {
    guard let lesson = state.lessons.lesson, let view = view(of: state) else { return }
    let candidates = lesson.actionLinks.map(\.index)
    guard !candidates.isEmpty else {
      state.statusMessage = "This lesson has no workbench links."
      return
    }
    let area = LessonsLayout.textArea(for: state.size)
    let next: Int
    if let current = state.lessons.focusedLink, let position = candidates.firstIndex(of: current) {
      next = candidates[(position + step + candidates.count) % candidates.count]
    } else {
      let top = state.lessons.scroll
      let below = candidates.first { (view.line(ofLink: $0, width: area.width) ?? 0) >= top }
      next = step > 0 ? (below ?? candidates[0]) : (candidates.last { (view.line(ofLink: $0, width: area.width) ?? 0) < top + area.height } ?? candidates[candidates.count - 1])
    }
    state.lessons.focusedLink = next
    state.statusMessage = lesson.links[next].target
    // Keep the focused link on screen, with two lines of context above it when it moves.
    if let line = view.line(ofLink: next, width: area.width),
      line < state.lessons.scroll || line >= state.lessons.scroll + area.height
    {
      scroll(to: line - 2, in: &state)
    }
  }

  /// Follows the focused link: switches screens and sets things up as the link asks. The
  /// lesson stays open at the same place, so coming back shows it as it was.
  static func follow(in state: inout AppState) -> [Effect] {
    guard let lesson = state.lessons.lesson, let index = state.lessons.focusedLink,
      lesson.links.indices.contains(index)
    else {
      state.statusMessage = "No link focused: ] and [ move between the lesson's links."
      return []
    }
    let target = lesson.links[index].target
    do {
      return LessonLinkFollower.follow(try LessonLink(parsing: target), in: &state)
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
