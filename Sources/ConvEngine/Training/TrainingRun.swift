import Dispatch
import Foundation

/// One training run driven step by step, the same way for `convscope train` and the Train
/// screen: each step trains on the next batch, goes into the metrics record, into the
/// epoch's sums and clocks, and past a `HealthMonitor`; at an epoch's end the test set is
/// evaluated and the epoch is recorded. What to show, when to save and what a divergence
/// does (the command line stops, the screen pauses) stay with the caller.
///
/// Used from one thread at a time (the caller's worker), like the `Trainer` it drives.
public final class TrainingRun {
  /// The epoch under way: sums of what its steps reported, and its clocks.
  public struct Tally: Sendable, Equatable {
    public var lossSum = 0.0
    public var correctSum = 0.0
    /// Images trained on so far in the epoch.
    public var images = 0
    /// Seconds inside the trainer's steps.
    public var stepSeconds = 0.0
    /// Wall-clock seconds from step to step: what the user waits, including the caller's
    /// own work between steps (drawing, logging), but not pauses, saves or evaluations.
    public var wallSeconds = 0.0

    public init() {}

    public var meanLoss: Double { lossSum / Double(max(1, images)) }
    public var accuracy: Double { correctSum / Double(max(1, images)) }
    /// Training images a second, by the wall clock.
    public var imagesPerSecond: Double { Double(images) / max(wallSeconds, 1e-9) }
  }

  /// The monitor's (or the trainer's) verdict on a step that went wrong.
  public struct Divergence: Sendable {
    public var step: Int
    public var loss: Double
    /// What happened, and what to try.
    public var reason: String
    public var hint: String
    /// The step, when it was taken and recorded (a finite loss the monitor judged); nil for
    /// a NaN or infinite loss, which changed nothing.
    public var recorded: StepReport?
    /// The same as an error to throw (exit code 3 on the command line): "training stopped: …".
    public var error: DivergenceError
  }

  /// What a step did.
  public enum Outcome: Sendable {
    /// One step trained; `wallSeconds` is its share of the epoch's wall clock.
    case trained(StepReport, wallSeconds: Double)
    /// The loss went wrong. A NaN or infinite loss changed no weight and is not recorded;
    /// a finite loss the monitor judged exploding was taken (and recorded). Either way the
    /// trainer's events carry a `diverged` mark at the step.
    case diverged(Divergence)
  }

  public let trainer: Trainer
  public let trainSet: ImageDataset
  public let testSet: ImageDataset
  /// Every step and epoch so far; `currentRecord` adds the trainer's events.
  public private(set) var record: RunRecord
  public private(set) var tally = Tally()
  private var monitor = HealthMonitor()
  /// The first test images, for the accuracy checks during an epoch (`TrainingRun+Checks`).
  public let checkSet: ImageDataset
  /// The checks so far, in step order.
  public internal(set) var checks: [AccuracyCheck] = []
  /// How long the run will take, once its first steps have been timed.
  public internal(set) var estimate: RunEstimate?
  /// Times the first steps for `estimate`.
  var stepTimer = StepTimer()
  /// When the last step ended; nil after anything that is not training (see `pauseClock`).
  private var lastStepEnd: UInt64?
  /// Asked before each test batch; yes stops the test (the check or the epoch's test goes
  /// unrecorded). The Train screen answers yes once the user quits, so quitting during the
  /// full AlexNet's test pass (minutes) no longer waits for it. nil: tests always finish.
  public var cancellation: (@Sendable () -> Bool)?

  /// `earlier`: the record of the run this one continues (a resume), up to its checkpoint.
  public init(trainer: Trainer, trainSet: ImageDataset, testSet: ImageDataset, earlier: RunRecord? = nil) {
    self.trainer = trainer
    self.trainSet = trainSet
    self.testSet = testSet
    checkSet = testSet.prefix(Self.checkImageLimit)
    record = earlier ?? RunRecord(settings: .init(config: trainer.config, model: trainer.network.spec.name,
                                                  dataset: trainSet.name, trainImages: trainSet.count))
  }

  /// Trains one step. Errors other than a divergence (none today) are thrown.
  public func step() throws -> Outcome {
    let start = DispatchTime.now().uptimeNanoseconds
    let report: StepReport
    do {
      report = try trainer.trainStep(on: trainSet)
    } catch let error as DivergenceError {
      lastStepEnd = nil
      return .diverged(diverged(error.report, recorded: false, fallback: error))
    }
    let end = DispatchTime.now().uptimeNanoseconds
    // From the previous step's end, so time spent between steps counts against the run.
    let wall = Double(end - (lastStepEnd ?? start)) / 1e9
    lastStepEnd = end
    record.append(report, elapsed: trainer.trainingSeconds)
    tally.lossSum += report.loss * Double(report.batchSize)
    tally.correctSum += report.accuracy * Double(report.batchSize)
    tally.images += report.batchSize
    tally.stepSeconds += report.seconds
    tally.wallSeconds += wall
    if monitor.observe(report).isDiverged { return .diverged(diverged(report, recorded: true, fallback: nil)) }
    return .trained(report, wallSeconds: wall)
  }

  /// Whether the epoch's last batch has been used (time for `finishEpoch`).
  public var epochFinished: Bool { trainer.epochFinished }

  /// The time until the next step is not training (a pause, a save, an evaluation).
  public func pauseClock() { lastStepEnd = nil }

  /// Forgets the monitor's history: the user changed something after a divergence and goes on.
  public func watchAfresh() { monitor.reset() }

  /// Evaluates the epoch just trained on the test set, records it and starts the next tally.
  /// With no test images, or when `cancellation` stops the test, the epoch is recorded
  /// untested (nil test loss and accuracy) and the evaluation is nil.
  public func finishEpoch() -> (epoch: RunRecord.Epoch, evaluation: Evaluation?) {
    let evaluation = testSet.count > 0 ? evaluate(testSet) : nil
    let epoch = RunRecord.Epoch(
      epoch: trainer.completedEpochs, step: trainer.step, trainLoss: tally.meanLoss, trainAccuracy: tally.accuracy,
      testLoss: evaluation?.loss, testAccuracy: evaluation?.accuracy, seconds: tally.stepSeconds,
      wallSeconds: tally.wallSeconds, images: tally.images)
    record.epochs.append(epoch)
    tally = Tally()
    lastStepEnd = nil
    return (epoch, evaluation)
  }

  /// `data` classified with the weights as they are now; nil when `cancellation` stopped it.
  func evaluate(_ data: ImageDataset) -> Evaluation? {
    trainer.evaluate(on: data, cancelled: cancellation ?? { false })
  }

  /// The record as a metrics file holds it: steps, epochs and the trainer's events.
  public var currentRecord: RunRecord {
    var r = record
    r.events = trainer.events
    return r
  }

  /// What a checkpoint of the run says about itself (the caller adds its own keys).
  public var checkpointMetadata: [String: String] {
    ["dataset": trainSet.name, "seed": "\(trainer.config.seed)", "epochs": "\(trainer.completedEpochs)",
     "test_accuracy": record.epochs.last?.testAccuracy.map { String(format: "%.4f", $0) } ?? ""]
  }

  /// Explains a divergence (the monitor's words when it has them) and marks it in the events.
  private func diverged(_ report: StepReport?, recorded: Bool, fallback: DivergenceError?) -> Divergence {
    let lr = report?.learningRate ?? fallback?.learningRate ?? trainer.currentLearningRate
    let step = report?.step ?? fallback?.step ?? trainer.step
    let loss = report?.loss ?? fallback?.loss ?? .nan
    var reason = "the loss became \(loss) at step \(step)"
    var hint = "lower the learning rate (it is \(lr)) and resume"
    if let report, case .diverged(let why, let what) = monitor.observe(report) { (reason, hint) = (why, what) }
    trainer.mark(.diverged, reason, value: loss)
    let explanation = "training stopped: \(reason). \(hint.prefix(1).uppercased() + hint.dropFirst())"
    let error = DivergenceError(step: step, epoch: report?.epoch ?? fallback?.epoch ?? trainer.epoch + 1, loss: loss,
                                learningRate: lr, report: report, explanation: explanation)
    return Divergence(step: step, loss: loss, reason: reason, hint: hint, recorded: recorded ? report : nil, error: error)
  }
}
