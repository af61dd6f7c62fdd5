import TerminalUI

/// Turns terminal input into actions: keys through `KeyMap`, clicks through the tab bar's
/// hit rectangles, resizes and ticks as themselves.
public enum InputRouter {
  public static func action(for event: InputEvent, in state: AppState) -> Action? {
    switch event {
    case .key(let key):
      // A quiz being answered takes plain keys as typing before the key table sees them.
      // So do the open help (arrows and page keys scroll it) and the Explore prompt.
      return HelpKeys.action(for: key, in: state) ?? LessonsKeys.quizAction(for: key, in: state)
        ?? ModelFileKeys.action(for: key, in: state) ?? ExplorePromptKeys.action(for: key, in: state)
        ?? KeyMap.action(for: key, in: state)
    case .mouse(let mouse):
      return action(for: mouse, in: state)
    case .resize(let size):
      return .resized(size)
    case .tick:
      return .tick
    }
  }

  /// A left press on a tab selects that screen, a press or drag on the Explore canvas inks it,
  /// one on a time-lapse track scrubs, one on the docked lesson goes to it (`LessonPane`);
  /// everything else is ignored for now.
  static func action(for mouse: MouseEvent, in state: AppState) -> Action? {
    guard !state.isQuitPending, !state.isTooSmall else { return nil }
    // The docked lesson takes what lands on it, and everything while its edge is dragged.
    let pane = LessonPaneLayout(state)
    if pane.isShown, state.lessonPane.isDragging || pane.pane.contains(mouse.point) {
      return .lessonPane(.mouse(mouse))
    }
    // The Explore canvas takes presses and drags on itself; the tab bar is never on it.
    if let paint = ExploreCanvasView.action(for: mouse, in: state) { return paint }
    // So does a time-lapse track: a press or drag shows the frame under it.
    if let scrub = TrainView.action(for: mouse, in: state) ?? ExploreTimeLapsePanel.action(for: mouse, in: state) {
      return scrub
    }
    guard mouse.button == .left, mouse.kind == .press else { return nil }
    return RootView.screen(at: mouse.point, in: state.terminalSize).map(Action.selectScreen)
  }
}
