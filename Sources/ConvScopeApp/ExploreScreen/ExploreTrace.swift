import ConvEngine
import Foundation
import TerminalUI

/// One forward pass prepared for drawing: per layer, the values of sample 0 with their
/// ranges, so stepping layers and paging maps never touch the network again.
public struct ExploreTrace: Equatable, Sendable {
  /// The model's catalog name and title.
  public var model: String
  public var title: String
  /// Where the weights came from, e.g. "trained (assets/weights/lenet5.safetensors)".
  public var weights: String
  /// Whether the network runs on seeded untrained weights (shown on screen).
  public var isUntrained: Bool
  /// The input's description (from `InputSource`).
  public var inputDescription: String
  /// Index 0 is the input; index k is the output of network layer k − 1.
  public var layers: [ExploreLayerTrace]
  /// The classes with the highest probability, best first.
  public var top: [ExploreClass]
  /// The range over every feature map (the input, FC units and class scores left out), for
  /// the global colour scale: RBF penalties up to ~200 would flatten every map.
  public var globalMin: Float
  public var globalMax: Float
  /// Every class's probability (softmax of the logits, or of the negated RBF penalties).
  public var probabilities: [Double] = []
  /// The last layer's values: logits, or LeNet-5's RBF penalties (smallest wins).
  public var scores: [Float] = []
  public var scoresAreDistances = false
  /// The name of each class, from the dataset the weights were trained on when known.
  public var classNames: [String] = []
  /// The input's own label, when it is a dataset image.
  public var trueLabel: Int?
  /// The dataset the weights were trained on (their safetensors metadata), and the kind of
  /// input ("mnist", "fashion-mnist", "photo", "drawing", "file"), to warn about mismatches.
  public var weightsDataset: String?
  public var inputKind: String?
  /// The input as an RGB picture (row-major triples) when it has three channels.
  public var inputRGB: [UInt8]?
  /// LeNet-5's RBF prototypes (classes × 84, ±1) and the bitmap width (7), for the output view.
  public var prototypes: [Float] = []
  public var prototypeWidth = 0
  /// Trainable parameters of the network.
  public var parameterCount = 0
  /// The input this pass ran on (nil when unknown), so a failed load can fall back to it.
  public var input: ExploreInput?
  /// The user's weights file (from `--weights`) when the pass used it.
  public var userWeightsFile: String?
  /// The Explore model name the pass was asked for (a late answer for another model is dropped).
  /// For a model file: the network the pass ran, as read (the screen keeps it to compare
  /// the next version of the file with).
  public var modelFileSpec: ModelSpec?
  public var requestedModel: String?
  /// Set when the pass ran on a training run's weights (Explore bound to the run).
  public var live: ExploreLive?

  public init(
    model: String, title: String, weights: String, isUntrained: Bool, inputDescription: String,
    layers: [ExploreLayerTrace], top: [ExploreClass]
  ) {
    self.model = model
    self.title = title
    self.weights = weights
    self.isUntrained = isUntrained
    self.inputDescription = inputDescription
    self.layers = layers
    self.top = top
    let maps = layers.dropFirst().filter { !$0.isVector }
    self.globalMin = maps.map(\.min).min() ?? 0
    self.globalMax = maps.map(\.max).max() ?? 1
  }
}

extension ExploreTrace {
  /// The warning to show when the weights learnt another dataset than the input comes from.
  public var datasetWarning: String? {
    guard let trained = weightsDataset, let kind = inputKind else { return nil }
    let seen = kind == "drawing" ? "mnist" : kind
    // A file's content is unknown; it gets no warning.
    guard seen != trained, kind != "file" else { return nil }
    let what = switch kind {
    case "photo": "a photo"
    case "drawing": "a drawn digit"
    default: "a \(Self.datasetTitle(kind)) image"
    }
    return "weights trained on \(Self.datasetTitle(trained)); this is \(what): the prediction means little"
  }

  static func datasetTitle(_ name: String) -> String {
    switch name {
    case "mnist": "MNIST"
    case "fashion-mnist": "Fashion-MNIST"
    default: name
    }
  }

  /// Class `i`'s probability as text with the digits that matter: near 1 as "100% − 3.1e-30%"
  /// (the other classes' share, computed from the scores in Double, where the engine's Float
  /// probability is exactly 1), tiny ones in exponent form, the rest with 2–6 decimals.
  public func probabilityText(_ i: Int) -> String {
    guard i < probabilities.count else { return "" }
    if scores.count == probabilities.count, !scores.isEmpty {
      let z = scores.map { scoresAreDistances ? -Double($0) : Double($0) }
      let m = z.max() ?? 0
      let e = z.map { Foundation.exp($0 - m) }
      let total = e.reduce(0, +)
      let p = e[i] / total
      // The others' share summed directly: 1 − p would round to 0 long before it is 0.
      let rest = e.indices.reduce(0.0) { $1 == i ? $0 : $0 + e[$1] } / total
      if rest < 5e-5 { return rest > 0 ? "100% − " + String(format: "%.1e", rest * 100) + "%" : "100%" }
      if p < 1e-5 { return p > 0 ? String(format: "%.1e", p * 100) + "%" : "0%" }
      return NumberText.precisePercent(p)
    }
    return NumberText.precisePercent(probabilities[i])
  }

  /// The class with the highest probability.
  public var predicted: Int? { probabilities.indices.max { probabilities[$0] < probabilities[$1] } }

  /// "7" or "9 Ankle boot": the class name, with its index when the name is not the index.
  public func classLabel(_ i: Int) -> String {
    let name = i < classNames.count ? classNames[i] : "class \(i)"
    return name == "\(i)" ? name : "\(i) \(name)"
  }
}

/// One class of the prediction.
public struct ExploreClass: Equatable, Sendable {
  public var index: Int
  public var name: String
  public var probability: Double

  public init(index: Int, name: String, probability: Double) {
    self.index = index
    self.name = name
    self.probability = probability
  }
}
