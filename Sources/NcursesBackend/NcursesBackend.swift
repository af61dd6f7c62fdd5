import CNcurses
import Glibc
import TerminalUI

/// The real terminal: a `TerminalBackend` drawn with ncursesw.
///
/// Starting it takes over the terminal (alternate screen, no echo, hidden cursor, mouse
/// reporting); `shutdown()` gives it back, and so does `deinit`, and so do the signal
/// handlers of `SignalGuard` on Ctrl-C, `kill`, hang-up and crashes. Only one backend on
/// the process's own terminal should exist at a time.
public final class NcursesBackend: TerminalBackend {
  public let colorDepth: ColorDepth
  public let unicode: Bool
  public var size: Size { Size(width: Int(cn_cols()), height: Int(cn_lines())) }

  private let screen: OpaquePointer
  private let window: UnsafeMutablePointer<WINDOW>
  private let options: NcursesOptions
  /// The descriptor curses writes to, for size queries and the signal-time reset.
  private let outputFD: Int32
  /// Streams we opened ourselves (pseudo-terminal runs) and must close.
  private let ownedFiles: [UnsafeMutablePointer<FILE>]
  private let pairs: ColorPairs
  private let cells: CellWriter
  /// What we have drawn, so every cell can be repainted after a colour-pair reset.
  private var shadow = ScreenBuffer(width: 0, height: 0)
  private var isActive = true
  /// Signal actions from before we started (ncurses adds handlers of its own).
  private let signalActions: SavedSignalActions

  /// Takes over the terminal. Throws (before touching it) when standard input or output is
  /// not a terminal, or when ncurses cannot drive `$TERM`.
  /// Runs when Ctrl-C, Ctrl-\\, `kill` or a hang-up ends the program, before the terminal is
  /// restored; it must be async-signal-safe. Set it before creating the backend.
  public static func setTerminationHook(_ hook: @escaping @convention(c) () -> Void) {
    SignalGuard.terminationHook = hook
  }

  public init(options: NcursesOptions = NcursesOptions()) throws {
    setlocale(LC_ALL, "")
    self.options = options
    let files = try Self.openStreams(for: options.device)
    outputFD = files.fd
    ownedFiles = files.owned
    unicode = !options.ascii && String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
    let signalActions = SavedSignalActions()
    self.signalActions = signalActions
    let context = SignalGuard.context
    if options.installSignalHandlers {
      SignalGuard.registerExitHook()
      if tcgetattr(STDIN_FILENO, context.savedModes) == 0 { context.set(SignalContext.Flag.hasModes) }
      SignalGuard.install()
    }
    let screen: OpaquePointer
    do {
      screen = try Self.startCurses(files, term: files.term ?? (options.environment["TERM"] ?? ""))
    } catch {
      if options.installSignalHandlers { SignalGuard.uninstall() }
      signalActions.restore()
      for file in files.owned { fclose(file) }
      throw error
    }
    self.screen = screen
    window = cn_stdscr()
    Self.configureInput(window)
    // With colour off (flag or NO_COLOR) curses' colour support is not even started.
    let colorOff = options.noColor || ColorDepth.noColorRequested(options.environment)
    let wantsColor = !colorOff && has_colors()
    var defaultColors = true
    if wantsColor {
      start_color()
      defaultColors = use_default_colors() == OK
    }
    colorDepth = ColorDepthProbe.depth(
      noColorFlag: colorOff, environment: options.environment, hasColors: wantsColor,
      colors: Int(cn_colors()), rgbFlag: cn_has_rgb_flag() != 0)
    pairs = ColorPairs(depth: colorDepth, capacity: Int(cn_color_pairs()), defaultColors: defaultColors)
    cells = CellWriter(window: window, unicode: unicode)
    if options.installSignalHandlers {
      context.setResetSequence(Self.resetSequence())
      context.fd.store(outputFD, ordering: .releasing)
      context.set(SignalContext.Flag.active)
    }
  }

  deinit {
    shutdown()
  }

  /// Gives the terminal back (`endwin`); safe to call more than once.
  public func shutdown() {
    guard isActive else { return }
    isActive = false
    SignalGuard.withSignalsBlocked {
      endwin()
      if options.installSignalHandlers {
        SignalGuard.context.clear(SignalContext.Flag.active | SignalContext.Flag.resumed)
        SignalGuard.uninstall()
      }
      signalActions.restore()
    }
    delscreen(screen)
    for file in ownedFiles { fclose(file) }
  }

  public func draw(_ changes: [CellChange]) {
    guard isActive else { return }
    if shadow.size != size { shadow = ScreenBuffer(size: size) }
    shadow.apply(changes)
    for change in changes where !change.cell.isContinuation {
      guard let pair = pairs.pair(fg: change.cell.style.fg, bg: change.cell.style.bg) else {
        repaintWithFreshPairs()
        return
      }
      cells.put(change.cell, x: change.x, y: change.y, pair: pair)
    }
  }

  public func flush() {
    guard isActive else { return }
    wnoutrefresh(window)
    doupdate()
  }

  public func nextEvent(timeout milliseconds: Int) -> InputEvent? {
    guard isActive else { return nil }
    if let resumed = resumeIfContinued() { return resumed }
    wtimeout(window, Int32(clamping: max(0, milliseconds)))
    var code: wint_t = 0
    switch wget_wch(window, &code) {
    case KEY_CODE_YES:
      return special(Int32(bitPattern: code))
    case OK where code == 27:
      return escapeOrAlt()
    case OK:
      return KeyDecoder.character(code).map(InputEvent.key)
    default:
      return resumeIfContinued()
    }
  }

  /// Leaves curses mode (`endwin`: the shell's screen, echo, the cursor) for `body`, as a
  /// Ctrl-Z does, and enters it again after. The signal handlers treat the terminal as not
  /// ours meanwhile: a Ctrl-Z or a signal then leaves the other program's screen alone.
  public func suspended<T>(_ body: () throws -> T) rethrows -> T {
    guard isActive else { return try body() }
    let context = SignalGuard.context
    SignalGuard.withSignalsBlocked {
      if options.installSignalHandlers { context.clear(SignalContext.Flag.active) }
      def_prog_mode()
      endwin()
    }
    defer {
      SignalGuard.withSignalsBlocked {
        reset_prog_mode()
        if options.installSignalHandlers { context.set(SignalContext.Flag.active) }
      }
      // The other program drew over everything: repaint from scratch.
      clearok(cn_curscr(), true)
      wnoutrefresh(window)
      doupdate()
    }
    return try body()
  }

  /// A `KEY_*` code: resize, mouse, or a special key.
  private func special(_ code: Int32) -> InputEvent? {
    switch code {
    case KEY_RESIZE:
      // The terminal reflowed whatever it showed; make the next refresh repaint everything.
      clearok(cn_curscr(), true)
      return .resize(size)
    case KEY_MOUSE:
      return KeyDecoder.mouse().map(InputEvent.mouse)
    default:
      return KeyDecoder.special(code).map(InputEvent.key)
    }
  }

  /// A lone Esc is the Esc key; Esc immediately followed by a key is that key with Alt.
  private func escapeOrAlt() -> InputEvent {
    wtimeout(window, 0)
    var code: wint_t = 0
    if wget_wch(window, &code) == OK, let next = KeyDecoder.character(code), code != 27 {
      return .key(KeyDecoder.withAlt(next))
    }
    return .key(KeyEvent(.escape))
  }

  /// After a Ctrl-Z / `fg` (or SIGSTOP / SIGCONT): re-enter curses mode, pick up a size
  /// change made meanwhile, repaint, and report a resize so the app redraws too.
  private func resumeIfContinued() -> InputEvent? {
    let context = SignalGuard.context
    guard options.installSignalHandlers, context.isSet(SignalContext.Flag.resumed) else { return nil }
    context.clear(SignalContext.Flag.resumed)
    var rows: Int32 = 0
    var cols: Int32 = 0
    if cn_get_winsize(outputFD, &rows, &cols) == 0, rows > 0, cols > 0,
      rows != cn_lines() || cols != cn_cols()
    {
      resize_term(rows, cols)
    }
    clearok(cn_curscr(), true)
    wnoutrefresh(window)
    doupdate()
    return .resize(size)
  }

  /// Starts over with an empty pair table and redraws every cell we know of.
  private func repaintWithFreshPairs() {
    pairs.reset()
    for y in 0..<shadow.height {
      for x in 0..<shadow.width where !shadow[x, y].isContinuation {
        let cell = shadow[x, y]
        // A single frame needing more pairs than exist gets the default colours for the rest.
        let pair = pairs.pair(fg: cell.style.fg, bg: cell.style.bg) ?? 0
        cells.put(cell, x: x, y: y, pair: pair)
      }
    }
  }
}
