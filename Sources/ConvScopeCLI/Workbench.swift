import ArgumentParser
import ConvEngine
import ConvScopeApp
import NcursesBackend
import TerminalUI

/// `convscope workbench`: the full-screen terminal workbench (also what a bare `convscope`
/// starts, through `Workbench.start`).
struct Workbench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open the full-screen workbench (Explore, Train, Compare, Lessons).",
    discussion: """
      Press ? inside for the keys, q to quit. Needs a terminal of at least \
      \(AppState.minimumSize.width)×\(AppState.minimumSize.height); NO_COLOR=1 turns colours off.
      """)

  @Flag(help: "Draw with plain ASCII only (no box-drawing or block characters).")
  var ascii = false

  @Flag(name: .customLong("no-color"), help: "Use no colours (the same as NO_COLOR=1).")
  var noColor = false

  @Option(help: """
    Record the session as an asciicast v2 file (play it with `convscope replay FILE`, or asciinema). \
    An existing file is replaced.
    """)
  var record: String?

  @OptionGroup var options: WorkbenchOptions
  @OptionGroup var presenter: PresenterOptions

  func run() throws {
    try Workbench.start(ascii: ascii, noColor: noColor, state: presenter.apply(to: options.initialState()), record: record)
  }

  /// The lessons and tours found the usual way, Explore first.
  static func defaultState() -> AppState {
    var state = AppState(lessons: LessonShelf.load())
    state.tour.shelf = TourShelf.load()
    return state
  }

  /// Runs the workbench on this process's terminal until the user quits.
  ///
  /// The terminal is restored on every way out: `defer` covers returns and thrown errors;
  /// the backend's signal handlers cover Ctrl-C, `kill`, hang-up, Ctrl-Z and crashes; its
  /// `atexit` hook covers an `exit()` from deeper down.
  static func start(
    ascii: Bool = false, noColor: Bool = false, state: AppState = Workbench.defaultState(),
    record: String? = nil, first actions: [Action] = []
  ) throws {
    // Checkpoints the Train screen saves go to runs/: remove what a killed save left there.
    FileIO.removeStaleTemporaries(in: TrainSetup.runsFolder)
    // A bad --record path fails here, before the terminal is taken over.
    let cast = try record.map { path in try CLI.guarded { try CastFile(path: path) } }
    let backend = try openTerminal(ascii: ascii, noColor: noColor)
    defer { backend.shutdown() }
    var state = state
    state.loadLessonProgress()
    guard let cast else {
      run(AppLoop(backend: backend, state: state), first: actions)
      return
    }
    let recorder = RecordingBackend(backend, header: CastFile.header(), write: cast.append)
    run(AppLoop(backend: recorder, state: state), first: actions)
    if let failure = recorder.failure {
      backend.shutdown()
      CLI.printError(failure)
      throw ExitCode(1)
    }
  }

  /// Runs `loop` until the user quits, after `actions` (what the command asked for, such as a
  /// tour to play), which so happen on the terminal's real size.
  private static func run<Backend: TerminalBackend>(_ loop: AppLoop<Backend>, first actions: [Action]) {
    for action in actions { loop.dispatch(action) }
    loop.run()
  }

  /// Takes the terminal over, or prints why it cannot (no terminal, an unknown `TERM`) as one
  /// line and exits 1. Shared by the workbench and `replay`.
  static func openTerminal(ascii: Bool, noColor: Bool) throws -> NcursesBackend {
    do {
      return try NcursesBackend(options: NcursesOptions(ascii: ascii, noColor: noColor))
    } catch let error as NcursesBackendError {
      CLI.printError(error.description)
      throw ExitCode(1)
    }
  }
}
