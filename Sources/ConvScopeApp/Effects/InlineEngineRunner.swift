/// An `EngineRunner` that does each request at once on the calling thread and delivers the
/// result on the next drain: deterministic, for tests and headless rendering.
public final class InlineEngineRunner: EngineRunner {
  private var pending: [EngineEvent] = []
  private let work: (EngineRequest) -> EngineEvent
  /// Every request started, in order (tests check what the app asked for).
  public private(set) var started: [EngineRequest] = []

  public init(work: @escaping (EngineRequest) -> EngineEvent) {
    self.work = work
  }

  /// The real engine, keeping what it builds in `session` (a new one by default).
  public convenience init(session: EngineSession = EngineSession()) {
    self.init(work: { session.perform($0) })
  }

  public func start(_ request: EngineRequest) {
    started.append(request)
    pending.append(work(request))
  }

  public func shutdown() {
    _ = work(.train(.command(.stop)))
  }

  public func drainEvents() -> [EngineEvent] {
    defer { pending.removeAll() }
    return pending
  }
}
