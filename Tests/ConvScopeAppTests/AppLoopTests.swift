import Foundation
import Synchronization
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The loop run headless: scripted input on a `MemoryBackend`, engine work done inline.
@Suite struct AppLoopTests {
  static func keys(_ characters: String) -> [InputEvent] {
    characters.map { .key(.char($0)) }
  }

  @Test func scriptedSessionEndsWithQ() {
    let backend = MemoryBackend(
      width: 100, height: 30, events: Self.keys("23") + [.tick, .key(.char("?")), .key(KeyEvent(.escape))])
    let engine = InlineEngineRunner()
    let loop = AppLoop(backend: backend, engine: engine, pollTimeout: 0)
    loop.run(maxTurns: 20)
    #expect(!loop.hasQuit)
    #expect(loop.state.screen == .compare)
    #expect(engine.started.first == .compare(.build(left: "lenet5", right: "alexnet")))
    let text = backend.buffer.plainText()
    #expect(text.contains("┌ Compare "))
    // The real LeNet-5 total came back from the engine and reached the screen.
    #expect(text.contains("60,000"))
    #expect(!text.contains("show or hide this help"))
    backend.enqueue(.key(.char("q")))
    loop.run(maxTurns: 5)
    #expect(loop.hasQuit)
  }

  @Test func everyTurnPollsOnceAndIdleTurnsDrawNothing() {
    let backend = MemoryBackend(width: 80, height: 24)
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), pollTimeout: 0)
    // The first turns draw the screen and Explore's first forward pass; then it is quiet.
    loop.run(maxTurns: 10)
    let settled = loop.framesDrawn
    #expect(settled >= 1 && settled <= 3)
    #expect(backend.flushCount == settled)
    loop.run(maxTurns: 10)
    #expect(loop.framesDrawn == settled)
    backend.enqueue(.key(KeyEvent(.tab)))
    loop.run(maxTurns: 3)
    #expect(loop.framesDrawn == settled + 1)
    #expect(backend.buffer.plainText().contains("┌ Train "))
  }

  @Test func resizeRedrawsEverythingAndTooSmallShowsTheNotice() {
    let backend = MemoryBackend(width: 100, height: 30)
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), pollTimeout: 0)
    loop.turn()
    backend.resize(to: Size(width: 40, height: 10))
    loop.turn()
    loop.turn()
    #expect(loop.state.size == Size(width: 40, height: 10))
    #expect(backend.buffer.plainText().contains("terminal too small"))
    backend.resize(to: Size(width: 60, height: 16))
    loop.turn()
    loop.turn()
    #expect(backend.lastChanges.count == 60 * 16)
    #expect(backend.buffer.plainText().contains("┌ Explore "))
  }

  @Test func quitWhileTrainingAsksFirst() {
    let backend = MemoryBackend(width: 100, height: 30, events: Self.keys("q"))
    // The Train screen cannot start a run yet, so start from a state where one is running.
    var training = AppState()
    training.train.isRunning = true
    let loop = AppLoop(backend: backend, engine: InlineEngineRunner(), state: training, pollTimeout: 0)
    loop.run(maxTurns: 3)
    #expect(!loop.hasQuit)
    #expect(backend.buffer.plainText().contains("Training is running — quit? y/n"))
    backend.enqueue(.key(.char("y")))
    loop.run(maxTurns: 3)
    #expect(loop.hasQuit)
  }

  @Test func backgroundRunnerDeliversResultsThroughItsInbox() {
    let runner = BackgroundEngineRunner()
    runner.start(.compare(.build(left: "lenet5", right: "alexnet")))
    runner.waitUntilIdle()
    let events = runner.drainEvents()
    guard case .compare(.built(let comparison))? = events.first else {
      Issue.record("expected the comparison, got \(events)")
      return
    }
    #expect(comparison.left.parameters == 60_000)
    #expect(runner.drainEvents().isEmpty)
  }

  /// Quitting while a run starts used to let the process exit under the training thread:
  /// the stop raced a `.start` still on the engine's queue. `shutdown` must finish the queue
  /// first and stop last.
  @Test func shutdownFinishesQueuedWorkThenStopsTraining() {
    let log = Mutex<[String]>([])
    let runner = BackgroundEngineRunner { request in
      if case .train(.start) = request {
        Thread.sleep(forTimeInterval: 0.2)  // a run being built (data, weights)
        log.withLock { $0.append("started") }
      } else if case .train(.command(.stop)) = request {
        log.withLock { $0.append("stopped") }
      }
      return .train(.noSession)
    }
    runner.start(.train(.start(TrainSetup(), runID: 1)))
    runner.shutdown()
    #expect(log.withLock { $0 } == ["started", "stopped"])
  }

  /// Two workbenches in one process share no engine state: each runner's session holds its
  /// own training run, so one workbench neither sees nor stops the other's.
  @Test func twoWorkbenchesSideBySide() {
    let left = EngineSession(), right = EngineSession()
    guard case .train(.progress(let progress)) = left.perform(.train(.start(TrainSetup(), runID: 1))) else {
      Issue.record("the left workbench's run did not start")
      return
    }
    #expect(progress.runID == 1)
    #expect(right.perform(.train(.poll)) == .train(.noSession))
    #expect(right.perform(.train(.command(.stop))) == .train(.noSession))
    guard case .train(.progress) = left.perform(.train(.poll)) else {
      Issue.record("stopping the right workbench stopped the left one's run")
      return
    }
    #expect(left.perform(.train(.command(.stop))) == .train(.noSession))
    #expect(left.perform(.train(.poll)) == .train(.noSession))
  }

  @Test func unknownModelComesBackAsAFailure() {
    let event = testEngine.perform(.compare(.build(left: "lenet7", right: "alexnet")))
    guard case .failed(_, let message) = event else {
      Issue.record("expected a failure, got \(event)")
      return
    }
    #expect(message.contains("lenet7"))
  }
}
