/// How a model's output is read and trained.
public enum OutputHead: Sendable, Hashable {
  /// Scores are logits: softmax cross-entropy loss, largest wins.
  case softmax
  /// Scores are RBF penalties: the paper's MAP criterion with constant `j`, smallest wins.
  case rbf(j: Float)
}

/// How raw dataset pixels become the network's input.
public enum InputPreprocessing: String, Sendable, Hashable {
  /// LeNet-5: pad 28×28 to 32×32 with background, map background → −0.1 and ink → 1.175.
  case leNetPad32
  /// AlexNet: RGB scaled to [0, 1], minus the ImageNet mean, over its standard deviation;
  /// greyscale datasets are resized to the input and copied into all three channels.
  case imageNet
}

/// How weights start.
public enum InitScheme: String, Sendable, Hashable, CaseIterable {
  /// Uniform in ±2.4/Fᵢ (Fᵢ = fan-in), LeCun 1998 Appendix A.
  case lecun
  /// Kaiming/He normal, std √(2/Fᵢ), for ReLU networks.
  case he
  /// He normal weights, but every bias 0 and the output layer's weights 0: the first
  /// scores are all 0, so the first loss is ln(classes) (2.30 for 10). He's √(2/Fᵢ) keeps a
  /// ReLU layer's output scale only when pre-activations are centred on 0; AlexNet's biases
  /// of 1 push them positive, the ReLUs then pass nearly everything and the scale grows layer
  /// by layer (measured on the full AlexNet at 227 px: logits of RMS 12.6 and a first loss
  /// of 20.7 with `he`). The recipe for the full-size AlexNet starts from this.
  case heZero = "he-zero"
  /// AlexNet paper: N(0, 0.01²) weights, biases as each layer's `initialBias`.
  case alexnet
}

/// The data a model is meant for, as a model file's `dataset` line says.
public enum ModelData: Sendable, Hashable {
  /// A dataset convscope trains and tests on: train, evaluate and the workbench use it
  /// unless told otherwise.
  case dataset(DatasetKind)
  /// Colour photos, resized to the input (the workbench starts on the sample photos). There
  /// is no photo training set here, so a run needs a dataset named for it.
  case photos
}

/// A whole model as a value: input, layers, output head. Shapes, parameter counts and MACs
/// come from `shapeTable()` without allocating; `build` allocates a `Network`.
public struct ModelSpec: Sendable, Hashable {
  public var name: String
  public var title: String
  /// Per-sample input shape (n = 1).
  public var input: Shape
  public var layers: [LayerSpec]
  public var head: OutputHead
  public var classes: Int
  public var preprocessing: InputPreprocessing
  public var defaultInit: InitScheme
  /// Notes printed under the summary (e.g. where 224 vs 227 comes from).
  public var notes: [String]
  /// The base model name without width/size suffixes (`alexnet` for `alexnet@0.25`).
  public var family: String
  /// The data the model is meant for (nil: not said, MNIST).
  public var data: ModelData?

  public init(name: String, title: String, input: Shape, layers: [LayerSpec], head: OutputHead, classes: Int,
              preprocessing: InputPreprocessing, defaultInit: InitScheme, notes: [String] = [], family: String? = nil,
              data: ModelData? = nil) {
    self.name = name
    self.title = title
    self.input = input
    self.layers = layers
    self.head = head
    self.classes = classes
    self.preprocessing = preprocessing
    self.defaultInit = defaultInit
    self.notes = notes
    self.family = family ?? name
    self.data = data
  }

  /// The dataset to train and test on when none is named: the model's `dataset` line, else
  /// MNIST; nil for a model meant for photos, which has none.
  public var defaultDataset: DatasetKind? {
    switch data {
    case .dataset(let kind)?: kind
    case .photos?: nil
    case nil: .mnist
    }
  }
}
