import TerminalUI

/// What can be done with the docked lesson (keys map to these through `KeyMap`, the mouse
/// through `InputRouter`).
public enum LessonPaneAction: Equatable, Sendable {
  /// Dock the open lesson beside the screen, or close the pane.
  case toggle
  /// On the Lessons tab: go back to the last of Explore, Train and Compare with the lesson
  /// being read docked beside it.
  case dockBesideLastScreen
  /// Move the keys between the pane and the screen.
  case switchFocus
  /// Scroll the lesson by this many lines (negative: up).
  case scroll(Int)
  /// Scroll by this many pages of the pane.
  case page(Int)
  /// Focus the next / previous action link (+1 / -1), scrolling it into view.
  case moveLinkFocus(Int)
  /// Follow the focused link: it acts on the screen beside the pane.
  case followLink
  /// Widen (+1) or narrow (-1) the pane by one step of its share.
  case resize(Int)
  /// A mouse event on the pane (or anywhere while its edge is being dragged).
  case mouse(MouseEvent)
}
