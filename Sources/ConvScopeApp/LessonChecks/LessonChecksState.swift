import Foundation

/// The lesson checks' part of `AppState`: the saved progress, the latest grade of each task
/// of the lessons being read, and the engine measurements the checks asked for.
public struct LessonChecksState: Equatable, Sendable {
  /// Met tasks per lesson, as saved (and as `LessonChecks` adds to it).
  public var progress: LessonProgress
  /// Where progress is saved; nil saves nothing (tests of other screens, a home-less user).
  public var progressFile: String?
  /// The latest grade of each task not yet met, by `key(lesson:task:)`.
  public var results: [String: CheckResult] = [:]
  /// The snapshot and tasks last graded: nothing is graded again until one changes.
  public var graded: GradedKey?
  /// What that snapshot was made from: while it is unchanged no snapshot is built at all.
  var gradedInputs: CheckInputs?
  /// Stroke probes the engine has run, and those asked for (one request each).
  public var probes: [StrokeProbe] = []
  public var requestedProbes: [StrokeProbeRequest] = []
  /// Whether the Lessons tab shows the open lesson's tasks instead of its text (`c`).
  public var showsTasks = false
  /// Lines of the task list scrolled off the top (↓/↑, pgdn/pgup while it shows).
  public var taskScroll = 0

  public init(progress: LessonProgress = LessonProgress(), progressFile: String? = nil) {
    self.progress = progress
    self.progressFile = progressFile
  }

  /// What was graded: the snapshot and the open tasks graded on it ("LESSON#TASK").
  public struct GradedKey: Equatable, Sendable {
    var snapshot: CheckSnapshot
    var lessons: [String]
  }

  static func key(lesson: String, task: String) -> String { lesson + "#" + task }

  /// The latest grade of a task not yet met (nil before it was graded).
  public func result(lesson: String, task: String) -> CheckResult? { results[Self.key(lesson: lesson, task: task)] }
}

extension AppState {
  /// Reads the saved lesson progress from the user's data folder (`LessonProgressStore.path`)
  /// and saves there from now on. A corrupt file is said on the status line, naming it, and
  /// replaced by the next save; never a crash.
  public mutating func loadLessonProgress(environment: [String: String] = ProcessInfo.processInfo.environment) {
    guard let path = LessonProgressStore.path(environment: environment) else {
      statusMessage = "Lesson progress is not saved: neither XDG_DATA_HOME nor HOME is set."
      return
    }
    let loaded = LessonProgressStore.load(path: path)
    lessonChecks = LessonChecksState(progress: loaded.progress, progressFile: path)
    if let problem = loaded.problem { statusMessage = problem }
  }
}
