/// Two models side by side (by default LeNet-5 and AlexNet): aligned stages with each layer's
/// output shape, parameters, MACs and activation memory; totals and ratios; design choices;
/// and, when measured, time per image on this machine with the projection to a 1.2 M-image
/// epoch. Every number is computed from the model definitions or measured by the engine.
///
/// A value (Codable), so a screen can show it and `convscope compare --json` can print it.
/// Ratios are right ÷ left: with the defaults, how many times AlexNet is LeNet-5.
public struct ModelComparison: Sendable, Codable, Hashable {
  public var left: ComparedModel
  public var right: ComparedModel
  /// How stages and layers are lined up (see `StageAlignment`).
  public var alignmentRule: String
  /// Input, conv blocks from the input, classifier stages from the output.
  public var stages: [ComparisonStage]
  public var ratios: ComparisonRatios
  /// The ratios against the other LeNet-5 variant, when one side is a LeNet-5 and the other is not.
  public var variantRatios: [VariantRatios]
  /// Derived from the definitions first, then the papers' training facts (with sources).
  public var designChoices: [DesignChoice]
  /// Measured speeds; nil until measured (`measureTiming`) or when timing was skipped.
  public var timing: ComparisonTiming?

  /// The default pair: the 1998 LeNet-5 and the 2012 AlexNet.
  public static let defaultModels = ("lenet5", "alexnet")

  /// Compares two catalog models by name (any two of `ModelCatalog.names`).
  public static func named(_ left: String = defaultModels.0, _ right: String = defaultModels.1) throws -> ModelComparison {
    try ModelComparison(left: try ModelCatalog.spec(named: left), right: try ModelCatalog.spec(named: right))
  }

  /// Builds the comparison from two specs, without timing.
  public init(left leftSpec: ModelSpec, right rightSpec: ModelSpec) throws {
    let leftTable = try leftSpec.shapeTable(), rightTable = try rightSpec.shapeTable()
    let leftGroups = StageAlignment.group(leftSpec, table: leftTable)
    let rightGroups = StageAlignment.group(rightSpec, table: rightTable)
    stages = StageAlignment.stages(left: leftGroups, right: rightGroups)
    let classifier = stages.filter { $0.role == .classifier }
    left = ComparedModel(spec: leftSpec, table: leftTable,
                         classifierParameters: classifier.reduce(0) { $0 + $1.parameters.left })
    right = ComparedModel(spec: rightSpec, table: rightTable,
                          classifierParameters: classifier.reduce(0) { $0 + $1.parameters.right })
    alignmentRule = StageAlignment.rule
    ratios = ComparisonRatios(left: left, right: right)
    variantRatios = try Self.variantRatios(left: left, right: right)
    designChoices = DesignChoice.all(left: leftSpec, right: rightSpec)
    timing = nil
  }

  /// Measures both models with the engine and stores the result in `timing`.
  /// `leftSpec`/`rightSpec` must be the specs this comparison was built from.
  public mutating func measureTiming(left leftSpec: ModelSpec, right rightSpec: ModelSpec,
                                     options: TimingOptions = TimingOptions()) throws {
    guard leftSpec.name == left.name, rightSpec.name == right.name else {
      throw EngineError("compare", "timing specs \(leftSpec.name)/\(rightSpec.name) do not match \(left.name)/\(right.name)")
    }
    timing = try ComparisonTiming.measure(left: leftSpec, right: rightSpec, options: options)
  }

  /// LeNet-5 variants and their siblings.
  private static let siblings = ["lenet5": "lenet5-modern", "lenet5-modern": "lenet5"]

  private static func variantRatios(left: ComparedModel, right: ComparedModel) throws -> [VariantRatios] {
    let leftSibling = siblings[left.family], rightSibling = siblings[right.family]
    // Only when exactly one side is a LeNet-5: swapping a side of lenet5 vs lenet5-modern says nothing new.
    switch (leftSibling, rightSibling) {
    case (let sibling?, nil):
      let spec = try ModelCatalog.spec(named: sibling)
      let table = try spec.shapeTable()
      let model = ComparedModel(spec: spec, table: table, classifierParameters: 0)
      return [VariantRatios(variant: spec.name, replacesLeft: true, parameters: model.parameters, macs: model.macs,
                            ratios: ComparisonRatios(left: model, right: right))]
    case (nil, let sibling?):
      let spec = try ModelCatalog.spec(named: sibling)
      let table = try spec.shapeTable()
      let model = ComparedModel(spec: spec, table: table, classifierParameters: 0)
      return [VariantRatios(variant: spec.name, replacesLeft: false, parameters: model.parameters, macs: model.macs,
                            ratios: ComparisonRatios(left: left, right: model))]
    default:
      return []
    }
  }
}

/// Both models' measured speeds and what they mean for ImageNet-sized training.
public struct ComparisonTiming: Sendable, Codable, Hashable {
  public var left: ModelTiming
  public var right: ModelTiming
  public var leftProjection: EpochProjection
  public var rightProjection: EpochProjection
  /// Right ÷ left batch-1 forward time (median).
  public var forwardTimeRatio: Double
  /// Right ÷ left training time per image.
  public var trainTimeRatio: Double
  /// Training speed implied by the paper: 90 × 1.2 M images in 5–6 days (images/s, low and high).
  public var paperImagesPerSecond: [Double]

  /// Measures `left` then `right` with the same options.
  public static func measure(left: ModelSpec, right: ModelSpec, options: TimingOptions) throws -> ComparisonTiming {
    let a = try ModelTiming.measure(left, options: options)
    let b = try ModelTiming.measure(right, options: options)
    let paper = EpochProjection.paperImagesPerSecond
    return ComparisonTiming(
      left: a, right: b, leftProjection: a.projection, rightProjection: b.projection,
      forwardTimeRatio: b.forwardBatch1.median / max(a.forwardBatch1.median, 1e-12),
      trainTimeRatio: b.trainMillisecondsPerImage / max(a.trainMillisecondsPerImage, 1e-12),
      paperImagesPerSecond: [paper.lowerBound, paper.upperBound])
  }
}
