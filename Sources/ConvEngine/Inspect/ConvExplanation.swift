/// One input map's share of a convolution output: the patch under the kernel, the kernel,
/// their elementwise products and the products' sum.
public struct ConvMapTerms: Sendable, Hashable {
  /// The input map's index in the layer input.
  public var channel: Int
  /// k×k input values, row-major; nil where the kernel lies on zero padding.
  public var patch: [Double?]
  /// k×k weights of this (output map, input map) kernel.
  public var kernel: [Double]
  /// patch × kernel, elementwise (0 on padding).
  public var products: [Double]
  /// Σ products.
  public var sum: Double
}

/// How one convolution output comes about: Σ over the connected input maps of
/// patch ⊙ kernel, plus the bias, through the activation.
public struct ConvExplanation: LayerExplanation {
  public var position: ValuePosition
  /// Name of the layer (or "input") whose maps the convolution reads.
  public var inputName: String
  /// Per-sample shape of that input.
  public var inputShape: Shape
  public var kernel: Int
  public var stride: Int
  public var padding: Int
  public var groups: Int
  /// For grouped layers, the output map's group (its input maps are that group's only).
  public var group: Int?
  /// Whether a connection table (LeNet-5's Table I) chose the input maps.
  public var usesTable: Bool
  /// The input maps read, in order: Table I's for C3, the group's for grouped layers.
  public var inputMaps: [Int]
  public var receptiveField: ReceptiveField
  /// Per input map, in `inputMaps` order.
  public var maps: [ConvMapTerms]
  /// Σ of every product over every input map.
  public var sum: Double
  public var bias: Double
  /// sum + bias.
  public var preActivation: Double
  public var activation: Activation
  /// activation(preActivation).
  public var output: Double
  public var enginePreActivation: Float
  public var engineOutput: Float

  public var recomputed: Double { output }
  public var engineValue: Float { engineOutput }
  /// Number of products summed (input maps × k × k, padding included).
  public var termCount: Int { maps.count * kernel * kernel }

  public var comparisons: [ValueComparison] {
    [ValueComparison(name: "pre-activation", recomputed: preActivation, engine: enginePreActivation),
     ValueComparison(name: "output", recomputed: output, engine: engineOutput)]
  }
}
