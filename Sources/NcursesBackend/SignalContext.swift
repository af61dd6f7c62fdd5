import Glibc
import Synchronization

/// What the signal handlers need to put the terminal back, kept at a fixed address.
///
/// Handlers are plain C function pointers: they cannot capture the backend, so the state
/// they read must be reachable from a global (`SignalGuard.context`). Everything here is
/// either an atomic or raw memory written only while no handler is installed, so a handler
/// never races a writer and never goes through Swift's exclusivity checks or allocator.
final class SignalContext: @unchecked Sendable {
  /// Bit set of `Flag` values.
  let flags = Atomic<Int>(0)
  /// The terminal's file descriptor (where the reset bytes go).
  let fd = Atomic<Int32>(-1)
  /// The terminal modes from before curses started (what the shell expects back).
  let savedModes: UnsafeMutablePointer<termios>
  /// Escape sequences that leave curses' look: attributes off, mouse off, cursor visible,
  /// keypad off, main screen back. Precomputed so a handler only has to `write(2)` them.
  let resetBytes: UnsafeMutablePointer<UInt8>
  let resetLength = Atomic<Int>(0)
  static let resetCapacity = 512
  /// The actions that were installed before ours, indexed by signal number, so that
  /// crash handlers can chain to them (Swift's backtracer, for one).
  let previousActions: UnsafeMutablePointer<sigaction>
  static let signalSlots = 65

  /// The flags stored in `flags`.
  enum Flag {
    /// Curses owns the terminal: a handler must restore it before the process dies.
    static let active = 1 << 0
    /// `savedModes` holds valid terminal modes.
    static let hasModes = 1 << 1
    /// The process was stopped and continued: the screen needs a full repaint.
    static let resumed = 1 << 2
  }

  init() {
    savedModes = .allocate(capacity: 1)
    savedModes.initialize(to: termios())
    resetBytes = .allocate(capacity: SignalContext.resetCapacity)
    resetBytes.initialize(repeating: 0, count: SignalContext.resetCapacity)
    previousActions = .allocate(capacity: SignalContext.signalSlots)
    previousActions.initialize(repeating: sigaction(), count: SignalContext.signalSlots)
  }

  func isSet(_ flag: Int) -> Bool {
    flags.load(ordering: .acquiring) & flag != 0
  }

  func set(_ flag: Int) {
    flags.bitwiseOr(flag, ordering: .acquiringAndReleasing)
  }

  func clear(_ flag: Int) {
    flags.bitwiseAnd(~flag, ordering: .acquiringAndReleasing)
  }

  /// Stores the bytes that undo curses' terminal state; call before handlers go live.
  func setResetSequence(_ bytes: [UInt8]) {
    let count = min(bytes.count, SignalContext.resetCapacity)
    for i in 0..<count { resetBytes[i] = bytes[i] }
    resetLength.store(count, ordering: .releasing)
  }

  /// Puts the terminal back the async-signal-safe way: `write(2)` the reset sequence and
  /// `tcsetattr` the saved modes. Does nothing unless curses is active, and at most once.
  func restoreTerminalFromHandler() {
    let before = flags.bitwiseAnd(~Flag.active, ordering: .acquiringAndReleasing).oldValue
    guard before & Flag.active != 0 else { return }
    let fd = self.fd.load(ordering: .acquiring)
    guard fd >= 0 else { return }
    var offset = 0
    let length = resetLength.load(ordering: .acquiring)
    while offset < length {
      let n = write(fd, resetBytes + offset, length - offset)
      if n <= 0 { break }
      offset += n
    }
    if before & Flag.hasModes != 0 { tcsetattr(fd, TCSANOW, savedModes) }
  }
}
