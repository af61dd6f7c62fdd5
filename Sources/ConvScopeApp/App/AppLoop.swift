import Foundation
import TerminalUI

/// The workbench's one loop: draw, wait briefly for input, turn it into an action, update,
/// perform the effects; until an effect says quit.
///
/// Waiting is a poll with a timeout (50 ms by default), so the loop also wakes up to pick
/// up engine results and to advance time (`.tick`) when nothing is typed. It is generic over
/// the backend, so tests run it headless on a `MemoryBackend` with scripted input.
public final class AppLoop<Backend: TerminalBackend> {
  public private(set) var state: AppState
  public private(set) var terminal: Terminal<Backend>
  /// How long one poll waits for input, in milliseconds.
  public let pollTimeout: Int
  /// Whether an effect has asked to quit.
  public private(set) var hasQuit = false
  /// How many frames were drawn (skipped when nothing changed).
  public private(set) var framesDrawn = 0

  private let engine: any EngineRunner
  /// Where `e` writes pictures.
  public let exportFolder: String
  /// The state the screen currently shows; nil forces the next draw.
  private var shownState: AppState?

  /// `state` is where to start (default: the Explore screen); its size is taken from the
  /// backend, which is the authority on that.
  public init(
    backend: Backend, engine: any EngineRunner = BackgroundEngineRunner(),
    state: AppState = AppState(), pollTimeout: Int = 50, exportFolder: String = PictureExport.defaultFolder
  ) {
    self.terminal = Terminal(backend: backend)
    self.engine = engine
    self.exportFolder = exportFolder
    self.pollTimeout = pollTimeout
    self.state = state
    self.state.terminalSize = backend.size
    self.state.pixelMode = PixelMode(depth: backend.colorDepth, unicode: backend.unicode)
  }

  /// Runs until quit, or for at most `maxTurns` turns (a guard for scripted tests, whose
  /// backend returns at once when its script is used up).
  public func run(maxTurns: Int? = nil) {
    var turns = 0
    while !hasQuit {
      if let maxTurns, turns >= maxTurns { return }
      turn()
      turns += 1
    }
    // A training run's thread may be in the middle of a step or of writing a checkpoint,
    // and the engine's queue may still hold requests: finish them, stop the run and wait,
    // so the process never exits with a thread running or a file half written.
    engine.shutdown()
  }

  /// One pass: collect engine results, draw if anything changed, wait for one input event
  /// and handle it.
  public func turn() {
    for event in engine.drainEvents() { dispatch(.engineReported(event)) }
    guard !hasQuit else { return }
    drawIfNeeded()
    let event = terminal.nextEvent(timeout: pollTimeout) ?? .tick
    if case .resize = event {
      // The terminal's content is no longer what we last sent (it reflowed, or we were
      // stopped and continued): send every cell on the next draw.
      terminal.invalidate()
      shownState = nil
    }
    if let action = InputRouter.action(for: event, in: state) { dispatch(action) }
  }

  /// Applies an action and performs its effects.
  public func dispatch(_ action: Action) {
    for effect in update(&state, action) {
      switch effect {
      case .quitApp:
        hasQuit = true
      case .startEngineWork(let request):
        engine.start(request)
      case .exportPicture(let scope):
        dispatch(.pictureExported(PictureExport.write(state, scope: scope, folder: exportFolder, stamp: Self.stamp())))
      case .readModelFile(let path, let screen):
        dispatch(.modelFile(.read(ModelFileRead.reading(path, screen: screen, purpose: .open))))
      case .editModelFile(let path, let screen, let original):
        if let original, let problem = ModelFileEditor.copy(original, to: path) {
          dispatch(.modelFile(.editorFailed(problem)))
          continue
        }
        let problem = terminal.backend.suspended { ModelFileEditor.edit(path) }
        // The editor drew over the screen: send every cell on the next draw.
        terminal.invalidate()
        shownState = nil
        if let problem {
          dispatch(.modelFile(.editorFailed(problem)))
        } else {
          dispatch(.modelFile(.read(ModelFileRead.reading(path, screen: screen, purpose: .edit, copyOf: original))))
        }
      case .saveLessonProgress(let progress, let path):
        do {
          try LessonProgressStore.save(progress, path: path)
        } catch {
          dispatch(.lessonChecks(.saveFailed(String(describing: error))))
        }
      }
    }
  }

  /// The local date and time as "20261203-160501", for export file names.
  static func stamp() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    return formatter.string(from: Date())
  }

  /// Draws the current state unless the screen already shows it.
  public func drawIfNeeded() {
    guard shownState != state else { return }
    let snapshot = state
    terminal.draw { frame in render(snapshot, into: &frame) }
    shownState = snapshot
    framesDrawn += 1
  }
}
