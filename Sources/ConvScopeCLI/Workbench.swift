import ArgumentParser
import ConvEngine
import ConvScopeApp
import NcursesBackend

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

  @OptionGroup var options: WorkbenchOptions

  func run() throws {
    try Workbench.start(ascii: ascii, noColor: noColor, state: options.initialState())
  }

  /// Runs the workbench on this process's terminal until the user quits.
  ///
  /// The terminal is restored on every way out: `defer` covers returns and thrown errors;
  /// the backend's signal handlers cover Ctrl-C, `kill`, hang-up, Ctrl-Z and crashes; its
  /// `atexit` hook covers an `exit()` from deeper down.
  static func start(
    ascii: Bool = false, noColor: Bool = false, state: AppState = AppState(lessons: LessonShelf.load())
  ) throws {
    // Checkpoints the Train screen saves go to runs/: remove what a killed save left there.
    FileIO.removeStaleTemporaries(in: TrainSetup.runsFolder)
    let backend: NcursesBackend
    do {
      backend = try NcursesBackend(options: NcursesOptions(ascii: ascii, noColor: noColor))
    } catch let error as NcursesBackendError {
      CLI.printError(error.description)
      throw ExitCode(1)
    }
    defer { backend.shutdown() }
    let loop = AppLoop(backend: backend, state: state)
    loop.run()
  }
}
