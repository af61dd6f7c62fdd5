import ConvEngine

/// A summary of a run as the worker last published it: small and `Equatable`, so the app
/// state stays cheap (curves are averaged into at most `TrainProgress.maxCurvePoints` points
/// on the worker's side).
public struct TrainProgress: Equatable, Sendable {
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

  /// One point of the loss curve: the mean of `stride` consecutive steps.
  public struct CurvePoint: Equatable, Sendable {
    /// The last step the point covers.
    public var step: Int
    /// Where that step is, in epochs from the start (1.5 = halfway through epoch 2).
    public var epochs: Double
    /// Mean per-step loss over the steps the point covers. (The chart smooths these
    /// with a centred average when it draws them, so no lagging running mean is kept.)
    public var loss: Double

    public init(step: Int, epochs: Double, loss: Double) {
      self.step = step
      self.epochs = epochs
      self.loss = loss
    }
  }

  /// Test accuracy measured during the run, on the first `probeImages` test images (the
  /// engine's record of it).
  public typealias AccuracyPoint = TrainingRun.AccuracyCheck

  /// A misclassified test image, for the gallery.
  public struct Mistake: Equatable, Sendable {
    public var index: Int
    public var label: Int
    public var predicted: Int
    /// Raw pixels, `side`×`side`, 0…255.
    public var pixels: [UInt8]
    public var side: Int

    public init(index: Int, label: Int, predicted: Int, pixels: [UInt8], side: Int) {
      self.index = index
      self.label = label
      self.predicted = predicted
      self.pixels = pixels
      self.side = side
    }
  }

  /// The curve keeps at most this many points however long the run (pairs merge).
  public static let maxCurvePoints = 1000

  /// Which run this is (1, 2, … in the order started), and what defined it.
  public var runID = 0
  public var setup = TrainSetup()
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
  /// The loss curve; each point covers `curveStride` steps.
  public var curve: [CurvePoint] = []
  public var curveStride = 1
  /// Test accuracy every `probeEvery` steps on the first `probeImages` test images (about ten
  /// points an epoch, so even a one-epoch run has an accuracy curve).
  public var testCurve: [AccuracyPoint] = []
  public var probeEvery = 0
  public var probeImages = 0
  /// How long the run will take, once its first steps have been timed.
  public var estimate: RunEstimate?
  /// Paused after the measurement because the run would take long: Enter goes ahead.
  public var awaitsConfirmation = false
  /// Live setting changes and other moments, for marks on the curve.
  public var marks: [TrainerEvent] = []
  /// Finished epochs, as the engine records them (`TrainingRun.finishEpoch`).
  public var epochResults: [RunRecord.Epoch] = []
  /// The test set's confusion matrix after the last epoch (rows: true class).
  public var confusion: [[Int]] = []
  /// The first misclassified test images after the last epoch.
  public var mistakes: [Mistake] = []
  public var classNames: [String] = []
  public var imagesPerSecond = 0.0
  /// Seconds spent training (pauses excluded).
  public var elapsed = 0.0
  /// Seconds left in the current epoch at the current speed.
  public var epochETA: Double?
  /// The first conv layer's kernels, `kernelCount` planes of `kernelSize`².
  public var kernels: [Float] = []
  /// That layer's name in the model ("C1" in LeNet-5, "conv1" in AlexNet), as Explore says it.
  public var kernelLayer = ""
  public var kernelCount = 0
  public var kernelSize = 0
  /// The time-lapse's first map layer's output (the first conv layer's unless the run chose
  /// others) for one fixed test image: `sampleMapCount` maps (at most `TimeLapse.mapLimit`)
  /// of `sampleMapSide`² values, recomputed with the current weights at every summary.
  public var sampleMaps: [Float] = []
  /// That layer's name ("C1").
  public var sampleMapLayer = ""
  public var sampleMapCount = 0
  public var sampleMapSide = 0
  /// The kernels and the sample's maps every few steps since the run began (older frames
  /// thinned to stay within its budget): what the time-lapse scrubber moves through.
  public var timeLapse: TimeLapse?
  /// The test image the maps belong to, and its label.
  public var sampleIndex = 0
  public var sampleLabel = 0
  public var learningRate: Float = 0
  public var momentum: Float = 0
  public var weightDecay: Float = 0
  public var batchSize = 0
  public var trainImages = 0
  public var isPaused = false
  public var isEvaluating = false
  public var isFinished = false
  /// Ended early by the user (`E`), not by reaching its last epoch.
  public var wasStopped = false
  public var divergence: Divergence?
  /// Where the last checkpoint / metrics went, or why they could not be written.
  public var savedPath: String?
  public var saveError: String?
  /// The step the last checkpoint holds (the run is unsaved again once it trains past it).
  public var savedStep: Int?
  /// The checkpoint the run continues, if it was resumed.
  public var resumedFrom: String?

  public init(model: String, dataset: String) {
    self.model = model
    self.dataset = dataset
  }

  /// Seconds left in the whole run at the estimate's rates (training and testing).
  public var runETA: Double? {
    estimate.map { max(0, Double(epochs - epoch) + 1 - epochFraction) * ($0.epochSeconds + $0.testSeconds) }
  }

  /// The last finished epoch's test accuracy.
  public var testAccuracy: Double? { epochResults.last?.testAccuracy ?? nil }

  /// The curve's position (in epochs) of `step`, interpolated between points; for marks.
  public func epochs(atStep step: Int) -> Double? {
    guard let first = curve.first, let last = curve.last else { return nil }
    if step <= first.step { return first.epochs * Double(step) / Double(max(1, first.step)) }
    if step >= last.step { return last.epochs }
    let i = curve.firstIndex { $0.step >= step } ?? curve.count - 1
    let (a, b) = (curve[i - 1], curve[i])
    return a.epochs + (b.epochs - a.epochs) * Double(step - a.step) / Double(max(1, b.step - a.step))
  }

  /// For chart legends: "ReLU #2".
  public var shortTitle: String { "\(setup.label ?? setup.modelName) #\(runID)" }

  /// The run's name on screen: "run 2 · ReLU" or "run 2 · lenet5".
  public var title: String {
    "run \(runID) · " + (setup.label ?? setup.modelName)
  }
}
