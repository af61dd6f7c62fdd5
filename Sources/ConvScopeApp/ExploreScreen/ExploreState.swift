import ConvEngine

/// The Explore screen's state: which model and input, the prepared forward pass, and where
/// the user is looking (layer, page, zoomed map, cursor). The `Network` itself stays in the
/// engine work; only per-layer values live here, so the state stays `Equatable` and cheap.
public struct ExploreState: Equatable, Sendable {
  /// The models the picker cycles through; `@w` is a width multiplier (`alexnet@0.25` has a
  /// quarter of AlexNet's channels, small enough to step through quickly).
  public static let models = [
    "lenet5", "lenet5-modern", ExploreState.smallAlexNet, "alexnet", "alexnet-ungrouped", "alexnet-torchvision",
  ]
  /// The AlexNet layout convscope trains itself (a quarter of the widths, 67×67 inputs) and
  /// ships weights for, on MNIST and on Fashion-MNIST (`t` switches both).
  public static let smallAlexNet = "alexnet@0.25-67px"
  /// How many test images each 28×28 dataset has (for next/previous/random wrapping).
  public static let testImageCount = 10_000
  /// The weights "file" that means the training run's newest weights (the live view).
  public static let liveWeights = "live:run"
  /// Quiet turns (50 ms each) between live refreshes: about three a second.
  public static let liveRefreshTicks = 6

  /// The catalog name of the model to explore (see `ModelCatalog.names`), or a model file's
  /// path (`*.convnet`).
  public var model: String
  /// A model file's network as last read (by the effect that opened or reloaded it; never in
  /// `update` or a view, which do no file I/O): what the forward pass builds, and what the
  /// next reload is compared with. Nil for the built-in models.
  public var spec: ModelSpec?
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
  /// Whether the explain view shows how the value under the cursor is computed.
  public var isInspectorOpen = false
  /// The engine's explanation, when it has arrived (shown only while its key is the cursor's).
  public var explanation: ExploreExplanation?
  /// The value and width last asked for, so one request goes out per change.
  public var requestedExplain: ExploreExplanation.Request?
  /// The first line of the explanation shown.
  public var explainScroll = 0
  /// Whether the architecture overview (every layer as a column) is shown.
  public var isOverview = false
  /// Drawing: whether moving the pen inks (a stroke) or only moves it.
  public var isPenDown = false
  /// Quiet turns since the forward pass was asked for (the loading line's spinner).
  public var loadingTicks = 0
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
  /// Whether the screen follows the training run (`R`): passes use the run's newest weights
  /// and refresh every `liveRefreshTicks` quiet turns.
  public var isLive = false
  /// Quiet turns since the last live refresh was asked for (counted, never drawn).
  @NotDrawn public var liveTicks = 0
  /// Where the time-lapse scrubber is (`(`, `)`, `P`): a kept frame of the followed run's (or
  /// the loaded checkpoint's) time-lapse, shown in the side panel, or none.
  public var scrub = TimeLapseScrub()

  public init(model: String = "lenet5", userWeights: ExploreWeights? = nil) {
    self.model = model
    self.input = ExploreInput.defaultInput(for: model)
    self.userWeights = userWeights
  }

  /// The state for another model: a fresh start that keeps the user's settings (colour scale,
  /// command-line weights) and the drawing, which stays the input if it was.
  public func switching(to model: String, spec: ModelSpec? = nil) -> ExploreState {
    var next = ExploreState(model: model, userWeights: userWeights)
    next.spec = spec
    next.input = ExploreInput.defaultInput(for: model, spec: spec)
    next.scaleMode = scaleMode
    next.randomState = randomState
    next.canvas = canvas
    if !next.takesPhotos {
      if case .drawing = input {
        next.input = .drawing(canvas.pixels)
        next.isDrawing = isDrawing
      } else if case .dataset(let kind, let index) = input.base {
        // The same test image, so a model switch compares models on one input (of the
        // dataset a model file names, when it names one).
        if case .dataset(let named)? = spec?.data { next.input = .dataset(named.rawValue, index: index) }
        else { next.input = .dataset(kind, index: index) }
      }
    }
    return next
  }

  /// The weights file to load: the user's when it belongs to this model, the shipped small
  /// AlexNet's for the dataset being looked at, else nil (shipped LeNet-5 or seeded).
  public var weightsFile: String? {
    if isLive { return ExploreState.liveWeights }
    if let userWeights, userWeights.model == model { return userWeights.path }
    if model == ExploreState.smallAlexNet { return "assets:weights/alexnet-small-\(weightsDataset).safetensors" }
    return nil
  }

  /// The dataset whose shipped weights the small AlexNet uses: the input's, Fashion-MNIST by
  /// default, MNIST for a drawn digit.
  public var weightsDataset: String {
    if case .dataset(let kind, _) = input.base { return kind }
    if case .drawing = input { return "mnist" }
    return "fashion-mnist"
  }

  /// Whether the model is one of the AlexNet variants of the catalog.
  public var isAlexNet: Bool { !isModelFile && model.hasPrefix("alexnet") }
  /// The network being explored as far as the state knows it without reading a file: a
  /// model file's as last read, a built-in's from the catalog (computed, not read).
  public var shownSpec: ModelSpec? {
    isModelFile ? spec : try? ModelChoice(model)?.spec()
  }
  /// The model as the title names it: a catalog name, or a model file's name without its
  /// folders (a long path would push the weights' state off an 80-column title).
  public var modelTitle: String { isModelFile ? model.fileName : model }
  /// Whether the model comes from a model file (which then looks at the 28×28 datasets).
  public var isModelFile: Bool { ModelFile.isModelFile(model) }
  /// Whether the model takes photos (the full-size AlexNets, untrained unless given weights);
  /// the small trained AlexNet and LeNet-5 take the 28×28 datasets and drawings.
  public var takesPhotos: Bool { isAlexNet && model != ExploreState.smallAlexNet || isModelFile && spec?.data == .photos }
}
