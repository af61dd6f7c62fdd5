import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// The estimate before a long run, the go-ahead it waits for, and the accuracy checks during
/// an epoch, on small real runs.
@Suite struct TrainEstimateTests {
  static func session(_ setup: TrainSetup, askAbove: Double? = nil) throws -> TrainSession {
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 2)
    return TrainSession(trainer: run.trainer, setup: setup, runID: 1, trainSet: run.trainSet, testSet: run.testSet,
                        askAbove: askAbove)
  }

  /// The estimate of an epoch's training time, made from a few timed steps, against the time
  /// the epoch then took (measured, not asserted against a clock: the ratio must be within 2×
  /// either way, generous for a shared machine).
  @Test(arguments: [
    (ModelChoice(name: "lenet5"), 4_096),
    (ModelChoice(name: "alexnet", width: 0.25, inputSize: 67), 1_024),
  ])
  func theEstimateIsWithinTwiceTheMeasuredEpoch(_ model: ModelChoice, _ images: Int) throws {
    var setup = TrainSetup(model: model)
    (setup.limit, setup.epochs) = (images, 1)
    let session = try Self.session(setup)
    TrainSessionTests.finish(session)
    let p = session.snapshot()
    let estimate = try #require(p.estimate)
    let epoch = try #require(p.epochResults.first)
    let ratio = estimate.epochSeconds / epoch.wallSeconds
    #expect(estimate.measuredSteps >= 3)
    #expect(ratio > 0.5 && ratio < 2, "\(setup.modelName): estimated \(estimate.epochSeconds) s, took \(epoch.wallSeconds) s")
    #expect(estimate.testSeconds > 0 && estimate.remainingSeconds > 0)
  }

  /// A run estimated above the limit pauses after its measurement and says so; Enter on the
  /// screen sends the go-ahead, and the run goes on.
  @Test func aLongRunWaitsForTheGoAhead() throws {
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (2_048, 1, 32)
    let session = try Self.session(setup, askAbove: 0)
    while !session.snapshot().awaitsConfirmation {
      #expect(session.advance())
    }
    let waiting = session.snapshot()
    #expect(waiting.isPaused && waiting.estimate != nil)
    let stepped = waiting.step
    for _ in 0..<3 { _ = session.advance() }
    #expect(session.snapshot().step == stepped)  // paused: no step without the go-ahead

    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(waiting))))
    let text = TrainScreenSnapshotTests.draw(state)
    #expect(text.contains("This run needs about "))
    #expect(text.contains("waiting for your go-ahead"))
    #expect(update(&state, KeyMap.action(for: KeyEvent(.enter), in: state) ?? .tick)
      == [.startEngineWork(.train(.command(.resume)))])

    session.send(.resume)
    _ = session.advance()
    #expect(session.snapshot().step == stepped + 1)
    #expect(!session.snapshot().awaitsConfirmation)
  }

  /// A one-epoch run checks its test accuracy about ten times on the first 1,000 test images.
  @Test func aOneEpochRunHasAnAccuracyCurve() throws {
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (1_280, 1, 64)
    let session = try Self.session(setup)
    TrainSessionTests.finish(session)
    let p = session.snapshot()
    #expect(p.probeEvery == 2 && p.probeImages == 1_000)
    // Every second step, plus the one made with the estimate if the timed steps reached it
    // (a loaded machine's slower steps can, even at the last step); the last step's regular
    // check is the end-of-epoch test on all the test images instead.
    let estimateStep = p.estimate.map { [$0.measuredSteps + 1] } ?? []  // the first step is not timed
    #expect(p.testCurve.map(\.step) == Set(Array(stride(from: 2, through: 18, by: 2)) + estimateStep).sorted())
    #expect(p.testCurve.allSatisfy { (0...1).contains($0.accuracy) })
    #expect(p.testCurve.last!.accuracy > p.testCurve.first!.accuracy)
    #expect(p.testCurve.map(\.step) == p.testCurve.map(\.step).sorted())
  }
}
