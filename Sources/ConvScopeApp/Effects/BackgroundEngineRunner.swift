import Dispatch
import Synchronization

/// An `EngineRunner` that works on a background queue and posts results into a
/// mutex-protected inbox, which the UI thread empties once per loop turn.
///
/// Requests run one after another on a serial queue: the engine's own kernels already use
/// the machine's cores, and results then arrive in the order they were asked for.
public final class BackgroundEngineRunner: EngineRunner, Sendable {
  private let queue = DispatchQueue(label: "convscope.engine", qos: .userInitiated)
  private let inbox = Mutex<[EngineEvent]>([])
  private let work: @Sendable (EngineRequest) -> EngineEvent

  /// `work` does one request synchronously.
  public init(work: @escaping @Sendable (EngineRequest) -> EngineEvent) {
    self.work = work
  }

  /// The real engine, keeping what it builds in `session` (a new one by default).
  public convenience init(session: EngineSession = EngineSession()) {
    self.init(work: { session.perform($0) })
  }

  public func start(_ request: EngineRequest) {
    queue.async { [self] in
      let event = work(request)
      inbox.withLock { $0.append(event) }
    }
  }

  public func drainEvents() -> [EngineEvent] {
    inbox.withLock { events in
      defer { events.removeAll() }
      return events
    }
  }

  public func shutdown() {
    // The queue is serial, so the stop runs after whatever is queued (a queued `.start`
    // would otherwise begin a run after the stop and outlive the process).
    queue.sync { _ = work(.train(.command(.stop))) }
  }

  /// Blocks until every request started so far has finished (for tests and benchmarks;
  /// the UI never calls it).
  public func waitUntilIdle() {
    queue.sync {}
  }
}
