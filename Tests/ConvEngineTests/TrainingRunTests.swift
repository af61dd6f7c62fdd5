@testable import ConvEngine
import Foundation
import Synchronization
import TestSupport
import Testing

/// The one training-run driver `convscope train` and the Train screen both use: its epoch
/// record, its clocks, its metrics record and how it reports a divergence.
@Suite struct TrainingRunTests {
  typealias Kit = TrainerTestKit

  /// 320 digits in batches of 32: ten steps an epoch.
  static func run(lr: Float, epochs: Int = 2) throws -> TrainingRun {
    let trainer = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: lr, epochs: epochs))
    return TrainingRun(trainer: trainer, trainSet: Kit.digits, testSet: Kit.digits.prefix(64))
  }

  @Test func anEpochIsTheMeanOfItsStepsAndItsTestResult() throws {
    let run = try Self.run(lr: 0.05)
    var reports: [StepReport] = []
    repeat {
      guard case .trained(let report, let wall) = try run.step() else {
        Issue.record("a normal run diverged")
        return
      }
      #expect(wall >= report.seconds * 0.99)
      reports.append(report)
    } while !run.epochFinished
    #expect(reports.count == 10)
    let (epoch, tested) = run.finishEpoch()
    let evaluation = try #require(tested)
    let images = reports.reduce(0) { $0 + $1.batchSize }
    #expect(epoch.epoch == 1 && epoch.step == 10 && epoch.images == 320 && images == 320)
    let meanLoss = reports.reduce(0.0) { $0 + $1.loss * Double($1.batchSize) } / Double(images)
    #expect(abs(epoch.trainLoss - meanLoss) < 1e-12)
    #expect(abs(epoch.seconds - reports.reduce(0.0) { $0 + $1.seconds }) < 1e-9)
    #expect(epoch.wallSeconds >= epoch.seconds * 0.99)
    #expect(epoch.imagesPerSecond == 320 / epoch.wallSeconds)
    #expect(epoch.testAccuracy == evaluation.accuracy && evaluation.count == 64)
    #expect(run.record.steps.map(\.step) == Array(1...10))
    #expect(run.record.epochs == [epoch])
    // The next epoch starts from empty sums.
    #expect(run.tally == TrainingRun.Tally())
    #expect(run.checkpointMetadata["epochs"] == "1")
    #expect(run.checkpointMetadata["test_accuracy"] == String(format: "%.4f", evaluation.accuracy))
  }

  /// Quitting during a test pass: the evaluator stops at the next batch and reports nothing
  /// (no partial accuracy), the epoch is recorded untested and the check adds no point.
  @Test(arguments: [1, 2]) func aStoppedTestRecordsNothingPartial(threads: Int) throws {
    let trainer = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05, epochs: 1))
    let evaluator = try Evaluator(network: trainer.network, threads: threads)
    let asked = Mutex(0)
    // 320 images in batches of 20: 16 batches; the third question stops it.
    let stopped = evaluator.evaluate(on: Kit.digits, batchSize: 20, cancelled: {
      asked.withLock { $0 += 1; return $0 >= 3 }
    })
    #expect(stopped == nil)
    #expect(asked.withLock { $0 } <= 3 + threads, "kept going after the stop: \(asked.withLock { $0 }) questions")
    let whole = evaluator.evaluate(on: Kit.digits, batchSize: 20, cancelled: { false })
    #expect(whole?.count == 320)
    #expect(whole?.correct == evaluator.evaluate(on: Kit.digits, batchSize: 20).correct)

    let run = TrainingRun(trainer: trainer, trainSet: Kit.digits, testSet: Kit.digits.prefix(64))
    repeat { _ = try run.step() } while !run.epochFinished
    run.cancellation = { true }
    #expect(run.checkAccuracy() == nil && run.checks.isEmpty)
    let (epoch, evaluation) = run.finishEpoch()
    #expect(evaluation == nil && epoch.testAccuracy == nil && epoch.testLoss == nil)
    #expect(run.record.epochs == [epoch] && epoch.images == 320)
    run.cancellation = { false }
    #expect(run.checkAccuracy() != nil && run.checks.count == 1)
  }

  @Test func aHugeLearningRateStopsWithTheMonitorsWordsAndAMark() throws {
    let run = try Self.run(lr: 3, epochs: 20)
    var divergence: TrainingRun.Divergence?
    for _ in 0..<200 where divergence == nil {
      if case .diverged(let d) = try run.step() { divergence = d }
      if run.epochFinished { _ = run.finishEpoch() }
    }
    let d = try #require(divergence)
    #expect(d.error.description.hasPrefix("training stopped: the loss"))
    #expect(d.error.description.contains("try a lower learning rate"))
    let mark = try #require(run.currentRecord.events.last)
    #expect(mark.kind == .diverged && mark.step == d.step && mark.message == d.reason)
    // A step the monitor judged was taken, so it is the record's last; a NaN one is not.
    if let taken = d.recorded {
      #expect(run.record.steps.last?.step == taken.step)
    } else {
      #expect(run.record.steps.last.map { $0.step < d.step } ?? true)
    }
  }

  @Test func epochImagesAndWallTimeSurviveCSVAndJSONLines() throws {
    let run = try Self.run(lr: 0.05, epochs: 1)
    while !run.epochFinished { _ = try run.step() }
    _ = run.finishEpoch()
    let record = run.currentRecord
    #expect(record.epochs.first?.images == 320)
    #expect(try RunRecord(csv: record.csv()) == record)
    #expect(try RunRecord(jsonl: record.jsonl()) == record)
  }

  @Test func metricsWrittenBeforeEpochImagesWereKeptStillRead() throws {
    let run = try Self.run(lr: 0.05, epochs: 1)
    while !run.epochFinished { _ = try run.step() }
    _ = run.finishEpoch()
    var lines = run.currentRecord.csv().split(separator: "\n").map(String.init)
    // The older files: two columns fewer, in the header and in every row.
    lines = lines.map { line in
      let cells = try? RunRecord.csvRows(line + "\n", source: "t").first
      return (cells ?? []).dropLast(2).joined(separator: ",")
    }
    #expect(lines[0] == "kind,step,epoch,loss,accuracy,learning_rate,batch_size,seconds,elapsed,test_loss,test_accuracy,name,"
      + "old_value,new_value,value")
    let older = try RunRecord(csv: lines.joined(separator: "\n") + "\n")
    let epoch = try #require(older.epochs.first)
    #expect(epoch.images == 0 && epoch.wallSeconds == 0)
    #expect(epoch.testAccuracy == run.record.epochs.first?.testAccuracy)
    let olderJSON = try run.currentRecord.jsonl().replacingOccurrences(of: "\"images\":320,", with: "")
    #expect(try RunRecord(jsonl: olderJSON).epochs.first?.images == 0)
  }
}
