import TerminalUI

/// How the lesson checks show: a count in the lesson list ("1/2", "2/2 ✓"), the Lessons tab's
/// task list with each task's grade (`c`), and the docked pane's bottom edge naming the next
/// open task and what it still misses.
enum LessonChecksView {
  /// "1/2" or, with every task met, "2/2 ✓" ("2/2 ok" in ASCII); nil for a lesson without tasks.
  static func count(_ lesson: Lesson, _ checks: LessonChecksState, unicode: Bool) -> String? {
    guard !lesson.tasks.isEmpty else { return nil }
    let met = checks.progress.metCount(lesson)
    let text = "\(met)/\(lesson.tasks.count)" + (met == lesson.tasks.count ? " ✓" : "")
    return ASCIIText.fitting(text, unicode: unicode)
  }

  /// The task list: per task a mark, its text, and under it the grade (what is missing) or
  /// "done"; then the keys. Taller than its room, it scrolls (`taskScroll`, ↓/↑ pgdn/pgup)
  /// and its last row says which lines are in view.
  static func render(_ lesson: Lesson, _ checks: LessonChecksState, in area: Rect, into frame: inout Frame) {
    let lines = Paragraph(spans: spans(lesson, checks, unicode: frame.unicode)).lines(width: max(1, area.width))
    ScrolledLines(count: lines.count, height: area.height, scroll: checks.taskScroll)
      .render(lines, keys: frame.unicode ? "↓/↑ pgdn/pgup" : "up/down pgdn/pgup", in: area, into: &frame)
  }

  /// How far the task list can scroll in the Lessons tab on a terminal of `size`.
  static func maxScroll(_ lesson: Lesson, _ checks: LessonChecksState, size: Size, presenting: Bool = false) -> Int {
    let area = LessonsLayout.textArea(for: size, presenting: presenting)
    let count = Paragraph(spans: spans(lesson, checks, unicode: true)).lines(width: max(1, area.width)).count
    return ScrolledLines(count: count, height: area.height, scroll: 0).maxScroll
  }

  /// Whether the student has met `task` of `lesson` (a lesson id or a tour's progress id),
  /// and the line saying so: "done", "still missing: …" or "not graded yet".
  static func grade(_ task: LessonTask, of lesson: String, _ checks: LessonChecksState) -> (met: Bool, text: String) {
    if checks.progress.isMet(task.id, in: lesson) { return (true, "done") }
    if let result = checks.result(lesson: lesson, task: task.id) { return (false, "still missing: " + result.feedback) }
    return (false, "not graded yet")
  }

  /// The mark in front of a task: met or still open.
  static func mark(met: Bool) -> String { met ? "✓" : "☐" }

  static func spans(_ lesson: Lesson, _ checks: LessonChecksState, unicode: Bool) -> [Span] {
    guard !lesson.tasks.isEmpty else {
      return [Span("This lesson has no tasks. c: back to the text.", style: Style(dim: true))]
    }
    var out: [Span] = []
    for task in lesson.tasks {
      let (met, grade) = grade(task, of: lesson.id, checks)
      out.append(Span(ASCIIText.fitting(mark(met: met) + " ", unicode: unicode), style: Style(fg: met ? .green : .yellow, bold: true)))
      out.append(Span(task.text + "\n", style: Style(bold: !met)))
      out.append(Span("  " + ASCIIText.fitting(grade, unicode: unicode) + "\n\n", style: Style(dim: met)))
    }
    out.append(Span("Tasks are graded from what the workbench shows, as it changes; a met task stays met. "
      + "c: back to the text · X: reset this lesson's tasks.", style: Style(dim: true)))
    return out
  }

  /// " tasks 1/2 · next: … " on the pane's bottom edge, left of the position; nothing when
  /// the lesson has no tasks.
  static func renderPaneStatus(_ lesson: Lesson, _ checks: LessonChecksState, in pane: Rect, reserved: Int,
                               into frame: inout Frame) {
    guard let count = count(lesson, checks, unicode: frame.unicode) else { return }
    let next = lesson.tasks.first { !checks.progress.isMet($0.id, in: lesson.id) }
    var text = " tasks \(count)"
    if let next {
      let feedback = checks.result(lesson: lesson.id, task: next.id)?.feedback ?? next.text
      text += " · " + ASCIIText.fitting(feedback, unicode: frame.unicode)
    }
    let room = pane.width - 4 - reserved
    guard room >= 12 else { return }
    let shown = (text + " ").fitted(to: min(room, text.displayWidth + 1), ellipsis: frame.unicode ? "… " : ".. ")
    frame.buffer.put(shown, at: Point(x: pane.x + 2, y: pane.bottom - 1),
                     style: Style(fg: next == nil ? .green : .yellow), clippedTo: pane)
  }
}
