/// What can be done with tours (keys map to these through `KeyMap`; `convscope tour NAME`
/// starts with `.play`).
public enum TourAction: Equatable, Sendable {
  /// Play the tour with this id from its first step.
  case play(String)
  /// Lessons tab `T`: play the open lesson's tour (or the first tour).
  case playForOpenLesson
  /// Show the next (+1) or previous (−1) step.
  case step(Int)
  /// Stop or restart the auto-advance clock.
  case togglePause
  /// Leave the tour (the screens stay as the step left them).
  case leave
}
