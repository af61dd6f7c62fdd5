import TerminalUI

/// The lesson checks' rows of the key table: on the Lessons tab, `c` shows the open lesson's
/// tasks with their grades and `X` resets its progress.
enum LessonChecksKeys {
  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char("c")], label: "c", description: "Lessons: show the lesson's tasks, graded from the workbench (again: the text)",
      scope: LessonsKeys.scope, action: .lessonChecks(.toggleTasks)),
    KeyBinding(
      [.char("X")], label: "X", description: "Lessons: reset the lesson's task progress",
      scope: LessonsKeys.scope, action: .lessonChecks(.reset)),
  ]
}
