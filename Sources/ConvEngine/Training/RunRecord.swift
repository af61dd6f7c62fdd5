/// The metrics of one training run: its settings, every step, every epoch's test result and the
/// trainer's events, ready to export as CSV or JSON Lines (see `RunRecord+Export`).
public struct RunRecord: Sendable, Codable, Equatable {
  /// What was trained on what, and how (the settings at the start; `events` log changes).
  public struct Settings: Sendable, Codable, Equatable {
    public var model: String
    public var dataset: String
    public var trainImages: Int
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    public var schedule: String
    public var seed: UInt64
    public var threads: Int
    public var initialization: String?
    public var augmentation: String?
    public var frozenLayers: [String]

    public init(config: TrainingConfig, model: String, dataset: String, trainImages: Int) {
      self.model = model
      self.dataset = dataset
      self.trainImages = trainImages
      epochs = config.epochs
      batchSize = config.batchSize
      learningRate = config.learningRate
      momentum = config.momentum
      weightDecay = config.weightDecay
      schedule = config.schedule.description
      seed = config.seed
      threads = config.threads
      initialization = config.initScheme?.rawValue
      augmentation = config.augmentation.map(TrainerState.encode(augmentation:))
      frozenLayers = config.frozenLayers.sorted()
    }
  }

  /// One optimiser step.
  public struct Step: Sendable, Codable, Equatable {
    public var step: Int
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    public var learningRate: Float
    public var batchSize: Int
    /// Wall time of this step, and of all training so far (across resumes), in seconds.
    public var seconds: Double
    public var elapsed: Double

    public init(step: Int, epoch: Int, loss: Double, accuracy: Double, learningRate: Float, batchSize: Int,
                seconds: Double, elapsed: Double) {
      self.step = step
      self.epoch = epoch
      self.loss = loss
      self.accuracy = accuracy
      self.learningRate = learningRate
      self.batchSize = batchSize
      self.seconds = seconds
      self.elapsed = elapsed
    }
  }

  /// One finished epoch: training averages, the test-set result and how long it took. The
  /// one epoch record of the project: `convscope train` prints and saves it, the Train screen
  /// shows it, both get it from `TrainingRun.finishEpoch`.
  public struct Epoch: Sendable, Codable, Equatable {
    public var epoch: Int
    /// The last step of the epoch.
    public var step: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    /// The test set's mean loss and accuracy; nil when the run had no test images
    /// (`convscope train --test-limit 0`), so no made-up figure stands for a test never run.
    public var testLoss: Double?
    public var testAccuracy: Double?
    /// Seconds spent in training steps (evaluation excluded).
    public var seconds: Double
    /// Wall-clock seconds from the epoch's first step to its last, pauses and evaluation
    /// excluded: what the user waited, including anything else the process did meanwhile
    /// (drawing the screen, printing progress). 0 when not known (files written before it was kept).
    public var wallSeconds: Double
    /// Images trained on in the epoch (0 when not known).
    public var images: Int

    public init(epoch: Int, step: Int, trainLoss: Double, trainAccuracy: Double, testLoss: Double?, testAccuracy: Double?,
                seconds: Double, wallSeconds: Double = 0, images: Int = 0) {
      self.epoch = epoch
      self.step = step
      self.trainLoss = trainLoss
      self.trainAccuracy = trainAccuracy
      self.testLoss = testLoss
      self.testAccuracy = testAccuracy
      self.seconds = seconds
      self.wallSeconds = wallSeconds
      self.images = images
    }

    /// Metrics files written before `wallSeconds` and `images` were kept still read.
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      self.init(epoch: try c.decode(Int.self, forKey: .epoch), step: try c.decode(Int.self, forKey: .step),
                trainLoss: try c.decode(Double.self, forKey: .trainLoss),
                trainAccuracy: try c.decode(Double.self, forKey: .trainAccuracy),
                testLoss: try c.decodeIfPresent(Double.self, forKey: .testLoss),
                testAccuracy: try c.decodeIfPresent(Double.self, forKey: .testAccuracy),
                seconds: try c.decode(Double.self, forKey: .seconds),
                wallSeconds: try c.decodeIfPresent(Double.self, forKey: .wallSeconds) ?? 0,
                images: try c.decodeIfPresent(Int.self, forKey: .images) ?? 0)
    }

    /// Training images a second by the wall clock (0 when not known).
    public var imagesPerSecond: Double { wallSeconds > 0 ? Double(images) / wallSeconds : 0 }
  }

  public var settings: Settings
  public var steps: [Step] = []
  public var epochs: [Epoch] = []
  public var events: [TrainerEvent] = []

  public init(settings: Settings) { self.settings = settings }

  /// Records a step; `elapsed` is the run's training time so far (`Trainer.trainingSeconds`).
  public mutating func append(_ report: StepReport, elapsed: Double) {
    steps.append(Step(step: report.step, epoch: report.epoch, loss: report.loss, accuracy: report.accuracy,
                      learningRate: report.learningRate, batchSize: report.batchSize, seconds: report.seconds,
                      elapsed: elapsed))
  }

  /// Keeps only what happened up to step `step` (a run resumed from an earlier checkpoint
  /// continues the curve from there).
  public mutating func truncate(afterStep step: Int) {
    steps.removeAll { $0.step > step }
    epochs.removeAll { $0.step > step }
    events.removeAll { $0.step > step }
  }
}

extension TrainerState {
  /// "crop,flip,pca" for an augmentation ("none" when everything is off: centre crops).
  static func encode(augmentation a: Augmentation) -> String {
    let words = [a.randomCrop ? "crop" : nil, a.flip ? "flip" : nil, a.pcaColor == nil ? nil : "pca"].compactMap { $0 }
    return words.isEmpty ? "none" : words.joined(separator: ",")
  }
}
