import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// The health monitor stops runs that blow up and leaves healthy, noisy runs alone.
@Suite struct HealthMonitorTests {
  typealias Kit = TrainerTestKit

  static func report(_ step: Int, _ loss: Double, lr: Float = 0.1) -> StepReport {
    StepReport(step: step, epoch: 1, epochProgress: 0, loss: loss, accuracy: 0, learningRate: lr, batchSize: 32, seconds: 0)
  }

  /// Feeds `losses` (steps 1, 2, …) and returns the step of the first divergence, if any.
  static func firstDivergence(_ losses: [Double], monitor: HealthMonitor = HealthMonitor()) -> Int? {
    var m = monitor
    for (i, loss) in losses.enumerated() where m.observe(report(i + 1, loss)).isDiverged { return i + 1 }
    return nil
  }

  @Test func nanAndInfinityDivergeAtOnce() {
    #expect(Self.firstDivergence([2.3, 2.2, .nan]) == 3)
    #expect(Self.firstDivergence([2.3, .infinity]) == 2)
    var m = HealthMonitor()
    guard case .diverged(let reason, let hint) = m.observe(Self.report(1, .nan, lr: 0.5)) else {
      Issue.record("NaN was not a divergence")
      return
    }
    #expect(reason == "the loss became NaN at step 1")
    #expect(hint.contains("learning rate (0.5) is probably too high"))
    #expect(hint.contains("0.05"))
  }

  @Test func noisyFallingLossIsHealthy() {
    var rng = SplitMix64(seed: 9)
    // Falls from 2.3 towards 0.02, with batches up to 3× the trend: typical small-batch noise.
    let losses = (0..<2000).map { i in (2.3 * exp(-Double(i) / 150) + 0.02) * Double(rng.uniform(0.3, 3)) }
    #expect(Self.firstDivergence(losses) == nil)
  }

  @Test func oneTerribleBatchIsNotADivergence() {
    let losses = Array(repeating: 2.3, count: 5) + Array(repeating: 0.1, count: 100) + [20] + Array(repeating: 0.1, count: 50)
    #expect(Self.firstDivergence(losses) == nil)
  }

  @Test func lossClimbingBackAboveItsStartDiverges() {
    let down = (0..<60).map { 2.3 - Double($0) * 0.035 }  // to about 0.2
    let up = (1...200).map { 0.2 * pow(1.05, Double($0)) }
    let step = Self.firstDivergence(down + up)
    #expect(step != nil)
    // The smoothed loss must be above the start (2.3) and 10× the best: about 55 steps in.
    if let step { #expect((100...130).contains(step)) }
  }

  @Test func lossWellAboveItsStartDiverges() {
    // A bounded loss (LeNet-5's RBF criterion) stalls at about twice its start when the
    // steps are far too large; a third above the start is still tolerated.
    let flat = Array(repeating: 2.3, count: 30)
    #expect(Self.firstDivergence(flat + Array(repeating: 3.0, count: 100)) == nil)
    #expect(Self.firstDivergence(flat + Array(repeating: 4.6, count: 100)) != nil)
  }

  @Test func aMonitorJoiningLateUsesTheGivenStart() {
    // A resumed, trained run: noisy losses around 0.1 against a start of 2.3.
    var rng = SplitMix64(seed: 3)
    let trained = (0..<500).map { _ in 0.1 * Double(rng.uniform(0.2, 4)) }
    #expect(Self.firstDivergence(trained, monitor: HealthMonitor(startLoss: 2.3)) == nil)
    #expect(Self.firstDivergence(trained + Array(repeating: 5, count: 40), monitor: HealthMonitor(startLoss: 2.3)) != nil)
  }

  @Test func explosionInsideTheWarmUpIsCaught() {
    #expect(Self.firstDivergence([2.3, 30, 3000, 3e5, 3e7]) == 5)
  }

  @Test func verdictStaysUntilReset() {
    var m = HealthMonitor()
    m.observe(Self.report(1, .nan))
    #expect(m.observe(Self.report(2, 1.0)).isDiverged)
    #expect(m.divergedAtStep == 1)
    m.reset()
    #expect(m.observe(Self.report(3, 1.0)) == .ok)
    #expect(m.observed == 1)
  }

  /// Trains until the monitor objects (feeding it the diverged step a `DivergenceError` carries).
  static func stepsUntilDiverged(_ t: Trainer, data: ImageDataset, limit: Int) -> Int? {
    var monitor = HealthMonitor()
    for _ in 0..<limit {
      let report: StepReport
      do {
        report = try t.trainStep(on: data)
      } catch let error as DivergenceError {
        guard let r = error.report else { return nil }
        report = r
      } catch {
        return nil
      }
      if monitor.observe(report).isDiverged { return report.step }
    }
    return nil
  }

  @Test(arguments: [("lenet5-modern", Float(3)), ("lenet5", Float(3))])
  func hugeLearningRateIsCaught(model: String, lr: Float) throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: model), Kit.config(lr: lr))
    #expect(Self.stepsUntilDiverged(t, data: Kit.digits, limit: 60) != nil)
  }

  @Test(arguments: [("lenet5-modern", Float(0.05)), ("lenet5", Float(0.003))])
  func normalRunRaisesNoAlarm(model: String, lr: Float) throws {
    // An epoch of 1,000 digits in batches of 16: 63 steps, well past the warm-up.
    let data = try Fixtures.mnistTest(first: 1000)
    var c = Kit.config(lr: lr)
    c.batchSize = 16
    c.epochs = 1
    let t = try Kit.trainer(try ModelCatalog.spec(named: model), c)
    #expect(Self.stepsUntilDiverged(t, data: data, limit: 63) == nil)
    #expect(t.completedEpochs == 1)
  }
}

extension HealthMonitorTests {
  @Test func aNaNStepLeavesTheWeightsAsTheyWere() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 1e8))
    var caught: DivergenceError?
    for _ in 0..<20 where caught == nil {
      let before = Kit.weights(t.network)
      do {
        _ = try t.trainStep(on: Kit.digits)
      } catch let error as DivergenceError {
        caught = error
        #expect(Kit.weights(t.network) == before, "the diverged step changed the weights")
      }
    }
    let error = try #require(caught)
    #expect(t.step == error.step - 1)
    #expect(error.report?.loss.isFinite == false)
  }
}
