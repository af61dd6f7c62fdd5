import TerminalUI

/// The lesson docked beside Explore, Train or Compare: whether it is open, which lesson,
/// where the reader is, how much of the terminal it takes, and which side has the keys.
///
/// The place is kept as a block and a line within it (`MarkdownPlace`), not as a line
/// number, so resizing the pane or the terminal rewraps the text without losing the place.
public struct LessonPaneState: Equatable, Sendable {
  /// Which side the keys go to.
  public enum Focus: Sendable, Hashable {
    case screen, pane
  }

  /// The share of the terminal the pane takes by default and its limits (per cent of the
  /// width beside the screen, of the height below it); `LessonPaneLayout` also keeps the
  /// screen at its minimum size and the pane at its own.
  public static let defaultShare = 40
  public static let shareRange = 20...75
  /// How much `{` and `}` change the share.
  public static let shareStep = 5

  public var isOpen = false
  /// The docked lesson (nil until a lesson is docked).
  public var lessonID: String?
  /// The top of the view.
  public var place = MarkdownPlace()
  /// The focused link, as an index into the lesson's `links` (always an action link).
  public var focusedLink: Int?
  /// Per cent of the terminal the pane takes (see `defaultShare`).
  public var share = LessonPaneState.defaultShare
  public var focus = Focus.screen
  /// Whether the pane's edge is being dragged with the mouse (a press on it started it).
  public var isDragging = false

  public init() {}
}
