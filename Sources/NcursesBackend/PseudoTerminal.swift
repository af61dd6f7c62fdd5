import CNcurses
import Foundation
import Synchronization

/// A pseudo-terminal pair for running curses headless: curses writes to the follower side
/// as if it were a terminal, and a background thread reads and discards what arrives on the
/// leader side so that curses never blocks on a full buffer.
///
/// `@unchecked Sendable` so it can travel in `NcursesOptions`: the descriptors are constants
/// and the byte count is atomic; `startDraining` is meant to be called once, by the owner.
public final class PseudoTerminal: @unchecked Sendable {
  /// The leader (master) side: what a terminal emulator would read.
  public let leader: Int32
  /// The follower (slave) side: what the program sees as its terminal.
  public let follower: Int32
  private let counter = Counter()
  private var draining = false

  /// Bytes read from the leader side, shared with the drain thread.
  private final class Counter: Sendable {
    let bytes = Atomic<Int>(0)
  }

  /// Opens a pair and sets its size to `columns`×`rows`.
  public init(columns: Int, rows: Int) throws {
    let leader = posix_openpt(O_RDWR | O_NOCTTY)
    guard leader >= 0 else { throw NcursesBackendError.pseudoTerminalFailed(Self.lastError()) }
    guard grantpt(leader) == 0, unlockpt(leader) == 0, let name = ptsname(leader) else {
      close(leader)
      throw NcursesBackendError.pseudoTerminalFailed(Self.lastError())
    }
    let follower = open(name, O_RDWR | O_NOCTTY)
    guard follower >= 0 else {
      close(leader)
      throw NcursesBackendError.pseudoTerminalFailed(Self.lastError())
    }
    self.leader = leader
    self.follower = follower
    _ = cn_set_winsize(follower, Int32(rows), Int32(columns))
  }

  deinit {
    // Closing the last follower descriptor makes the drain thread's read fail with EIO; that
    // thread then closes the leader itself, so no descriptor is closed under a blocked read.
    close(follower)
    if !draining { close(leader) }
  }

  /// How many bytes curses has sent to the "screen" so far (read by the drain thread).
  public var bytesDrained: Int { counter.bytes.load(ordering: .relaxed) }

  /// Starts the thread that reads the leader side until the follower side is closed.
  public func startDraining() {
    guard !draining else { return }
    draining = true
    let fd = leader
    let counter = self.counter
    let thread = Thread {
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0, errno == EINTR { continue }
        if n <= 0 { break }
        counter.bytes.wrappingAdd(n, ordering: .relaxed)
      }
      close(fd)
    }
    thread.start()
  }

  private static func lastError() -> String {
    String(cString: strerror(errno))
  }
}
