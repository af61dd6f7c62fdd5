/// What can be done with the lesson checks (keys map to these through `KeyMap`).
public enum LessonChecksAction: Equatable, Sendable {
  /// Lessons tab: show the open lesson's tasks (graded now) instead of its text, or go back.
  case toggleTasks
  /// Lessons tab: forget the open lesson's met tasks (saved too).
  case reset
  /// Saving the progress file failed; the message names the file.
  case saveFailed(String)
}
