/// One task and whether the progress file has it met: what `convscope lesson check` and
/// `convscope tour show` print, as text and as `--json`.
public struct LessonTaskStatus: Sendable, Hashable, Encodable {
  public var id: String
  /// The check's kind (`test-accuracy`, `most-parameters` …).
  public var kind: String
  /// The line's visible text, as the student reads it.
  public var text: String
  /// The 1-based line of the file the task is on.
  public var line: Int
  /// The tour step (from 1) the task is graded on; nil for a lesson's task (and then left
  /// out of the JSON).
  public var step: Int?
  public var done: Bool

  public init(_ task: LessonTask, step: Int? = nil, done: Bool) {
    id = task.id
    kind = task.check.kind
    text = task.text
    line = task.line
    self.step = step
    self.done = done
  }
}

extension Lesson {
  /// The lesson's tasks with whether `progress` has each met.
  public func taskStatuses(_ progress: LessonProgress) -> [LessonTaskStatus] {
    tasks.map { LessonTaskStatus($0, done: progress.isMet($0.id, in: id)) }
  }
}

extension Tour {
  /// Every step's tasks, in step order, with whether `progress` has each met (a tour's tasks
  /// are saved under its `progressID`).
  public func taskStatuses(_ progress: LessonProgress) -> [LessonTaskStatus] {
    steps.enumerated().flatMap { i, step in
      step.tasks.map { LessonTaskStatus($0, step: i + 1, done: progress.isMet($0.id, in: progressID)) }
    }
  }

  /// The steps as `convscope tour show` prints them, each with its tasks' status in `progress`.
  public func summaries(progress: LessonProgress) -> [TourStepSummary] {
    let tasks = taskStatuses(progress)
    return steps.enumerated().map { i, step in step.summary(number: i + 1, tasks: tasks.filter { $0.step == i + 1 }) }
  }
}
