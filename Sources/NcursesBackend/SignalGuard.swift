import CNcurses
import Glibc

/// Signal handlers that make sure no way out of the program leaves the terminal in curses
/// mode (alternate screen, no echo, hidden cursor).
///
/// - SIGINT, SIGTERM, SIGHUP, SIGQUIT (Ctrl-\\): run the termination hook (the app removes the
///   temporary files of saves under way), restore the terminal, then `_exit(128 + signal)`
///   (130/143/129/131). SIGQUIT is handled as a request to quit, not as a crash: chaining it to
///   Swift's backtracer printed a crash report and left the program running on a reset terminal.
/// - SIGTSTP (Ctrl-Z): `endwin()`, stop with the default action, and on SIGCONT ask the
///   backend for a full repaint (`nextEvent` reports it as a resize).
/// - SIGCONT: also covers an uncatchable SIGSTOP followed by SIGCONT.
/// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP: restore the terminal, put back
///   the previous action (Swift's backtracer, or the default) and re-raise, so the crash
///   report still appears, now on a sane terminal.
///
/// Async-signal safety is best effort: the termination and crash paths only `write(2)` a
/// precomputed byte string and call `tcsetattr`, both async-signal-safe. The stop path calls
/// `endwin()`, which is not, exactly as ncurses' own SIGTSTP handler does; a Ctrl-Z that
/// lands in the middle of a screen update may garble that frame, which the repaint on
/// resume then fixes.
enum SignalGuard {
  /// The one global the handlers use (see `SignalContext` for why it must be global).
  static let context = SignalContext()

  static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
  static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

  /// Called by the termination handlers before the process ends; it must be async-signal-safe.
  /// Set once, before `install()` (the handlers only read it).
  nonisolated(unsafe) static var terminationHook: (@convention(c) () -> Void)?

  /// Installs every handler, remembering the previous actions. Call before `newterm` so
  /// ncurses sees our SIGINT/SIGTERM/SIGTSTP handlers and does not install its own.
  static func install() {
    for signal in terminating { setHandler(onTerminate, for: signal, saving: true) }
    for signal in crashing { setHandler(onCrash, for: signal, saving: true) }
    setHandler(onStop, for: SIGTSTP, saving: true)
    setHandler(onContinue, for: SIGCONT, saving: true)
    // A blocked mask is inherited through exec (some launchers block nearly everything);
    // with these blocked, Ctrl-C, Ctrl-Z and resizing would silently do nothing.
    var needed = sigset_t()
    sigemptyset(&needed)
    for signal in terminating + [SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&needed, signal) }
    sigprocmask(SIG_UNBLOCK, &needed, nil)
  }

  /// Also restores the terminal when something calls `exit()` while curses is active (the
  /// flag is already clear after a normal shutdown, so this then does nothing).
  static func registerExitHook() {
    _ = exitHookRegistered
  }

  private static let exitHookRegistered: Bool = {
    atexit(onExit)
    return true
  }()

  /// Puts back the actions that were installed before `install()`.
  static func uninstall() {
    for signal in terminating + crashing + [SIGTSTP, SIGCONT] {
      sigaction(signal, context.previousActions + Int(signal), nil)
    }
  }

  /// Runs `body` with the handled signals blocked, so that no handler sees a half-done
  /// shutdown (say, curses ended but the "active" flag not yet cleared).
  static func withSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
    var block = sigset_t()
    var previous = sigset_t()
    sigemptyset(&block)
    for signal in terminating + [SIGTSTP, SIGCONT] { sigaddset(&block, signal) }
    sigprocmask(SIG_BLOCK, &block, &previous)
    defer { sigprocmask(SIG_SETMASK, &previous, nil) }
    return try body()
  }

  static func setHandler(
    _ handler: @convention(c) (Int32) -> Void, for signal: Int32, saving: Bool
  ) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    // SA_RESTART keeps an interrupted read() going; ncurses handles EINTR either way.
    action.sa_flags = SA_RESTART
    sigaction(signal, &action, saving ? context.previousActions + Int(signal) : nil)
  }
}

/// SIGINT/SIGTERM/SIGHUP: restore and exit with the conventional 128 + signal status.
private func onTerminate(_ signal: Int32) {
  SignalGuard.terminationHook?()
  SignalGuard.context.restoreTerminalFromHandler()
  _exit(128 + signal)
}

/// `exit()` while curses is active: same restore as for a signal.
private func onExit() {
  SignalGuard.context.restoreTerminalFromHandler()
}

/// Fatal signals: restore, chain to whatever handled this signal before us, re-raise.
private func onCrash(_ signal: Int32) {
  SignalGuard.context.restoreTerminalFromHandler()
  sigaction(signal, SignalGuard.context.previousActions + Int(signal), nil)
  // The signal is blocked while its handler runs, so the re-raised one is delivered (to
  // the previous action) as soon as we return; a hardware fault would recur anyway.
  raise(signal)
}

/// SIGTSTP: leave curses, stop for real, and flag a repaint for when we are continued.
private func onStop(_ signal: Int32) {
  let context = SignalGuard.context
  let active = context.isSet(SignalContext.Flag.active)
  if active { endwin() }
  var defaultAction = sigaction()
  defaultAction.__sigaction_handler.sa_handler = SIG_DFL
  sigemptyset(&defaultAction.sa_mask)
  sigaction(SIGTSTP, &defaultAction, nil)
  var unblock = sigset_t()
  sigemptyset(&unblock)
  sigaddset(&unblock, SIGTSTP)
  raise(SIGTSTP)
  // The raised SIGTSTP is pending while blocked; unblocking delivers it and stops us here.
  sigprocmask(SIG_UNBLOCK, &unblock, nil)
  // …continued (fg): handle the next Ctrl-Z the same way, and have the loop repaint.
  SignalGuard.setHandler(onStop, for: SIGTSTP, saving: false)
  if active { context.set(SignalContext.Flag.resumed) }
}

/// SIGCONT: the screen may have been drawn over while we were stopped; repaint it.
private func onContinue(_ signal: Int32) {
  let context = SignalGuard.context
  if context.isSet(SignalContext.Flag.active) { context.set(SignalContext.Flag.resumed) }
}
