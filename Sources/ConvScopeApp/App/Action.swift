import TerminalUI

/// Everything that can happen to the app: user intents (mapped from keys and clicks by
/// `KeyMap` and `InputRouter`), terminal events, time, and engine results.
public enum Action: Equatable, Sendable {
  /// Go to the tab to the right (wrapping).
  case nextScreen
  /// Go to the tab to the left (wrapping).
  case previousScreen
  /// Go to a given tab (digit keys, mouse clicks).
  case selectScreen(Screen)
  /// Open or close the key help.
  case toggleHelp
  /// Scroll the open help by this many rows (arrows, page keys; see `HelpKeys`).
  case scrollHelp(Int)
  /// Presenter mode on or off.
  case togglePresenter
  /// Draw heatmaps with the next palette (default → contrast → colour-blind → default).
  case cyclePalette
  /// Close whatever overlay is open (help, the quit question).
  case closeOverlay
  /// Ask to quit: quits at once unless training is running, in which case it asks.
  case quit
  /// Quit now (the answer "y", or Ctrl-C).
  case confirmQuit
  /// Keep going (the answer "n").
  case cancelQuit
  /// The terminal now has this size.
  case resized(Size)
  /// Time passed without input (the loop's poll timed out).
  case tick
  /// Recompute the Compare screen's numbers.
  case reloadComparison
  /// Background engine work finished.
  case engineReported(EngineEvent)
  /// Something on the Explore screen (see `ExploreAction`).
  case explore(ExploreAction)
  /// Something on the Lessons screen (see `LessonsAction`).
  case lessons(LessonsAction)
  /// Scrolling and timing on the Compare screen (see `CompareAction`).
  case compare(CompareAction)
  /// Something on the Train screen (see `TrainAction`).
  case train(TrainAction)
  /// Something on the docked lesson (see `LessonPaneAction`).
  case lessonPane(LessonPaneAction)
  /// Playing a tour (see `TourAction`).
  case tour(TourAction)
  /// Save what the focused panel (or the whole screen) shows as pictures (`PictureExport`).
  case exportPicture(PictureExport.Scope)
  /// The pictures were written (or not): the status line's message.
  case pictureExported(String)
  /// Opening, editing and reloading a model file (see `ModelFileAction`).
  case modelFile(ModelFileAction)
  /// Something about the lesson checks (see `LessonChecksAction`).
  case lessonChecks(LessonChecksAction)
}
