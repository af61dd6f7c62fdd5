import Dispatch

/// What a run measures besides its steps, the same for `convscope train --json` and the Train
/// screen: its test accuracy every `checkEvery` steps on the first test images (about ten
/// checks an epoch, so even a one-epoch run has an accuracy curve), and, from its first timed
/// steps and one timed check, how long the whole run will take (`RunEstimate`).
extension TrainingRun {
  /// Test accuracy measured during the run, on the first `checkSet.count` test images.
  public struct AccuracyCheck: Codable, Equatable, Sendable {
    public var step: Int
    /// Where the step is, in epochs from the start (1.5 = halfway through epoch 2).
    public var epochs: Double
    public var accuracy: Double

    public init(step: Int, epochs: Double, accuracy: Double) {
      self.step = step
      self.epochs = epochs
      self.accuracy = accuracy
    }
  }

  /// Test images of each check during an epoch (a tenth of MNIST's test set: a check costs
  /// about a tenth of the end-of-epoch test), and about how many checks an epoch gets.
  public static let checkImageLimit = 1_000
  public static let checksPerEpoch = 10

  /// Steps between two accuracy checks.
  public var checkEvery: Int { max(1, trainer.stepsPerEpoch(count: trainSet.count) / Self.checksPerEpoch) }

  /// Classifies the check images with the weights as they are now and adds the point to
  /// `checks`; returns the seconds it took (not training time: the epoch's clock skips it),
  /// nil when `cancellation` stopped it (no point is added).
  @discardableResult
  public func checkAccuracy() -> Double? {
    // A run without test images (`--test-limit 0`) has nothing to check.
    guard checkSet.count > 0 else { return 0 }
    let start = DispatchTime.now().uptimeNanoseconds
    defer { pauseClock() }
    guard let evaluation = evaluate(checkSet) else { return nil }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    checks.append(AccuracyCheck(step: trainer.step, epochs: trainer.progress, accuracy: evaluation.accuracy))
    return seconds
  }

  /// Call after each trained step with its wall time: times the first steps until the
  /// estimate can be made (then made, with one timed check that is also a point of the
  /// curve), and checks the accuracy when a check is due (not at an epoch's last step: the
  /// whole test set follows). True when the estimate was made at this step.
  public func measure(after report: StepReport, wallSeconds: Double) -> Bool {
    if estimate == nil, stepTimer.add(wallSeconds) {
      makeEstimate()
      return estimate != nil
    }
    if !epochFinished, report.step % checkEvery == 0, checks.last?.step != report.step { checkAccuracy() }
    return false
  }

  /// The run's length from the timed steps and one timed check: every epoch's steps at the
  /// measured rate, plus its end-of-epoch test and its checks at the measured seconds per
  /// test image, for the epochs still to train.
  private func makeEstimate() {
    // A stopped check leaves the run without an estimate (it is being quit).
    guard let testSeconds = checkAccuracy() else { return }
    let steps = trainer.stepsPerEpoch(count: trainSet.count)
    let checksPerEpoch = steps / checkEvery
    estimate = RunEstimate(
      measuredSteps: stepTimer.steps, measuredSeconds: stepTimer.seconds, stepsPerEpoch: steps,
      epochsLeft: Double(trainer.config.epochs) - trainer.progress,
      testImagesPerEpoch: testSet.count + checksPerEpoch * checkSet.count,
      secondsPerTestImage: testSeconds / Double(max(1, checkSet.count)))
  }
}
