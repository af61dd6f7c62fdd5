/// How many layers of each kind a model has, so "LeNet-5 has 7 layers, AlexNet 8" can be
/// shown to count different things (facts.md §2.13).
public struct LayerCounts: Sendable, Codable, Hashable {
  /// Convolutions, by the layer's kind (LeNet-5's C5 counts here, as in the paper).
  public var convolution: Int
  /// Fully connected layers, including LeNet-5's RBF output.
  public var fullyConnected: Int
  /// Pooling, sub-sampling and adaptive pooling layers.
  public var pooling: Int
  public var normalisation: Int
  public var dropout: Int

  /// Layers with weights: AlexNet's "8 learned layers" convention (LeNet-5: 5).
  public var weightLayers: Int { convolution + fullyConnected }
  /// Weight layers plus pooling and normalisation: LeNet-5's "7 layers" convention (AlexNet: 13).
  public var withPoolingAndNormalisation: Int { weightLayers + pooling + normalisation }

  init(_ spec: ModelSpec) {
    var counts = (conv: 0, fc: 0, pool: 0, norm: 0, dropout: 0)
    for layer in spec.layers {
      switch layer.kind {
      case .conv: counts.conv += 1
      case .fc, .rbf: counts.fc += 1
      case .subsample, .pool, .adaptiveAvgPool: counts.pool += 1
      case .lrn: counts.norm += 1
      case .dropout: counts.dropout += 1
      case .flatten: break
      }
    }
    convolution = counts.conv
    fullyConnected = counts.fc
    pooling = counts.pool
    normalisation = counts.norm
    dropout = counts.dropout
  }
}

/// One of the two compared models: identity and totals, all from its shape table.
public struct ComparedModel: Sendable, Codable, Hashable {
  public var name: String
  public var title: String
  public var family: String
  /// Per-image input shape [C, H, W].
  public var input: [Int]
  /// Trainable parameters (the shape table's total).
  public var parameters: Int
  /// Multiply-accumulates per image.
  public var macs: Int
  /// Float32 bytes of the input plus every layer's output, per image.
  public var activationBytes: Int
  /// Non-trainable stored values (LeNet-5's RBF prototypes).
  public var fixedValues: Int
  /// Trainable parameters in the classifier stages (FC layers and LeNet-5's C5).
  public var classifierParameters: Int
  public var layerCounts: LayerCounts

  /// Share of the parameters that sit in the classifier.
  public var classifierShare: Double { parameters == 0 ? 0 : Double(classifierParameters) / Double(parameters) }

  init(spec: ModelSpec, table: ShapeTable, classifierParameters: Int) {
    name = spec.name
    title = spec.title
    family = spec.family
    input = table.input
    parameters = table.totalParameters
    macs = table.totalMACs
    activationBytes = table.totalActivationBytes
    fixedValues = table.rows.reduce(0) { $0 + $1.fixedValues }
    self.classifierParameters = classifierParameters
    layerCounts = LayerCounts(spec)
  }
}

/// How much bigger the right model is than the left, for each measure (right ÷ left).
public struct ComparisonRatios: Sendable, Codable, Hashable {
  public var parameters: Double
  public var macs: Double
  public var activationBytes: Double

  init(left: ComparedModel, right: ComparedModel) {
    parameters = Double(right.parameters) / Double(max(left.parameters, 1))
    macs = Double(right.macs) / Double(max(left.macs, 1))
    activationBytes = Double(right.activationBytes) / Double(max(left.activationBytes, 1))
  }
}

/// The same ratios with one side replaced by its sibling variant (the other LeNet-5), because
/// quoted ratios ("≈1,700× the compute") depend on which LeNet-5 is meant.
public struct VariantRatios: Sendable, Codable, Hashable {
  /// The model put in place of one side.
  public var variant: String
  /// Whether it replaced the left side (else the right).
  public var replacesLeft: Bool
  public var parameters: Int
  public var macs: Int
  public var ratios: ComparisonRatios
}
