import TerminalUI

/// The tours the workbench knows and the one being played, if any.
public struct TourState: Equatable, Sendable {
  public var shelf = TourShelf(tours: [])
  /// The tour being played; nil when none is.
  public var playing: Tour?
  /// The step on show, from 0.
  public var step = 0
  /// Whether the auto-advance clock is stopped (`p`).
  public var isPaused = false
  /// Quiet turns the step has been on show (the auto-advance clock).
  public var ticks = 0
  /// How the step still has to frame its screen once the screen's data arrives (zoom and
  /// inspector cell on Explore, a row on Compare); nil when done.
  public var pendingView: TourView?
  /// The docked lesson as it was before the tour, put back when the tour ends.
  public var paneBefore: LessonPaneState?
  /// The screens as they were before the tour, put back when the tour ends.
  public var screensBefore: ScreensBefore?
  /// The training step whose runs the Train screen was given last, and their run ids.
  public var trainRuns: StepRuns?
  /// The Train screen as each training step left it, its runs ended, when a later step's
  /// runs took the screen: going back to the step shows it again as it was (same runs, same
  /// numbers, same curves) instead of training anew.
  public var trainStates: [Int: TrainState] = [:]

  /// A training step's runs: which step, and the ids its runs have (or will have, for the
  /// ones still queued).
  public struct StepRuns: Equatable, Sendable {
    public var step: Int
    public var ids: ClosedRange<Int>

    /// Whether `train` still shows these runs: one of them is the latest, and no run of the
    /// student's own has started since.
    public func isShown(in train: TrainState) -> Bool {
      train.runCount <= ids.upperBound && (train.progress.map { ids.contains($0.runID) } ?? false)
    }
  }

  /// What a tour changes on the screens, kept from before it so leaving puts it back: the
  /// tab, Explore's view, the Train screen's runs and Compare's table and pick.
  public struct ScreensBefore: Equatable, Sendable {
    public var screen: Screen
    public var lastScreen: Screen
    public var explore: ExploreState
    public var train: TrainState
    public var compare: CompareState

    public init(_ state: AppState) {
      (screen, lastScreen) = (state.screen, state.lastScreen)
      (explore, train, compare) = (state.explore, state.train, state.compare)
    }
  }

  public init() {}

  public var isPlaying: Bool { playing != nil }

  /// The step on show.
  public var current: TourStep? {
    guard let playing, playing.steps.indices.contains(step) else { return nil }
    return playing.steps[step]
  }
}
