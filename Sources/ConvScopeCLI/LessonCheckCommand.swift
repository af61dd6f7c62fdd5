import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation

/// `convscope lesson check ID`: a lesson's tasks and their saved status (the workbench grades
/// them from its live state; outside it there is nothing to grade, so this reads the progress
/// file). `--reset` forgets the lesson's met tasks first.
struct CheckLesson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "List a lesson's tasks and whether each is done (progress saved by the workbench).",
    discussion: """
      Tasks are graded inside the workbench from what it shows (a training run's accuracy, the \
      layer and map on Explore, the layer picked on Compare) and saved in \
      $XDG_DATA_HOME/convscope/lesson-progress.json (default ~/.local/share/convscope/).
      """)

  @Argument(help: "Lesson id (03-lenet5), number (3) or topic (lenet5).") var id: String
  @OptionGroup var folder: LessonFolderOptions
  @Flag(help: "Print JSON (id, title, file, tasks with id, kind, text, line, done).") var json = false
  @Flag(help: "Forget the lesson's met tasks (saved at once), then list them.") var reset = false

  func run() throws {
    let library = try folder.library()
    let lesson = try folder.lesson(id, in: library)
    guard let path = LessonProgressStore.path() else {
      CLI.printError("cannot find the data folder: neither XDG_DATA_HOME nor HOME is set")
      throw ExitCode(1)
    }
    let loaded = LessonProgressStore.load(path: path)
    var progress = loaded.progress
    if let problem = loaded.problem { CLI.printWarning(problem.printableOnOneLine) }
    if reset || loaded.problem != nil {
      // A corrupt file is replaced (with nothing met) so the next run reads cleanly.
      if reset { progress.reset(lesson.id) }
      try LessonGuard.run { try LessonProgressStore.save(progress, path: path) }
    }
    let tasks = lesson.tasks.map {
      LessonTaskJSON(id: $0.id, kind: $0.check.kind, text: $0.text, line: $0.line, done: progress.isMet($0.id, in: lesson.id))
    }
    if json {
      print(try CLI.json(LessonCheckJSON(id: lesson.id, title: lesson.title, progressFile: path, reset: reset,
                                         done: tasks.filter(\.done).count, tasks: tasks)))
      return
    }
    if reset { print("Progress of \(lesson.id) reset.") }
    guard !tasks.isEmpty else {
      print("\(lesson.id) has no tasks.")
      return
    }
    var rows = [["task", "kind", "done", "what to do"]]
    for task in tasks { rows.append([task.id, task.kind, task.done ? "yes" : "no", task.text]) }
    print("\(lesson.title): \(tasks.filter(\.done).count) of \(tasks.count) tasks done")
    print(CLI.table(rows, rightAligned: []))
    print("\nDo them in the workbench (convscope, Lessons tab, c shows them graded); saved in \(path)")
  }
}

struct LessonCheckJSON: Encodable {
  var id: String
  var title: String
  var progressFile: String
  var reset: Bool
  var done: Int
  var tasks: [LessonTaskJSON]
}

struct LessonTaskJSON: Encodable {
  var id: String
  var kind: String
  var text: String
  var line: Int
  var done: Bool
}
