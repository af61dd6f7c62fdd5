import ConvEngine

/// A model's totals as the Compare screen shows them, taken from `ModelSpec.shapeTable()`.
public struct ModelSummary: Equatable, Sendable {
  /// Catalog name, e.g. `lenet5`.
  public var model: String
  /// Human title, e.g. `LeNet-5 (LeCun et al., 1998)`.
  public var title: String
  /// Input shape per image as channels, height, width.
  public var input: [Int]
  /// Number of layers in the spec.
  public var layers: Int
  /// Trainable parameters.
  public var parameters: Int
  /// Multiply-accumulates per image.
  public var macs: Int
  /// Float32 bytes of every layer's output (and the input) per image.
  public var activationBytes: Int

  public init(
    model: String, title: String, input: [Int], layers: Int, parameters: Int, macs: Int,
    activationBytes: Int
  ) {
    self.model = model
    self.title = title
    self.input = input
    self.layers = layers
    self.parameters = parameters
    self.macs = macs
    self.activationBytes = activationBytes
  }

  /// The totals of a computed shape table.
  public init(_ table: ShapeTable) {
    self.init(
      model: table.model, title: table.title, input: table.input, layers: table.rows.count,
      parameters: table.totalParameters, macs: table.totalMACs,
      activationBytes: table.totalActivationBytes)
  }
}
