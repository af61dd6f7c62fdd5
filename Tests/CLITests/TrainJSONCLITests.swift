import Foundation
import Testing
import TestSupport

/// `train --json` carries what the Train screen measures: the run's estimate and the test
/// accuracy checked about ten times an epoch.
@Suite struct TrainJSONCLITests {
  @Test func theSummaryHasTheEstimateAndTheChecksDuringTheEpoch() throws {
    // 6,400 images in batches of 64: 100 steps, a check every 10 (the 100th is the epoch's
    // end, where the whole test set is used instead).
    let r = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--limit", "6400", "--test-limit", "200",
                                   "--threads", "1", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let estimate = try #require(summary["estimate"] as? [String: Any])
    let measured = try #require(estimate["measuredSteps"] as? Int)
    let perStep = try #require(estimate["secondsPerStep"] as? Double)
    // At least three steps after the untimed first one, at most fifty (the timer's bounds).
    #expect((3...50).contains(measured))
    #expect(perStep > 0)
    // An epoch is its 100 steps at the measured rate.
    #expect(abs(try #require(estimate["epochSeconds"] as? Double) - 100 * perStep) < 1e-9)
    #expect(try #require(estimate["testSeconds"] as? Double) > 0)
    #expect(try #require(estimate["remainingSeconds"] as? Double) > 0)
    #expect(summary["checkImages"] as? Int == 200)
    let checks = try #require(summary["accuracyChecks"] as? [[String: Any]])
    // Steps 10, 20, …, 90, plus the estimate's own check (made at step measured + 1) when
    // that is not one of them.
    let estimateStep = measured + 1
    let expected = Set(stride(from: 10, through: 90, by: 10)).union([estimateStep]).sorted()
    #expect(checks.compactMap { $0["step"] as? Int } == expected)
    for check in checks {
      let step = try #require(check["step"] as? Int), accuracy = try #require(check["accuracy"] as? Double)
      #expect((0...1).contains(accuracy))
      #expect(abs(try #require(check["epochs"] as? Double) - Double(step) / 100) < 1e-9)
    }
    // LeNet-5 (modern) learns MNIST within 90 steps: the last check is well above chance.
    #expect(try #require(checks.last?["accuracy"] as? Double) > 0.5)
  }
}
