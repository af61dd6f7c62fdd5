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
  /// The range over every layer (for the global colour scale).
  public var globalMin: Float
  public var globalMax: Float
  /// The input this pass ran on (nil when unknown), so a failed load can fall back to it.
  public var input: ExploreInput?
  /// The user's weights file (from `--weights`) when the pass used it.
  public var userWeightsFile: String?

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
    self.globalMin = layers.map(\.min).min() ?? 0
    self.globalMax = layers.map(\.max).max() ?? 1
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
