import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation

/// `convscope tour NAME|list|show`: play a guided tour in the workbench, or read tours as text.
struct TourCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tour",
    abstract: "Play a guided tour in the workbench, or list and show the tours.",
    discussion: """
      Tours live in lessons/tours/*.md: each ## section is a step naming the state of the screens.
      In the workbench: space or → next step, ← previous, p pause auto-advance, esc leave.
      """,
    subcommands: [PlayTour.self, ListTours.self, ShowTour.self], defaultSubcommand: PlayTour.self)
}

extension LessonFolderOptions {
  /// The tours beside the lessons; each file that does not load is named on standard error
  /// (`file:line: problem`) and left out.
  func tours() throws -> TourShelf {
    let directory = try LessonGuard.run { try LessonLibrary.locate(explicit: lessons) }
    let shelf = TourShelf(directory: directory + "/tours")
    for problem in shelf.problems { CLI.printWarning("\(problem.description) (not loaded)".printableOnOneLine) }
    return shelf
  }

  /// Names each broken link of the lessons, quizzes and tours on standard error (`file:line:
  /// link: problem (broken link)`), so a teacher sees them when listing rather than a student
  /// when following one. The command goes on.
  func warnAboutBrokenLinks(_ library: LessonLibrary, tours: TourShelf) {
    let context = library.linkContext(assetsDirectory: try? AssetLocator.assetsDirectory(explicit: nil))
    for problem in LessonLinkAudit.problems(lessons: library.lessons, tours: tours.tours, context: context) {
      CLI.printWarning(problem.description.printableOnOneLine)
    }
  }

  func tour(_ key: String, in shelf: TourShelf) throws -> Tour {
    guard let tour = shelf.tour(key) else {
      let known = shelf.tours.map(\.id).joined(separator: ", ")
      CLI.printError("\(key): no such tour; known: \(known.isEmpty ? "none" : known)".printableOnOneLine)
      throw ExitCode(1)
    }
    return tour
  }
}

struct PlayTour: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "play", abstract: "Open the workbench playing a tour (also: convscope tour NAME).")

  @Argument(help: "Tour id (lenet5-in-five-minutes), the start of one, or its title.") var name: String
  @OptionGroup var folder: LessonFolderOptions
  @Flag(help: "Draw with plain ASCII only.") var ascii = false
  @Flag(name: .customLong("no-color"), help: "Use no colours (the same as NO_COLOR=1).") var noColor = false
  @Option(help: "Record the session as an asciicast v2 file, as the workbench's --record does.") var record: String?
  @OptionGroup var presenter: PresenterOptions

  func run() throws {
    let shelf = try folder.tours()
    let tour = try folder.tour(name, in: shelf)
    var state = AppState(lessons: LessonShelf.load(explicit: folder.lessons))
    state.tour.shelf = shelf
    try Workbench.start(
      ascii: ascii, noColor: noColor, state: presenter.apply(to: state), record: record, first: [.tour(.play(tour.id))])
  }
}

struct ListTours: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Every tour: id, title, steps, lesson.")

  @OptionGroup var folder: LessonFolderOptions
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    let shelf = try folder.tours()
    folder.warnAboutBrokenLinks(try folder.library(), tours: shelf)
    if json {
      print(try CLI.json(shelf.tours.map {
        TourListJSON(id: $0.id, title: $0.title, steps: $0.steps.count, lesson: $0.lessonID, path: $0.path)
      }))
      return
    }
    var rows = [["id", "title", "steps", "lesson"]]
    for tour in shelf.tours { rows.append([tour.id, tour.title, String(tour.steps.count), tour.lessonID ?? "–"]) }
    print(CLI.table(rows, rightAligned: [2], width: LessonGuard.tableWidth))
    print("\nPlay one with: convscope tour ID   Read its steps with: convscope tour show ID")
  }
}

struct TourListJSON: Encodable {
  var id: String
  var title: String
  var steps: Int
  var lesson: String?
  var path: String?
}

struct ShowTour: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Print a tour's steps with the state each one sets (links checked against the assets).")

  @Argument(help: "Tour id, the start of one, or its title.") var name: String
  @OptionGroup var folder: LessonFolderOptions
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    let shelf = try folder.tours()
    let tour = try folder.tour(name, in: shelf)
    // Every step's link must name files and images that exist, as a lesson's links must.
    let library = try folder.library()
    let context = library.linkContext(assetsDirectory: try? AssetLocator.assetsDirectory(explicit: nil))
    for step in tour.steps {
      do {
        try context.resolve(step.showText)
      } catch let error as LessonError {
        CLI.printError("\(tour.path ?? tour.id):\(step.line): show: \(error.description)".printableOnOneLine)
        throw ExitCode(1)
      }
    }
    // The tasks' status as the workbench saved it (read only: `lesson check` replaces a corrupt file).
    let progress = LessonProgressStore.path().map(LessonProgressStore.load)
    if let problem = progress?.problem { CLI.printWarning(problem.printableOnOneLine) }
    let steps = tour.summaries(progress: progress?.progress ?? LessonProgress())
    if json {
      print(try CLI.json(TourShowJSON(id: tour.id, title: tour.title, lesson: tour.lessonID, intro: tour.intro,
                                      progressID: tour.progressID, steps: steps)))
      return
    }
    print(tour.title)
    if !tour.intro.isEmpty { print("\n" + QuizText.wrap(tour.intro, first: "", rest: "", width: LessonGuard.terminalWidth)) }
    for s in steps {
      print("\nStep \(s.number) of \(steps.count) — \(s.title) (line \(s.line))")
      print("  screen:  \(s.screen): \(s.state)")
      if !s.trainingSteps.isEmpty {
        print("  training: " + s.trainingSteps.map { "\($0) steps" }.joined(separator: ", then "))
      }
      if let view = s.view { print("  view:    \(view)") }
      if let key = s.key { print("  try:     \(key)") }
      print("  advance: " + (s.advance == "key" ? "on a key" : "after \(s.advance.dropLast()) s"))
      print("  link:    \(s.link)")
      for task in s.tasks {
        print("  task:    \(task.id) (\(task.kind), line \(task.line)): \(task.done ? "done" : "not done yet")")
        print(QuizText.wrap(task.text, first: "           ", rest: "           ", width: LessonGuard.terminalWidth))
      }
    }
    if steps.contains(where: { !$0.tasks.isEmpty }) {
      print("\nTasks are graded in the workbench while their step is on show; "
        + "convscope lesson check \(tour.progressID) lists them.")
    }
  }
}

struct TourShowJSON: Encodable {
  var id: String
  var title: String
  var lesson: String?
  var intro: String
  /// What the tour's met tasks are saved under (`convscope lesson check` takes it).
  var progressID: String
  var steps: [TourStepSummary]
}
