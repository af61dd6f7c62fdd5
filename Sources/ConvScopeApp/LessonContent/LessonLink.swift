import ConvEngine

/// What following a lesson's action link asks the workbench to do. A plain value with no UI
/// types: the app maps it to its own actions (switch screen, set the model, start a run).
///
/// Written in lessons as `convscope:<screen>?key=value&…` (grammar in `lessons/README.md`);
/// `LessonLink(parsing:)` reads one, `LessonLinkContext.resolve(_:)` also checks the
/// files, dataset indices, lessons and quizzes it names.
public enum LessonLink: Sendable, Hashable {
  /// Show the Explore screen: `model`, optionally at `layer`, on `input`, with `map` selected.
  case explore(LessonExplore)
  /// Show the Train screen, set up (and ready to start) as described.
  case train(LessonTrain)
  /// Show the Compare screen with these models side by side, in this order.
  case compare([ModelChoice])
  /// Open another lesson, optionally scrolled to the heading whose anchor is `section`.
  case lesson(id: String, section: String?)
  /// Start the quiz that belongs to lesson `id`.
  case quiz(id: String)

  /// Whether the link sets up a workbench screen (Explore, Train, Compare) rather than
  /// opening a lesson or a quiz.
  public var isScreen: Bool {
    switch self {
    case .explore, .train, .compare: true
    case .lesson, .quiz: false
    }
  }

  /// The screen word of the link (`explore`, `train`, `compare`, `lesson`, `quiz`).
  public var screen: String {
    switch self {
    case .explore: "explore"
    case .train: "train"
    case .compare: "compare"
    case .lesson: "lesson"
    case .quiz: "quiz"
    }
  }
}

/// An input image as a link names it.
public enum LessonInput: Sendable, Hashable {
  /// `mnist:test:7`: image `index` of a shipped dataset split.
  case dataset(DatasetKind, DatasetSplit, index: Int)
  /// `assets/images/chelsea_227.ppm`: a file under the assets folder, written relative to the
  /// package root (as `assets/…`) so the same text works on GitHub and in the workbench.
  case file(path: String)

  /// The text as written in the link.
  public var text: String {
    switch self {
    case .dataset(let kind, let split, let index): "\(kind.rawValue):\(split.rawValue):\(index)"
    case .file(let path): path
    }
  }

  /// The text `InputSource.load` accepts, given the assets folder (file paths are re-rooted
  /// there, so the workbench finds them wherever it runs from).
  public func sourceText(assetsDirectory: String) -> String {
    switch self {
    case .dataset: text
    case .file(let path): LessonPaths.underAssets(path, assetsDirectory: assetsDirectory) ?? path
    }
  }
}

/// `convscope:explore?…`.
public struct LessonExplore: Sendable, Hashable {
  public var model: ModelChoice
  /// A layer name from the model's spec (`C3`, `conv1`, `pool5`…); nil = keep the current one.
  public var layer: String?
  public var input: LessonInput?
  /// Which feature map (channel) of `layer` to select, from 0.
  public var map: Int?

  public init(model: ModelChoice, layer: String? = nil, input: LessonInput? = nil, map: Int? = nil) {
    self.model = model
    self.layer = layer
    self.input = input
    self.map = map
  }
}

/// Two runs trained side by side so their curves can be compared; each preset fixes what
/// differs between the two runs and leaves everything else equal.
public enum LessonTrainPreset: String, Sendable, Hashable, CaseIterable {
  /// `lenet5-modern` twice: hidden layers with ReLU, then with tanh.
  case reluVsTanh = "relu-vs-tanh"
  /// `lenet5` (1998) and `lenet5-modern`, each with its own recipe.
  case classicVsModern = "classic-vs-modern"
  /// The model (default: AlexNet at width 0.25, 67×67 input) with its dropout, then with p = 0.
  case dropoutVsNone = "dropout-vs-none"
  /// The model (default as above) with crop+flip augmentation, then without.
  case augmentVsNone = "augment-vs-none"

  /// The model trained when the link names none.
  public var defaultModel: ModelChoice {
    switch self {
    case .reluVsTanh, .classicVsModern: ModelChoice(name: "lenet5-modern")
    case .dropoutVsNone, .augmentVsNone: ModelChoice(name: "alexnet", width: 0.25, inputSize: 67)
    }
  }
}

/// `convscope:train?…`. Nil fields mean "the model's recipe" (`TrainingRecipe.defaults`).
public struct LessonTrain: Sendable, Hashable {
  /// The model to train; nil only with a preset (which then picks its default model).
  public var model: ModelChoice?
  public var preset: LessonTrainPreset?
  public var dataset: DatasetKind?
  public var epochs: Int?
  public var learningRate: Float?
  public var batchSize: Int?
  /// Train on the first N training images only.
  public var limit: Int?
  /// AlexNet augmentation steps, a subset of `crop`, `flip`, `pca`, in the order written.
  public var augment: [String]?
  /// Replace the activation of every hidden layer that has one.
  public var activation: Activation?
  /// Replace the drop probability of every dropout layer (0 turns dropout off).
  public var dropout: Float?
  public var initialization: InitScheme?
  /// Start from these weights (a safetensors file under `assets/`) instead of a fresh start.
  public var weights: String?
  /// Layers whose weights stay fixed (transfer learning), by their names in the spec.
  public var freeze: [String]?
  /// The transfer experiment with N Fashion-MNIST examples: three runs (frozen features,
  /// fine-tune all, from scratch) from the model's shipped MNIST weights, overlaid.
  public var transfer: Int?

  public init(model: ModelChoice? = nil, preset: LessonTrainPreset? = nil) {
    self.model = model
    self.preset = preset
  }

  /// The model the run uses: the named one, else the preset's default.
  public var effectiveModel: ModelChoice? { model ?? preset?.defaultModel }
}
