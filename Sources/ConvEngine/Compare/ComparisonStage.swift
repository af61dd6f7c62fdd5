/// What a stage of a network does, for lining two networks up.
public enum StageRole: String, Sendable, Codable, Hashable {
  /// The input image.
  case input
  /// A convolution with the pooling / normalisation that follows it ("conv block").
  case features
  /// A fully connected layer, or a convolution acting as one, with what follows it.
  case classifier
}

/// What one layer does inside a stage; layers of the same role are put on one line.
public enum LayerRole: String, Sendable, Codable, Hashable {
  case input
  /// A convolution that slides over its input (it has spatial extent left to cover).
  case conv
  /// A fully connected layer, the RBF output, or a convolution whose kernel covers its whole input.
  case fc
  /// Max / average pooling, LeNet-5's trainable sub-sampling, adaptive average pooling.
  case pool
  /// Local response normalisation.
  case norm
  case dropout
  /// Flatten: changes the shape, not the values.
  case reshape
}

/// One line of the side-by-side table: a layer of each model in the same role, or a layer
/// that only one of them has (the other side is nil).
public struct ComparisonLine: Sendable, Codable, Hashable {
  public var role: LayerRole
  public var left: ShapeRow?
  public var right: ShapeRow?

  public init(role: LayerRole, left: ShapeRow?, right: ShapeRow?) {
    self.role = role
    self.left = left
    self.right = right
  }
}

/// A stage of both models side by side: e.g. "conv block 1" = C1+S2 vs conv1+lrn1+pool1.
public struct ComparisonStage: Sendable, Codable, Hashable {
  public var role: StageRole
  /// "input", "conv block 2", "hidden FC 1", "output".
  public var label: String
  public var lines: [ComparisonLine]
  /// Why this alignment holds when it is not obvious (e.g. C5 is a convolution in the paper).
  public var notes: [String]

  public init(role: StageRole, label: String, lines: [ComparisonLine], notes: [String] = []) {
    self.role = role
    self.label = label
    self.lines = lines
    self.notes = notes
  }

  /// The left model's layers in this stage, in order.
  public var leftRows: [ShapeRow] { lines.compactMap(\.left) }
  /// The right model's layers in this stage, in order.
  public var rightRows: [ShapeRow] { lines.compactMap(\.right) }

  /// Trainable parameters of the stage on each side.
  public var parameters: (left: Int, right: Int) {
    (leftRows.reduce(0) { $0 + $1.parameters }, rightRows.reduce(0) { $0 + $1.parameters })
  }

  /// Multiply-accumulates per image of the stage on each side.
  public var macs: (left: Int, right: Int) {
    (leftRows.reduce(0) { $0 + $1.macs }, rightRows.reduce(0) { $0 + $1.macs })
  }

  /// Bytes of layer outputs per image of the stage on each side.
  public var activationBytes: (left: Int, right: Int) {
    (leftRows.reduce(0) { $0 + $1.activationBytes }, rightRows.reduce(0) { $0 + $1.activationBytes })
  }
}
