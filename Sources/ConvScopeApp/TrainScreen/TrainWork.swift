import ConvEngine
import Foundation

/// Performs `TrainRequest`s on the engine runner's thread: starts and stops the engine
/// session's one running `TrainSession` (kept in its `SessionSlot`), and forwards commands
/// and polls to it. A session that ends (finished, `E`, or replaced by the next run) leaves
/// its `RunArchive` behind, so every run of the session can still be saved and exported.
enum TrainWork {
  static func perform(_ request: TrainRequest, slot current: SessionSlot, datasets: DatasetCache) -> TrainEvent {
    switch request {
    case .start(let setup, let runID):
      current.replace(with: nil)
      do {
        let session = try TrainSession.make(setup, runID: runID, datasets: datasets)
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
    case .saveEnded(let runID, let path):
      return current.saveEnded(runID, to: path)
    case .exportEnded(let runID, let stem):
      return current.exportEnded(runID, stem: stem)
    }
  }
}

/// The running session, behind a lock (requests come from one queue, but that is the
/// runner's choice, not something to depend on), and the archives of the ended ones.
final class SessionSlot: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: TrainSession?
  private var ended: [Int: RunArchive] = [:]

  var session: TrainSession? { lock.withLock { stored } }

  /// Stops the old session (waiting for its thread), files its archive under its run, and
  /// keeps `new`.
  func replace(with new: TrainSession?) {
    let old = lock.withLock {
      defer { stored = new }
      return stored
    }
    guard let old else { return }
    old.stop()
    // The worker has left its loop: the trainer is the run's last state.
    let archive = old.archive()
    lock.withLock { ended[old.runID] = archive }
  }

  /// The archive of run `runID`: an ended one, or the current session once its worker is done.
  func archive(of runID: Int) -> RunArchive? {
    if let session, session.runID == runID, session.hasEnded { return session.archive() }
    return lock.withLock { ended[runID] }
  }

  /// Writes ended run `runID`'s checkpoint and metrics (`w` after the run).
  func saveEnded(_ runID: Int, to path: String) -> TrainEvent {
    guard let archive = archive(of: runID) else { return .writeFailed(Self.notKept(runID)) }
    do {
      try archive.save(to: path)
      return .saved(runID: runID, path: path, step: archive.state.step)
    } catch {
      return .writeFailed("could not save \(path): \(error)")
    }
  }

  /// Writes ended run `runID`'s metrics as CSV and JSON Lines (`x` after the run).
  func exportEnded(_ runID: Int, stem: String) -> TrainEvent {
    guard let archive = archive(of: runID) else { return .writeFailed(Self.notKept(runID)) }
    do {
      try archive.export(stem: stem)
      return .exported(runID: runID, files: stem + ".csv and .jsonl")
    } catch {
      return .writeFailed("could not export \(stem): \(error)")
    }
  }

  private static func notKept(_ runID: Int) -> String {
    "Run \(runID) has no training state to write (it ended before it was built)."
  }
}
