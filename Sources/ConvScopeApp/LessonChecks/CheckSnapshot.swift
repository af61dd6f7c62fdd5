import ConvEngine

/// The part of the workbench's state the lesson checks read, copied out of `AppState` so the
/// grader is a pure function of a small value, and so checks are re-graded only when this
/// value changes (`LessonChecks.regrade`), not on every tick.
public struct CheckSnapshot: Equatable, Sendable {
  /// A Train run's identity and its per-epoch results (the engine's own measurements).
  public struct Run: Equatable, Sendable {
    public var id: Int
    public var model: ModelChoice
    public var dataset: String
    public var epochs: [Epoch]

    public init(id: Int, model: ModelChoice, dataset: String, epochs: [Epoch]) {
      self.id = id
      self.model = model
      self.dataset = dataset
      self.epochs = epochs
    }
  }

  /// Accuracies at the end of one epoch, as fractions.
  public struct Epoch: Equatable, Sendable {
    public var epoch: Int
    public var train: Double
    public var test: Double?

    public init(epoch: Int, train: Double, test: Double?) {
      self.epoch = epoch
      self.train = train
      self.test = test
    }
  }

  /// What the Explore screen shows, once a forward pass has arrived for its input.
  public struct Explore: Equatable, Sendable {
    public var model: String
    /// Whether the pass ran on the model's shipped weights (not a training run's, not `--weights`).
    public var shippedWeights: Bool
    /// The MNIST test image index when the input is one, untouched by edits.
    public var testImage: Int?
    /// The selected layer's name (`C3`) and whether it is the network's last.
    public var layer: String
    public var isOutputLayer: Bool
    public var selectedMap: Int
    public var isInspectorOpen: Bool
    public var predicted: Int?
    public var label: Int?

    public init(model: String, shippedWeights: Bool, testImage: Int?, layer: String, isOutputLayer: Bool,
                selectedMap: Int, isInspectorOpen: Bool, predicted: Int?, label: Int?) {
      self.model = model
      self.shippedWeights = shippedWeights
      self.testImage = testImage
      self.layer = layer
      self.isOutputLayer = isOutputLayer
      self.selectedMap = selectedMap
      self.isInspectorOpen = isInspectorOpen
      self.predicted = predicted
      self.label = label
    }
  }

  /// A layer row of the Compare screen: which model (side) and its parameter count.
  public struct CompareLayer: Equatable, Sendable {
    public var model: String
    public var name: String
    public var parameters: Int

    public init(model: String, name: String, parameters: Int) {
      self.model = model
      self.name = name
      self.parameters = parameters
    }
  }

  /// The Compare screen's layers (both models, from the engine's comparison) and the one picked.
  public struct Compare: Equatable, Sendable {
    public var layers: [CompareLayer]
    public var picked: CompareLayer?

    public init(layers: [CompareLayer], picked: CompareLayer?) {
      self.layers = layers
      self.picked = picked
    }
  }

  public var runs: [Run]
  public var explore: Explore?
  public var compare: Compare?
  /// Stroke probes the engine has run (`StrokeProbe`), newest last.
  public var probes: [StrokeProbe]

  public init(runs: [Run] = [], explore: Explore? = nil, compare: Compare? = nil, probes: [StrokeProbe] = []) {
    self.runs = runs
    self.explore = explore
    self.compare = compare
    self.probes = probes
  }
}

/// How strongly each map of a layer answers a horizontal and a vertical bar, measured by the
/// engine: per map, the sum over its positions of how far each value rises above its value
/// for a blank input (so a map's resting level does not count, and a map that lights up along
/// the whole bar counts more than one that flickers at its ends).
public struct StrokeProbe: Equatable, Sendable {
  public var model: String
  public var layer: String
  /// Per map (`layer`'s channels), for a horizontal bar and for a vertical one.
  public var horizontal: [Float]
  public var vertical: [Float]

  public init(model: String, layer: String, horizontal: [Float], vertical: [Float]) {
    self.model = model
    self.layer = layer
    self.horizontal = horizontal
    self.vertical = vertical
  }

  /// A map counts as answering a stroke only if its response is at least this share of the
  /// layer's strongest response to it: a map that barely reacts to either bar has a large
  /// ratio of two small numbers, which says nothing.
  public static let floorShare: Float = 0.15

  /// The response below which no map of the layer counts as answering `stroke`.
  public func floor(_ stroke: Stroke) -> Float {
    ((stroke == .horizontal ? horizontal : vertical).max() ?? 0) * Self.floorShare
  }

  /// Map `map`'s response to `stroke`.
  public func response(_ stroke: Stroke, map: Int) -> Float? {
    let values = stroke == .horizontal ? horizontal : vertical
    return values.indices.contains(map) ? values[map] : nil
  }
}
