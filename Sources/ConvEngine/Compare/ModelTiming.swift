/// How long to measure each model for: a few iterations, so `compare` stays quick.
public struct TimingOptions: Sendable, Codable, Hashable {
  /// Timed batch-1 forward passes (after 3 untimed warm-up passes); the median is reported.
  /// Small models (LeNet-5) get at least `minimumSmallForwardIterations`: theirs take microseconds.
  public var forwardIterations: Int
  /// Timed training steps; small models get at least `minimumSmallTrainSteps`.
  public var trainSteps: Int
  /// Images per training step; nil: 64 (the recipes' batch) for small models, 16 for big ones
  /// (AlexNet's activations and gradients for 64 images would need gigabytes).
  public var trainBatch: Int?
  /// Threads, used the way the trainer uses them (see `ModelTiming.measure`).
  public var threads: Int

  public static let minimumSmallForwardIterations = 100
  public static let minimumSmallTrainSteps = 50

  public init(forwardIterations: Int = 5, trainSteps: Int = 2, trainBatch: Int? = nil, threads: Int = 2) {
    self.forwardIterations = forwardIterations
    self.trainSteps = trainSteps
    self.trainBatch = trainBatch
    self.threads = threads
  }
}

/// Speed of one model on this machine, measured by the engine.
public struct ModelTiming: Sendable, Codable, Hashable {
  public var model: String
  /// Whether the model is above `Trainer.intraOpThresholdMACs` (threads split each layer's
  /// work) or below (one replica per thread, as the trainer runs LeNet-5).
  public var intraOp: Bool
  /// Batch-1 forward latency in milliseconds (median, p99, mean).
  public var forwardBatch1: Benchmark.Latency
  public var forwardIterations: Int
  public var forwardThreads: Int
  /// Training images per second (forward, backward and SGD update).
  public var trainImagesPerSecond: Double
  public var trainBatch: Int
  public var trainSteps: Int
  public var trainThreads: Int

  /// Milliseconds of training per image.
  public var trainMillisecondsPerImage: Double { 1000 / trainImagesPerSecond }

  /// Times `spec` the way convscope runs it, with seeded weights on seeded random inputs
  /// (speed does not depend on the values):
  /// - forward: `Benchmark.forwardProfile`, batch 1; one thread for small models (as
  ///   `convscope forward` and the evaluator run them), all `threads` inside each layer for big ones;
  /// - training, big models: `Benchmark.trainingProfile` (one network, threads inside each layer);
  /// - training, small models: `Benchmark.trainingThroughput`, the real `Trainer` with one
  ///   replica per thread on random 28×28 images, because a lone LeNet-5 cannot use two cores
  ///   and timing it that way would understate what training actually achieves.
  public static func measure(_ spec: ModelSpec, options: TimingOptions) throws -> ModelTiming {
    guard options.forwardIterations >= 1, options.trainSteps >= 1, (options.trainBatch ?? 1) >= 1,
          options.threads >= 1 else {
      throw EngineError(spec.name, "timing needs at least 1 forward iteration, 1 training step, batch 1 and 1 thread")
    }
    let intraOp = try spec.splitsLayersAcrossCores()
    let x = Tensor(zeros: spec.input.batch(1))
    var rng = SplitMix64(seed: 5)
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-2, 2) }
    let forwardThreads = intraOp ? options.threads : 1
    let forwardIterations = intraOp ? options.forwardIterations
      : max(options.forwardIterations, TimingOptions.minimumSmallForwardIterations)
    let forward = try Benchmark.forwardProfile(spec: spec, input: x, iterations: forwardIterations,
                                               threads: forwardThreads)
    let batch = options.trainBatch ?? (intraOp ? 16 : 64)
    let steps: Int
    let imagesPerSecond: Double
    if intraOp {
      steps = options.trainSteps
      imagesPerSecond = try Benchmark.trainingProfile(spec: spec, batchSize: batch, threads: options.threads,
                                                      steps: steps).imagesPerSecond
    } else {
      steps = max(options.trainSteps, TimingOptions.minimumSmallTrainSteps)
      imagesPerSecond = try Benchmark.trainingThroughput(spec: spec, data: randomDigits(count: 4 * batch, classes: spec.classes),
                                                         batchSize: batch, threads: options.threads, steps: steps,
                                                         warmup: 5)
    }
    return ModelTiming(model: spec.name, intraOp: intraOp, forwardBatch1: forward.latency,
                       forwardIterations: forwardIterations, forwardThreads: forwardThreads,
                       trainImagesPerSecond: imagesPerSecond, trainBatch: batch, trainSteps: steps,
                       trainThreads: options.threads)
  }

  /// Seeded random 28×28 "digits" with labels cycling through the classes.
  static func randomDigits(count: Int, classes: Int) -> ImageDataset {
    var rng = SplitMix64(seed: 9)
    let pixels = (0..<(count * 28 * 28)).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) }
    return ImageDataset(name: "random", split: .train, rows: 28, cols: 28, pixels: pixels,
                        labels: (0..<count).map { UInt8($0 % max(1, min(classes, 256))) },
                        classNames: (0..<classes).map { "class \($0)" })
  }

  /// What the measured speed means for an ImageNet-sized epoch.
  public var projection: EpochProjection { EpochProjection(self) }
}

/// The time one model would take on this machine for AlexNet's training set and schedule.
public struct EpochProjection: Sendable, Codable, Hashable {
  /// Images in one epoch (ILSVRC's 1.2 M).
  public var images: Int
  /// Epochs in the paper's schedule (90).
  public var epochs: Int
  /// Seconds to train on `images` images once at the measured training speed.
  public var trainEpochSeconds: Double
  /// Seconds for `epochs` such epochs.
  public var trainRunSeconds: Double
  /// Seconds to classify `images` images one at a time at the measured batch-1 latency.
  public var inferenceSeconds: Double

  public init(_ timing: ModelTiming, images: Int = PaperFacts.imageNetTrainingImages,
              epochs: Int = PaperFacts.alexNetEpochs) {
    self.images = images
    self.epochs = epochs
    trainEpochSeconds = Double(images) / timing.trainImagesPerSecond
    trainRunSeconds = trainEpochSeconds * Double(epochs)
    inferenceSeconds = Double(images) * timing.forwardBatch1.median / 1000
  }

  /// The training speed the paper's schedule implies: 90 × 1.2 M images in 5–6 days, in images/s
  /// (lower bound first).
  public static var paperImagesPerSecond: ClosedRange<Double> {
    let images = Double(PaperFacts.imageNetTrainingImages * PaperFacts.alexNetEpochs)
    let days = PaperFacts.alexNetTrainingDays
    return images / (days.upperBound * 86_400)...images / (days.lowerBound * 86_400)
  }
}
