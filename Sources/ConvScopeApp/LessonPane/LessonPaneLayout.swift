import TerminalUI

/// Where the docked lesson goes on a terminal: a pure function of the terminal's size, the
/// pane's state and the screen. The screen is then laid out as if the terminal were only
/// `screenSize` (its tab bar and body keep their places at the top left), so no screen needs
/// to know about the pane: its drawing, its keys' paging and its mouse hit tests all read
/// `AppState.size`, which is this `screenSize`.
public struct LessonPaneLayout: Equatable, Sendable {
  public enum Arrangement: Sendable, Hashable {
    /// No pane: closed, on the Lessons tab, or no room for it.
    case none
    /// The pane at the right of the screen, full height.
    case beside
    /// The pane under the screen, full width.
    case below
  }

  /// From this many columns the pane goes beside the screen; narrower, below it.
  public static let besideFromWidth = 110
  /// The width the screens are designed for first (80×24), kept beside the pane.
  public static let preferredScreenWidth = 80
  /// The smallest pane worth drawing: a border, a margin and some text.
  public static let minimumPane = Size(width: 30, height: 6)
  /// Below the screen on a terminal shorter than this, the pane with the keys grows over the
  /// screen: the screen cannot shrink under its 16 rows, so at 80×24 the pane would
  /// otherwise read six lines at a time.
  public static let growsBelowHeight = 30
  /// The screen's rows under the tab bar left in view when the pane grows over it.
  public static let grownScreenPeek = 5

  public let arrangement: Arrangement
  /// The size the screen is laid out for (the whole terminal without a pane).
  public let screenSize: Size
  /// The pane with its border (empty without a pane).
  public let pane: Rect
  /// Whether the pane has grown over the screen (below it, on a short terminal, with the
  /// keys); the screen keeps its layout underneath.
  public let isGrown: Bool

  public init(terminal: Size, pane state: LessonPaneState, screen: Screen) {
    let minimum = AppState.minimumSize
    let none = (Arrangement.none, terminal, Rect(x: 0, y: 0, width: 0, height: 0), false)
    // The shell's tab bar and footer stay full width; the pane takes from the body.
    let (arrangement, screenSize, pane, isGrown): (Arrangement, Size, Rect, Bool) = {
      guard state.isOpen, screen.canDockLesson, terminal.fits(minimum) else { return none }
      if terminal.width >= Self.besideFromWidth {
        // Beside, the screen keeps the 80 columns it is designed for first, as long as the
        // pane keeps its own minimum (then down to the screens' minimum).
        let screenWidth = max(minimum.width, min(Self.preferredScreenWidth, terminal.width - Self.minimumPane.width))
        let width = min(max(terminal.width * state.share / 100, Self.minimumPane.width), terminal.width - screenWidth)
        guard width >= Self.minimumPane.width else { return none }
        let rect = Rect(x: terminal.width - width, y: 1, width: width, height: terminal.height - 2)
        return (.beside, Size(width: terminal.width - width, height: terminal.height), rect, false)
      }
      let height = min(max(terminal.height * state.share / 100, Self.minimumPane.height), terminal.height - minimum.height)
      guard height >= Self.minimumPane.height else { return none }
      let rect = Rect(x: 0, y: terminal.height - 1 - height, width: terminal.width, height: height)
      let screenSize = Size(width: terminal.width, height: terminal.height - height)
      // Read with the keys on a short terminal, the pane covers all but the screen's top
      // rows; the screen gets the room back with the keys.
      let top = 1 + Self.grownScreenPeek
      if state.focus == .pane, !state.isDragging, terminal.height < Self.growsBelowHeight, top < rect.y {
        return (.below, screenSize, Rect(x: 0, y: top, width: terminal.width, height: terminal.height - 1 - top), true)
      }
      return (.below, screenSize, rect, false)
    }()
    self.arrangement = arrangement
    self.screenSize = screenSize
    self.pane = pane
    self.isGrown = isGrown
  }

  public init(_ state: AppState) {
    self.init(terminal: state.terminalSize, pane: state.lessonPane, screen: state.screen)
  }

  public var isShown: Bool { arrangement != .none }

  /// Where the lesson's text is drawn: inside the border, one column of margin each side.
  public var text: Rect {
    Block().inner(pane).inset(top: 0, left: 1, bottom: 0, right: 1)
  }

  /// The edge the mouse drags to resize the pane: its left border beside the screen, its
  /// top border below it.
  public var edge: Rect {
    switch arrangement {
    case .none: Rect(x: 0, y: 0, width: 0, height: 0)
    case .beside: Rect(x: pane.x, y: pane.y, width: 1, height: pane.height)
    case .below: Rect(x: pane.x, y: pane.y, width: pane.width, height: 1)
    }
  }

  /// The share that puts the pane's edge at `point` (dragging the edge), within the limits.
  public func share(draggingTo point: Point, terminal: Size) -> Int? {
    let share: Int
    switch arrangement {
    case .none: return nil
    case .beside: share = (terminal.width - point.x) * 100 / max(1, terminal.width)
    case .below: share = (terminal.height - 1 - point.y) * 100 / max(1, terminal.height)
    }
    return min(max(share, LessonPaneState.shareRange.lowerBound), LessonPaneState.shareRange.upperBound)
  }
}

extension Screen {
  /// Whether the lesson pane can sit beside this screen (not on the Lessons tab, which shows
  /// lessons itself).
  public var canDockLesson: Bool { self != .lessons }
}
