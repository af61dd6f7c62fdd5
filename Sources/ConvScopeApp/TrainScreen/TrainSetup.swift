import ConvEngine

/// Everything that defines one training run on the Train screen: the model, the data, the
/// optimiser settings, the seed, and the experiment's one changed choice (activation,
/// dropout, augmentation, frozen layers, starting weights). Nil fields mean "the model's
/// recipe" (`TrainingRecipe.defaults`). A plain value, so the pure update can build, show
/// and queue runs; `TrainSetup+Engine` turns it into a trainer on the worker.
public struct TrainSetup: Equatable, Sendable {
  /// The transfer-learning arm of a run (see `TransferExperiment`).
  public struct Transfer: Equatable, Sendable {
    /// Labelled Fashion-MNIST examples the run may use (class-balanced, seeded).
    public var examples: Int
    public var arm: TransferArm

    public init(examples: Int, arm: TransferArm) {
      self.examples = examples
      self.arm = arm
    }
  }

  public var model: ModelChoice
  /// When `model` is a model file: its network as the workbench last read it (opened or
  /// reloaded after an edit), which the run builds, so a later broken save of the file
  /// never reaches a run. Nil: read the file when the run starts (a lesson link's).
  public var modelSpec: ModelSpec?
  public var dataset: DatasetKind
  public var epochs: Int?
  public var learningRate: Float?
  public var momentum: Float?
  public var weightDecay: Float?
  public var batchSize: Int?
  public var seed: UInt64 = 1
  /// Train on the first N training images only.
  public var limit: Int?
  /// AlexNet augmentation steps (`crop`, `flip`, `pca`).
  public var augment: [String]?
  public var activation: Activation?
  public var dropout: Float?
  /// Replace every max/average pooling layer's kind (the model's own when nil).
  public var pooling: PoolKind?
  public var initialization: InitScheme?
  /// Start from these weights (a safetensors file) instead of a seeded start.
  public var weights: String?
  /// Layers whose weights stay fixed.
  public var freeze: [String]?
  /// Continue the run saved in this checkpoint (`TrainSetup.latestCheckpoint`: the newest in `runs/`).
  public var resume: String?
  /// A transfer-learning arm instead of an ordinary run (the model's shipped MNIST weights,
  /// Fashion-MNIST, N examples).
  public var transfer: Transfer?
  /// What sets this run apart in a comparison ("ReLU", "tanh", "frozen features"…).
  public var label: String?
  /// The layers whose maps the run's time-lapse keeps (`all`: every conv layer; names this
  /// model lacks are skipped); nil: the first two conv layers. `convscope --timelapse-layers`.
  public var timeLapseLayers: [String]?

  /// Runs `spec` next on the dataset its file's `dataset` line names (the current one when
  /// it names none, or photos, which have no training set).
  public mutating func takeDataset(of spec: ModelSpec) {
    if case .dataset(let kind)? = spec.data { dataset = kind }
  }

  /// The `resume` value that means "the newest checkpoint in runs/ for this model".
  public static let latestCheckpoint = "latest"

  public init(model: ModelChoice = ModelChoice(name: "lenet5"), dataset: DatasetKind = .mnist) {
    self.model = model
    self.dataset = dataset
  }

  /// The models the Train screen's `m` key cycles through: both LeNets, AlexNet at a quarter
  /// of its width on 67×67 inputs (a minute an epoch here), and the full AlexNet on 227×227
  /// (2 to 3 images a second on two cores, hours an epoch on all of MNIST: for the patient).
  public static let models = [
    ModelChoice(name: "lenet5"), ModelChoice(name: "lenet5-modern"),
    ModelChoice(name: "alexnet", width: 0.25, inputSize: 67), ModelChoice(name: "alexnet"),
  ]

  /// "lenet5", "alexnet ×0.25 67px", "alexnet 227px": AlexNet always says its input size, so
  /// the full model and the small one are never confused on screen.
  public var modelName: String {
    if ModelFile.isModelFile(model.name) { return model.name.fileName }
    var s = model.name
    if let w = model.width, w != 1 { s += " ×\(NumberFormat.compact(w))" }
    if let size = model.inputSize ?? (model.name.hasPrefix("alexnet") ? (try? model.spec())?.input.h : nil) {
      s += " \(size)px"
    }
    return s
  }

  /// A short name for files: "lenet5-mnist", "alexnet-w0.25-s67-fashion-mnist".
  public var fileStem: String {
    // A model file's name without its folder and extension: a path would put slashes in runs/.
    var s = ModelFile.isModelFile(model.name)
      ? String(model.name.fileName.dropLast(ModelFile.fileExtension.count)) : model.name
    if let w = model.width, w != 1 { s += "-w\(NumberFormat.compact(w))" }
    if let size = model.inputSize { s += "-s\(size)" }
    let data = transfer.map { "fashion-mnist-n\($0.examples)-\($0.arm.rawValue)" } ?? dataset.rawValue
    return s + "-" + data
  }

  /// One line for the screen and the runs list: the choices that differ from the recipe.
  public var summary: String {
    var parts = [modelName, transfer == nil ? dataset.rawValue : "fashion-mnist"]
    if let t = transfer { parts.append("N=\(t.examples)"); parts.append(t.arm.title) }
    if let epochs { parts.append("\(epochs) epoch\(epochs == 1 ? "" : "s")") }
    if let learningRate { parts.append("lr \(NumberFormat.compact(Double(learningRate)))") }
    if let momentum { parts.append("momentum \(NumberFormat.compact(Double(momentum)))") }
    if let weightDecay { parts.append("wd \(NumberFormat.compact(Double(weightDecay)))") }
    if let batchSize { parts.append("batch \(batchSize)") }
    parts.append("seed \(seed)")
    if let limit { parts.append("first \(limit) images") }
    if let augment { parts.append(augment.isEmpty ? "no augmentation" : "augment \(augment.joined(separator: ","))") }
    if let activation { parts.append("\(activation.rawValue) hidden layers") }
    if let dropout { parts.append("dropout \(NumberFormat.compact(Double(dropout)))") }
    if let pooling { parts.append("\(pooling.rawValue) pooling") }
    if let initialization { parts.append("\(initialization.rawValue) init") }
    if let weights { parts.append("from \(weights)") }
    if let freeze, !freeze.isEmpty { parts.append("frozen \(freeze.joined(separator: ","))") }
    if let resume { parts.append(resume == Self.latestCheckpoint ? "resumed" : "resumed from \(resume)") }
    return parts.joined(separator: " · ")
  }

}
