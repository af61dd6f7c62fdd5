import Foundation

/// One epoch of one arm: the epoch's training loss/accuracy and the test set after it.
public struct TransferEpoch: Sendable, Codable, Hashable {
  /// 1-based; epoch 0 (before training) is `TransferArmResult.initial`.
  public var epoch: Int
  /// Mean over the epoch's steps (weighted by batch size), measured while the weights changed.
  public var trainLoss: Double
  public var trainAccuracy: Double
  public var testLoss: Double
  public var testAccuracy: Double
  /// Wall-clock seconds of the epoch's training plus its evaluation.
  public var seconds: Double
}

/// What one arm did: its setup, its curves and where it ended.
public struct TransferArmResult: Sendable, Codable, Hashable {
  public var arm: TransferArm
  /// Layers whose parameters were updated.
  public var trainableLayers: [String]
  /// Parameters that were updated (C3's unconnected kernel entries do not count).
  public var trainableParameters: Int
  public var learningRate: Float
  /// The test set before any training (for the pretrained arms: the MNIST classifier on Fashion-MNIST).
  public var initial: Evaluation
  public var epochs: [TransferEpoch]
  /// The test set after the last epoch, with its confusion matrix (which classes the arm mixes up).
  public var finalEvaluation: Evaluation
  /// Training loss of every step, in order (the per-step curve).
  public var stepLoss: [Double]
  public var seconds: Double

  /// Test accuracy after the last epoch.
  public var finalTestAccuracy: Double { epochs.last?.testAccuracy ?? initial.accuracy }
  /// The best test accuracy over the epochs (reported beside the final one, never instead).
  public var bestTestAccuracy: Double { epochs.map(\.testAccuracy).max() ?? initial.accuracy }
  /// Test accuracy curve with epoch 0 first.
  public var testAccuracyCurve: [Double] { [initial.accuracy] + epochs.map(\.testAccuracy) }
}

/// The whole experiment: the setup shared by the arms and each arm's result.
public struct TransferResult: Sendable, Codable, Hashable {
  public var model: String
  /// The dataset the arms train and test on.
  public var dataset: String
  /// The pretrained weights file and the dataset it was trained on (from its metadata).
  public var pretrainedWeights: String
  public var pretrainedOn: String
  public var examples: Int
  /// Training examples per class in the subset.
  public var classCounts: [Int]
  public var epochs: Int
  public var batchSize: Int
  public var stepsPerEpoch: Int
  public var testImages: Int
  public var seed: UInt64
  /// The layers that train in the frozen-features arm.
  public var classifierLayers: [String]
  /// The layers frozen in the frozen-features arm.
  public var frozenLayers: [String]
  public var arms: [TransferArmResult]
  public var seconds: Double

  /// The result of `arm`, if it ran.
  public func result(_ arm: TransferArm) -> TransferArmResult? { arms.first { $0.arm == arm } }

  /// Final test accuracy of frozen features minus from scratch (percentage points ÷ 100), if both ran.
  public var frozenAdvantage: Double? {
    guard let frozen = result(.frozenFeatures), let scratch = result(.fromScratch) else { return nil }
    return frozen.finalTestAccuracy - scratch.finalTestAccuracy
  }

  /// One sentence on who won, from the final accuracies (no interpretation).
  public var verdict: String {
    guard let best = arms.max(by: { $0.finalTestAccuracy < $1.finalTestAccuracy }) else { return "no arms ran" }
    var text = "With \(examples.grouped) labelled \(dataset) examples and \(epochs) epoch\(epochs == 1 ? "" : "s"), "
      + "\(best.arm.title) ends highest (\(NumberFormat.percent(best.finalTestAccuracy)))"
    if let advantage = frozenAdvantage {
      let points = abs(advantage * 100)
      let formatted = points < 0.05 ? "the same as"
        : String(format: "%.1f points ", points) + (advantage > 0 ? "above" : "below")
      text += "; frozen pretrained features end \(formatted) training from scratch"
    }
    return text + "."
  }
}
