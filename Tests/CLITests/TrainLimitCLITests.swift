import Foundation
import Testing
import TestSupport

/// `train`'s options that shrink or skip part of a run say what they do: `--limit 0` is
/// refused by name, `--test-limit 0` trains without testing and says so, and `--augment` on a
/// model it cannot apply to is refused instead of ignored.
@Suite struct TrainLimitCLITests {
  @Test func noTrainingImagesIsAnErrorNamingTheOption() throws {
    for limit in ["0", "-3"] {
      let r = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--limit=\(limit)"])
      #expect(r.status != 0)
      #expect(r.stderr.contains("--limit must be at least 1"), "\(r.stderr)")
      #expect(r.stdout.isEmpty)  // nothing trained
    }
    let negative = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--test-limit=-1"])
    #expect(negative.status != 0)
    #expect(negative.stderr.contains("--test-limit must be 0 (no testing) or more"), "\(negative.stderr)")
  }

  @Test func noTestImagesTrainsWithoutATest() throws {
    let dir = Fixtures.temporaryDirectory()
    let r = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--limit", "128", "--test-limit", "0",
                                   "--threads", "1", "--metrics", dir + "/m.csv", "--log", dir + "/log.jsonl"])
    #expect(r.status == 0, "\(r.stderr)")
    let epochLine = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("epoch 1/1  train loss") })
    #expect(epochLine.contains("not tested (--test-limit 0)"))
    #expect(!r.stdout.contains("test loss") && !r.stdout.contains("test acc"))
    // The log's epoch record and the metrics file have no test figures either.
    let log = try String(contentsOfFile: dir + "/log.jsonl", encoding: .utf8)
    let epoch = try #require(log.split(separator: "\n").last)
    #expect(epoch.contains("\"event\":\"epoch\"") && !epoch.contains("test_"))
    let csv = try String(contentsOfFile: dir + "/m.csv", encoding: .utf8)
    let header = try #require(csv.split(separator: "\n").first).split(separator: ",", omittingEmptySubsequences: false)
    let row = try #require(csv.split(separator: "\n").first { $0.hasPrefix("epoch,") })
      .split(separator: ",", omittingEmptySubsequences: false)
    let cells = Dictionary(uniqueKeysWithValues: zip(header.map(String.init), row.map(String.init)))
    #expect(cells["test_loss"] == "" && cells["test_accuracy"] == "")
    #expect(Double(cells["loss"] ?? "") != nil)
    // --json leaves the test figures out and makes no accuracy checks.
    let json = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--limit", "128", "--test-limit", "0",
                                      "--threads", "1", "--json"])
    #expect(json.status == 0, "\(json.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let epochs = try #require(summary["epochs"] as? [[String: Any]])
    #expect(epochs.count == 1)
    #expect(epochs[0]["testLoss"] == nil && epochs[0]["testAccuracy"] == nil && epochs[0]["trainLoss"] is Double)
    #expect((summary["accuracyChecks"] as? [Any])?.count == 0)
  }

  @Test func augmentOnLeNetIsRefused() throws {
    for model in ["lenet5", "lenet5-modern"] {
      let r = try CommandRunner.run(["train", model, "--epochs", "1", "--limit", "64", "--augment", "crop,flip"])
      #expect(r.status != 0)
      #expect(r.stderr.contains("--augment works on the AlexNet models only"), "\(r.stderr)")
      #expect(r.stdout.isEmpty)
    }
  }
}
