#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The temporary files of saves under way, kept where a signal handler can reach them.
///
/// A handler may run at any instant and must not allocate or take locks, so the paths live in
/// a fixed set of preallocated C strings, each guarded by an atomic state: a save claims a
/// free slot, copies its path in and marks it ready; a handler unlinks every ready path.
final class PendingTemporaries: @unchecked Sendable {
  static let shared = PendingTemporaries()

  /// Saves that can be under way at once and still be cleaned up by a handler (more than that
  /// still save, they just are not tracked: the next start removes what they leave).
  static let slots = 8
  static let capacity = 4096

  private enum State {
    static let free = 0, claimed = 1, ready = 2
  }

  /// One slot's state (an `Atomic` cannot live in an array directly).
  private final class SlotState: Sendable {
    let value = Atomic<Int>(State.free)
  }

  private let states: [SlotState]
  private let paths: UnsafeMutablePointer<CChar>

  private init() {
    states = (0..<Self.slots).map { _ in SlotState() }
    paths = .allocate(capacity: Self.slots * Self.capacity)
    paths.initialize(repeating: 0, count: Self.slots * Self.capacity)
  }

  /// Records `path`; returns the slot to `release` after the save (nil when none was free or
  /// the path is too long to store).
  func register(_ path: String) -> Int? {
    let bytes = Array(path.utf8)
    guard bytes.count < Self.capacity else { return nil }
    for slot in 0..<Self.slots {
      guard states[slot].value.compareExchange(expected: State.free, desired: State.claimed, ordering: .acquiring).exchanged
      else { continue }
      let base = paths + slot * Self.capacity
      for (i, byte) in bytes.enumerated() { base[i] = CChar(bitPattern: byte) }
      base[bytes.count] = 0
      states[slot].value.store(State.ready, ordering: .releasing)
      return slot
    }
    return nil
  }

  /// Forgets the path in `slot` (the save finished or failed and cleaned up after itself).
  func release(_ slot: Int?) {
    guard let slot else { return }
    states[slot].value.store(State.free, ordering: .releasing)
  }

  /// Unlinks every recorded path; called from signal handlers as the process ends.
  func removeAll() {
    for slot in 0..<Self.slots where states[slot].value.load(ordering: .acquiring) == State.ready {
      unlink(paths + slot * Self.capacity)
    }
  }
}
