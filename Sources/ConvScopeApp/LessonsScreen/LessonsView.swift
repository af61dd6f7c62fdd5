import TerminalUI

/// Draws the Lessons screen: the lesson list, the open lesson (scrolling, with the focused
/// link highlighted) or its quiz.
enum LessonsView {
  static func render(_ state: AppState, in inner: Rect, into frame: inout Frame) {
    let lessons = state.lessons
    let (list, heading, text) = LessonsLayout.parts(of: inner, presenting: state.isPresenting)
    guard let lesson = lessons.lesson else {
      let why = lessons.shelf.loadError ?? "The lessons folder has no lessons."
      frame.render(Paragraph("No lessons to show: \(why)"), in: inner)
      return
    }
    renderList(lessons, checks: state.lessonChecks, selected: lesson.id, in: list, into: &frame)
    frame.buffer.put(headingText(lesson, quiz: lessons.quiz != nil, checks: state.lessonChecks), at: Point(x: heading.x, y: heading.y),
                     style: Style(bold: true), clippedTo: heading)
    if let session = lessons.quiz, let quiz = lesson.quizzes.first {
      QuizView.render(session, lesson: lesson, quiz: quiz, in: text, into: &frame)
    } else if state.lessonChecks.showsTasks {
      LessonChecksView.render(lesson, state.lessonChecks, in: text, into: &frame)
    } else {
      let view = MarkdownView(document: lesson.document, scroll: lessons.scroll,
                              focusedLink: lessons.focusedLink, unicode: frame.unicode)
      frame.render(view, in: text)
    }
  }

  /// "LeNet-5 · 8 min · tasks 1/3: c · 4 links · quiz: t".
  static func headingText(_ lesson: Lesson, quiz: Bool, checks: LessonChecksState = LessonChecksState()) -> String {
    var parts = [lesson.title]
    if let minutes = lesson.minutes { parts.append("\(minutes) min") }
    if !lesson.tasks.isEmpty { parts.append("tasks \(checks.progress.metCount(lesson))/\(lesson.tasks.count): c") }
    let links = lesson.actionLinks.count
    if links > 0 { parts.append("\(links) link\(links == 1 ? "" : "s")") }
    if let count = lesson.quizzes.first?.questions.count {
      parts.append(quiz ? "quiz, \(count) questions" : "quiz: t")
    }
    return parts.joined(separator: " · ")
  }

  /// One row per lesson, the open one reversed; scrolled so the open one is visible.
  static func renderList(_ lessons: LessonsState, checks: LessonChecksState = LessonChecksState(), selected: String,
                         in area: Rect, into frame: inout Frame) {
    guard !area.isEmpty else { return }
    let all = lessons.shelf.lessons
    let index = lessons.shelf.index(of: selected)
    // Files that did not load are named on the list's last row, so a broken lesson is seen.
    let problem = lessons.shelf.loadError
    let rows = problem != nil && area.height > 1 ? area.height - 1 : area.height
    if let problem, area.height > 1 {
      let rect = Rect(x: area.x, y: area.y + area.height - 1, width: area.width, height: 1)
      frame.buffer.put("not loaded: " + problem, at: Point(x: rect.x, y: rect.y), style: Style(fg: .red), clippedTo: rect)
    }
    let offset = Table.offset(keeping: index, visible: rows, current: 0)
    for (row, lesson) in all.dropFirst(offset).prefix(rows).enumerated() {
      let number = String(lesson.id.prefix(2))
      let line = "\(number) \(lesson.title)"
      let style = lesson.id == selected ? Style(bold: true, reverse: true) : Style.plain
      let rect = Rect(x: area.x, y: area.y + row, width: area.width, height: 1)
      if lesson.id == selected { frame.buffer.fill(rect, with: Cell(" ", style: style)) }
      // The task count at the right ("1/2", "2/2 ✓"), the title cut before it.
      let counted = LessonChecksView.count(lesson, checks, unicode: frame.unicode).map { " " + $0 } ?? ""
      let count = area.width - counted.displayWidth > 8 ? counted : ""
      let titleWidth = area.width - count.displayWidth
      frame.buffer.put(line.fitted(to: titleWidth), at: Point(x: area.x, y: area.y + row), style: style, clippedTo: rect)
      if !count.isEmpty {
        frame.buffer.put(count, at: Point(x: area.x + titleWidth, y: area.y + row), style: style, clippedTo: rect)
      }
    }
  }
}
