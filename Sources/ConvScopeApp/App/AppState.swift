import TerminalUI

/// Everything the workbench shows, as one value: views are a function of it, and only
/// `update(_:_:)` changes it.
public struct AppState: Equatable, Sendable {
  /// Below this size the screens cannot be laid out; a notice is shown instead.
  public static let minimumSize = Size(width: 60, height: 16)

  /// The selected tab.
  public var screen: Screen = .explore
  /// The last of Explore, Train and Compare shown (`D` on the Lessons tab goes back to it).
  public var lastScreen: Screen = .explore
  /// Whether the key help overlay is open.
  public var isHelpVisible = false
  /// The first help row shown when the help is taller than the terminal.
  public var helpScroll = 0
  /// Whether the "training is running — quit?" question is on screen.
  public var isQuitPending = false
  /// The terminal's size in cells, as last reported.
  public var terminalSize: Size
  /// The size the screen is laid out for: the terminal's, less the docked lesson pane's
  /// share (`LessonPaneLayout`). Every screen lays itself out, pages and hit-tests by this,
  /// so a screen works the same beside the pane as on a terminal of this size. Setting it
  /// sets the terminal's size (the pane's share then follows).
  public var size: Size {
    get { LessonPaneLayout(self).screenSize }
    set { terminalSize = newValue }
  }
  /// A one-line message shown at the right of the footer (errors, confirmations).
  public var statusMessage: String?

  /// How pictures are drawn on this terminal (half blocks, coloured cells or shades): the
  /// loop sets it from the backend, and Explore's paging depends on it.
  public var pixelMode: PixelMode = .halfBlock

  /// Presenter mode (`--present`, F5): each screen laid out for a large font on a small grid,
  /// one thing at a time, the footer down to the key that moves on (`Presenter`).
  public var isPresenting = false
  /// The heatmap palette asked for (`--palette`, F6); nil: the projector's high-contrast one
  /// while presenting, else the default.
  public var chosenPalette: Palette?
  /// The palette heatmaps are drawn with, on screen and in exported pictures.
  public var palette: Palette { chosenPalette ?? (isPresenting ? .contrast : .standard) }

  public var explore = ExploreState()
  public var train = TrainState()
  public var compare = CompareState()
  public var lessons: LessonsState
  /// The lesson docked beside Explore, Train or Compare.
  public var lessonPane = LessonPaneState()
  /// The tours, and the one being played (its step's text shows in the lesson pane).
  public var tour = TourState()
  /// The model-file prompt and the report of what an edit changed (`ModelFiles`).
  public var modelFiles = ModelFileState()
  /// The lesson tasks' progress and grades (`LessonChecks`).
  public var lessonChecks = LessonChecksState()

  /// `lessons` is the shelf the Lessons screen (and lesson links from other screens) read;
  /// the workbench loads it once at start (`LessonShelf.load`). Without it there are no lessons.
  public init(size: Size = Size(width: 80, height: 24), lessons: LessonShelf = LessonShelf(lessons: [])) {
    self.terminalSize = size
    self.lessons = LessonsState(shelf: lessons)
  }

  /// Whether a training run is in progress (quitting then asks first).
  public var isTrainingRunning: Bool { train.isRunning }

  /// Whether the terminal is too small for the screens.
  public var isTooSmall: Bool { !terminalSize.fits(AppState.minimumSize) }

  /// Whether the keys go to the docked lesson (it is shown and has the focus).
  public var isLessonPaneFocused: Bool {
    lessonPane.focus == .pane && LessonPaneLayout(self).isShown
  }
}
