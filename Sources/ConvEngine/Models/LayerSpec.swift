/// Pooling flavours.
public enum PoolKind: String, Sendable, Hashable {
  case max
  case average
}

/// Hyper-parameters of a convolution.
public struct ConvSpec: Sendable, Hashable {
  public var outChannels: Int
  public var kernel: Int
  public var stride: Int
  public var padding: Int
  public var groups: Int
  /// Input-map connection table (LeNet-5's C3); nil means every map in the group.
  public var table: ConnectionTable?

  public init(outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, groups: Int = 1,
              table: ConnectionTable? = nil) {
    self.outChannels = outChannels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.groups = groups
    self.table = table
  }

  /// Output height and width by the floor rule ⌊(W + 2P − K)/S⌋ + 1.
  public func outputSize(h: Int, w: Int) -> (Int, Int) {
    ((h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1)
  }
}

/// What a layer does, with its hyper-parameters; a value, so models can be described and
/// measured without allocating anything.
public enum LayerKind: Sendable, Hashable {
  /// Convolution (optionally grouped or table-connected) with a fused activation.
  case conv(ConvSpec)
  /// LeNet-5 sub-sampling: coefficient × (sum of a window×window block) + bias, per map.
  case subsample(window: Int)
  /// Max or average pooling, any window and stride (AlexNet overlaps: 3×3 stride 2).
  case pool(PoolKind, size: Int, stride: Int)
  /// Adaptive average pooling to a fixed output size (torchvision AlexNet).
  case adaptiveAvgPool(outH: Int, outW: Int)
  /// Local response normalisation across channels, the AlexNet paper's formula
  /// b = a / (k + α·Σ a²)^β over n adjacent maps (α not divided by n).
  case lrn(size: Int, alpha: Float, beta: Float, k: Float)
  /// Fully connected layer with a fused activation.
  case fc(outputs: Int)
  /// Inverted dropout with drop probability p (identity at inference).
  case dropout(p: Float)
  /// NCHW → (N, C·H·W), free.
  case flatten
  /// LeNet-5's Euclidean RBF output: y_i = Σ_j (x_j − w_ij)², fixed prototypes.
  case rbf(classes: Int)
}

/// One layer of a model: a name from the paper, what it does, and its activation.
public struct LayerSpec: Sendable, Hashable {
  public var name: String
  public var kind: LayerKind
  public var activation: Activation
  /// Initial bias value (the AlexNet paper sets 1 in conv2, conv4, conv5, fc6, fc7).
  public var initialBias: Float

  public init(_ name: String, _ kind: LayerKind, activation: Activation = .identity, initialBias: Float = 0) {
    self.name = name
    self.kind = kind
    self.activation = activation
    self.initialBias = initialBias
  }
}
