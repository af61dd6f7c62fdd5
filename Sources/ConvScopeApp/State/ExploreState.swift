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

  public init(model: String = "lenet5") {
    self.model = model
    self.input = ExploreInput.defaultInput(for: model)
  }

  /// Whether the model is an AlexNet variant (photos as input, untrained weights).
  public var isAlexNet: Bool { model.hasPrefix("alexnet") }
}
