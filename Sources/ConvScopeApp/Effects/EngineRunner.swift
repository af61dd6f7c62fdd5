/// Runs engine requests away from the UI and hands back their results.
///
/// The loop calls `start` when `update` asks for work and `drainEvents` once per turn; the
/// UI never waits on the engine, it only picks up what has finished.
public protocol EngineRunner: AnyObject {
  /// Begins `request`; must return promptly.
  func start(_ request: EngineRequest)
  /// The results that arrived since the last call, oldest first.
  func drainEvents() -> [EngineEvent]
  /// Finishes every request started so far, then stops a training run and waits for its
  /// thread: after this returns no engine thread is running, so the process may exit.
  func shutdown()
}
