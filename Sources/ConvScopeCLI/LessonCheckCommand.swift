import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation

/// `convscope lesson check [ID | tour:ID]`: a lesson's or a tour's tasks and their saved
/// status, or without an id every lesson's and tour's count (the workbench grades tasks from
/// its live state; outside it there is nothing to grade, so this reads the progress file).
/// `--reset` forgets the lesson's or tour's met tasks first.
struct CheckLesson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "List a lesson's or tour's tasks and whether each is done (progress saved by the workbench).",
    discussion: """
      Tasks are graded inside the workbench from what it shows (a training run's accuracy, the \
      layer and map on Explore, the layer picked on Compare) and saved in \
      $XDG_DATA_HOME/convscope/lesson-progress.json (default ~/.local/share/convscope/). \
      Without an id: every lesson and tour with how many of its tasks are done.
      """)

  @Argument(help: "Lesson id (03-lenet5), number (3) or topic (lenet5), or tour:ID for a tour's tasks; none lists every lesson and tour.")
  var id: String?
  @OptionGroup var folder: LessonFolderOptions
  @Flag(help: "Print JSON (id, title, progressFile, reset, done, tasks with id, kind, text, line, step for a tour's, done).")
  var json = false
  @Flag(help: "Forget the lesson's or tour's met tasks (saved at once), then list them.") var reset = false

  func validate() throws {
    if reset, id == nil { throw ValidationError("--reset needs the lesson or tour:ID whose progress to forget") }
  }

  func run() throws {
    let library = try folder.library()
    guard let path = LessonProgressStore.path() else {
      CLI.printError("cannot find the data folder: neither XDG_DATA_HOME nor HOME is set")
      throw ExitCode(1)
    }
    let loaded = LessonProgressStore.load(path: path)
    var progress = loaded.progress
    if let problem = loaded.problem { CLI.printWarning(problem.printableOnOneLine) }
    guard let id else {
      // A corrupt file is replaced (with nothing met) so the next run reads cleanly.
      if loaded.problem != nil { try LessonGuard.run { try LessonProgressStore.save(progress, path: path) } }
      let tours = try folder.tours()
      folder.warnAboutBrokenLinks(library, tours: tours)
      try overview(library: library, tours: tours, progress: progress, path: path)
      return
    }
    let target: (id: String, title: String, tasks: (LessonProgress) -> [LessonTaskStatus])
    if id.hasPrefix("tour:") {
      let tour = try folder.tour(String(id.dropFirst(5)), in: try folder.tours())
      target = (tour.progressID, tour.title, tour.taskStatuses)
    } else {
      let lesson = try folder.lesson(id, in: library)
      target = (lesson.id, lesson.title, lesson.taskStatuses)
    }
    if reset || loaded.problem != nil {
      if reset { progress.reset(target.id) }
      try LessonGuard.run { try LessonProgressStore.save(progress, path: path) }
    }
    let tasks = target.tasks(progress)
    if json {
      print(try CLI.json(LessonCheckJSON(id: target.id, title: target.title, progressFile: path, reset: reset,
                                         done: tasks.filter(\.done).count, tasks: tasks)))
      return
    }
    if reset { print("Progress of \(target.id) reset.") }
    guard !tasks.isEmpty else {
      print("\(target.id) has no tasks.")
      return
    }
    let isTour = tasks.contains { $0.step != nil }
    var rows = [["task"] + (isTour ? ["step"] : []) + ["kind", "done", "what to do"]]
    for task in tasks {
      rows.append([task.id] + (task.step.map { [String($0)] } ?? []) + [task.kind, task.done ? "yes" : "no", task.text])
    }
    print("\(target.title): \(tasks.filter(\.done).count) of \(tasks.count) tasks done")
    print(CLI.table(rows, rightAligned: isTour ? [1] : []))
    let place = isTour ? "convscope \(target.id.replacing("tour:", with: "tour ")), on the step shown" : "convscope, Lessons tab, c shows them graded"
    print("\nDo them in the workbench (\(place)); saved in \(path)")
  }

  /// Every lesson's and tour's count of done tasks.
  private func overview(library: LessonLibrary, tours: TourShelf, progress: LessonProgress, path: String) throws {
    let lessons = library.lessons.map { lesson in
      LessonCheckCountJSON(id: lesson.id, title: lesson.title, done: progress.metCount(lesson), tasks: lesson.tasks.count)
    }
    let tours = tours.tours.map { tour in
      let tasks = tour.taskStatuses(progress)
      return LessonCheckCountJSON(id: tour.progressID, title: tour.title, done: tasks.filter(\.done).count, tasks: tasks.count)
    }
    if json {
      print(try CLI.json(LessonCheckOverviewJSON(progressFile: path, lessons: lessons, tours: tours)))
      return
    }
    var rows = [["id", "title", "done"]]
    for entry in lessons + tours { rows.append([entry.id, entry.title, entry.tasks == 0 ? "–" : "\(entry.done)/\(entry.tasks)"]) }
    print(CLI.table(rows, rightAligned: [2], width: LessonGuard.tableWidth))
    print("\nA lesson's or tour's tasks: convscope lesson check ID (tour:ID for a tour)\nSaved in \(path)")
  }
}

struct LessonCheckJSON: Encodable {
  var id: String
  var title: String
  var progressFile: String
  var reset: Bool
  var done: Int
  var tasks: [LessonTaskStatus]
}

struct LessonCheckOverviewJSON: Encodable {
  var progressFile: String
  var lessons: [LessonCheckCountJSON]
  /// Ids are `tour:ID`, what the progress file keeps a tour's tasks under.
  var tours: [LessonCheckCountJSON]
}

struct LessonCheckCountJSON: Encodable {
  var id: String
  var title: String
  var done: Int
  var tasks: Int
}
