import ConvEngine

/// A summary of a run as the worker last published it: small and `Equatable`, so the app
/// state stays cheap (curves are smoothed and downsampled on the worker's side).
public struct TrainProgress: Equatable, Sendable {
  /// One finished epoch.
  public struct EpochResult: Equatable, Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var testAccuracy: Double
    public var seconds: Double

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testAccuracy: Double, seconds: Double) {
      self.epoch = epoch
      self.trainLoss = trainLoss
      self.trainAccuracy = trainAccuracy
      self.testAccuracy = testAccuracy
      self.seconds = seconds
    }
  }

  /// What the health monitor said when it stopped the run.
  public struct Divergence: Equatable, Sendable {
    public var step: Int
    public var reason: String
    public var hint: String

    public init(step: Int, reason: String, hint: String) {
      self.step = step
      self.reason = reason
      self.hint = hint
    }
  }

  public var model: String
  public var dataset: String
  /// Optimiser steps done.
  public var step = 0
  /// The 1-based epoch under way, and how many the run has.
  public var epoch = 1
  public var epochs = 1
  public var stepsPerEpoch = 0
  /// Fraction of the current epoch done.
  public var epochFraction = 0.0
  /// Smoothed loss; point i stands for steps i·stride …, so the curve stays short.
  public var loss: [Double] = []
  public var lossStride = 1
  /// Live setting changes and other moments, for marks on the curve.
  public var marks: [TrainerEvent] = []
  public var epochResults: [EpochResult] = []
  /// The test set's confusion matrix after the last epoch (rows: true class).
  public var confusion: [[Int]] = []
  public var classNames: [String] = []
  public var imagesPerSecond = 0.0
  /// Seconds spent training (pauses excluded).
  public var elapsed = 0.0
  /// Seconds left in the current epoch at the current speed.
  public var epochETA: Double?
  /// The first conv layer's kernels, `kernelCount` planes of `kernelSize`².
  public var kernels: [Float] = []
  public var kernelCount = 0
  public var kernelSize = 0
  public var learningRate: Float = 0
  public var momentum: Float = 0
  public var batchSize = 0
  public var isPaused = false
  public var isEvaluating = false
  public var isFinished = false
  public var divergence: Divergence?
  /// Where the last checkpoint went, or why it could not be written.
  public var savedPath: String?
  public var saveError: String?

  public init(model: String, dataset: String) {
    self.model = model
    self.dataset = dataset
  }
}
