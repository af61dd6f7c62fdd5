/// What one optimiser step did.
public struct StepReport: Sendable, Hashable, Codable {
  public var step: Int
  public var epoch: Int
  /// Fraction of the current epoch done after this step.
  public var epochProgress: Double
  public var loss: Double
  public var accuracy: Double
  public var learningRate: Float
  public var batchSize: Int
  public var seconds: Double
}
