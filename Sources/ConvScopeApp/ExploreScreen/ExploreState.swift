/// The Explore screen's state: which model and input, the prepared forward pass, and where
/// the user is looking (layer, page, zoomed map, cursor). The `Network` itself stays in the
/// engine work; only per-layer values live here, so the state stays `Equatable` and cheap.
public struct ExploreState: Equatable, Sendable {
  /// The models the picker cycles through; `@w` is a width multiplier (`alexnet@0.25` has a
  /// quarter of AlexNet's channels, small enough to step through quickly).
  public static let models = [
    "lenet5", "lenet5-modern", "alexnet", "alexnet-ungrouped", "alexnet-torchvision", "alexnet@0.25",
  ]
  /// How many test images each 28×28 dataset has (for next/previous/random wrapping).
  public static let testImageCount = 10_000

  /// The catalog name of the model to explore (see `ModelCatalog.names`).
  public var model: String
  /// What is fed to the network.
  public var input: ExploreInput
  /// The last forward pass, prepared for drawing; nil until the engine reports.
  public var trace: ExploreTrace?
  /// Whether a forward pass is on its way.
  public var isLoading = false
  /// The last engine error, shown in the pane.
  public var error: String?
  /// 0 is the input, k the output of network layer k − 1.
  public var layer = 0
  /// The first map shown in the grid is `page * mapsPerPage`.
  public var page = 0
  /// The map the cursor is on (absolute index in the layer).
  public var selectedMap = 0
  /// Whether the selected map fills the pane.
  public var isZoomed = false
  /// The cursor inside the zoomed map.
  public var cursorY = 0
  public var cursorX = 0
  /// Whether the inspector explains the value under the cursor.
  public var isInspectorOpen = false
  /// The inspector's text for the cursor position, when it has arrived.
  public var inspectorLines: [String] = []
  /// How heatmaps are coloured.
  public var scaleMode: ExploreScaleMode = .layer
  /// Whether the pane shows the layer's kernels instead of its outputs.
  public var showsKernels = false
  /// The 28×28 canvas, values 0…255, and whether it is the input being edited.
  public var canvas = ExploreCanvas()
  public var isDrawing = false
  /// State of the "random" pick, so `update` stays deterministic.
  public var randomState: UInt64 = 0x9E37_79B9_7F4A_7C15
  /// The one-line prompt (index or file path) while it is open; it then takes the keys.
  public var prompt: ExplorePrompt?
  /// Weights from the command line, used whenever their model is the one explored.
  public var userWeights: ExploreWeights?
  /// Where a followed lesson link wants to look once its forward pass arrives: a layer name
  /// from the spec and a map index (the trace is needed to find the layer's position).
  public var pendingLayer: String?
  public var pendingMap: Int?

  public init(model: String = "lenet5", userWeights: ExploreWeights? = nil) {
    self.model = model
    self.input = ExploreInput.defaultInput(for: model)
    self.userWeights = userWeights
  }

  /// The state for another model: a fresh start that keeps the user's settings (colour scale,
  /// command-line weights).
  public func switching(to model: String) -> ExploreState {
    var next = ExploreState(model: model, userWeights: userWeights)
    next.scaleMode = scaleMode
    next.randomState = randomState
    return next
  }

  /// The user's weights file when it belongs to the model being explored.
  public var weightsFile: String? {
    guard let userWeights, userWeights.model == model else { return nil }
    return userWeights.path
  }

  /// Whether the model is an AlexNet variant (photos as input, untrained weights).
  public var isAlexNet: Bool { model.hasPrefix("alexnet") }
}
