import Foundation

/// Performs `TrainRequest`s on the engine runner's thread: owns the one running
/// `TrainSession`, starts and stops it, and forwards commands and polls to it.
public enum TrainWork {
  private static let current = SessionSlot()

  public static func perform(_ request: TrainRequest) -> TrainEvent {
    switch request {
    case .start(let setup, let runID):
      current.replace(with: nil)
      do {
        let session = try TrainSession.make(setup, runID: runID)
        current.replace(with: session)
        session.start()
        return .progress(session.snapshot())
      } catch {
        return .failed(String(describing: error))
      }
    case .command(let command):
      guard let session = current.session else { return .noSession }
      if command == .stop {
        current.replace(with: nil)
        return .noSession
      }
      session.send(command)
      return .progress(session.snapshot())
    case .poll:
      return current.session.map { .progress($0.snapshot()) } ?? .noSession
    }
  }
}

/// The running session, behind a lock (requests come from one queue, but that is the
/// runner's choice, not something to depend on).
private final class SessionSlot: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: TrainSession?

  var session: TrainSession? { lock.withLock { stored } }

  /// Stops the old session (waiting for its thread) and keeps `new`.
  func replace(with new: TrainSession?) {
    let old = lock.withLock {
      defer { stored = new }
      return stored
    }
    old?.stop()
  }
}
