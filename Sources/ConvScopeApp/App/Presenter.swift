import TerminalUI

/// Presenter mode's rules that are not one screen's: a room reads the footer from far away,
/// so it keeps only the key that moves the talk on.
enum Presenter {
  /// In a tour, the tour's "next" alone (space); elsewhere the screen's next step and F5's
  /// way back to the normal view (on Compare F5 alone: its three totals have no next step).
  /// `shown` is the footer's bindings in table order.
  static func footer(_ shown: [KeyBinding], in state: AppState) -> [KeyBinding] {
    if let next = shown.first(where: { $0.scope == .tour && $0.action(for: .char(" ")) != nil }) { return [next] }
    let leave = shown.first { $0.matches(KeyEvent(.function(5))) }
    return [next(shown, in: state), leave].compactMap { $0 }
  }

  /// The key that moves the screen on now. Train: enter starts a run, and while one runs
  /// space pauses it (resumes it when paused), enter gives a long run its go-ahead;
  /// Compare: none; drawing: space inks; a quiz: enter (check, next question, back to the
  /// lesson); elsewhere the screen's first key.
  static func next(_ shown: [KeyBinding], in state: AppState) -> KeyBinding? {
    func key(_ event: KeyEvent) -> KeyBinding? {
      shown.first { if case .screens = $0.scope { return $0.matches(event) } else { return false } }
    }
    switch state.screen {
    case .compare:
      return nil
    case .explore where state.explore.isDrawing:
      return ExploreKeys.drawingNext
    case .lessons where state.lessons.quiz != nil:
      // The quiz reads its keys before the table; enter is what moves it on.
      return LessonsKeys.quizEnter(state)
    case .train where state.train.isRunning:
      if state.train.progress?.awaitsConfirmation == true { return key(KeyEvent(.enter))?.footer("go ahead") }
      return key(.char(" "))?.footer(state.train.isPaused ? "resume" : "pause")
    default:
      return shown.first { if case .screens = $0.scope { return true } else { return false } }
    }
  }
}
