/// Raised when training diverges (the loss became NaN or infinite).
public struct DivergenceError: Error, CustomStringConvertible, Sendable {
  public var step: Int
  public var epoch: Int
  public var loss: Double
  public var learningRate: Float
  /// The step that diverged, so a `HealthMonitor` (and the Train screen's curve) can take it in.
  public var report: StepReport?
  /// What happened and what to try, when a `HealthMonitor` stopped the run (replaces the
  /// standard message).
  public var explanation: String?

  public init(step: Int, epoch: Int, loss: Double, learningRate: Float, report: StepReport? = nil,
              explanation: String? = nil) {
    self.step = step
    self.epoch = epoch
    self.loss = loss
    self.learningRate = learningRate
    self.report = report
    self.explanation = explanation
  }

  public var description: String {
    if let explanation { return explanation }
    return "loss became \(loss.isNaN ? "NaN" : "\(loss)") at step \(step) (epoch \(epoch)) with learning rate \(learningRate); "
      + "training stopped. Try a lower learning rate, e.g. --lr \(learningRate / 10)"
  }
}
