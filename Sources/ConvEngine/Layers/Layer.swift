/// One trainable tensor with its gradient, addressed by its contract name (`C1.weight`).
///
/// Replicas of a network for data-parallel training share `value` storage and keep their
/// own `grad`; the trainer sums the gradients before the optimiser step.
public final class Parameter: @unchecked Sendable {
  /// `<layer>.weight`, `<layer>.bias`, … as in the weights contract (README).
  public let name: String
  /// Logical shape in the contract's layout, e.g. conv weights `[out, in/groups, kh, kw]`.
  public let dims: [Int]
  /// The values (flat, `dims` product elements).
  public var value: Tensor
  /// d(loss)/d(value), accumulated by `backward` and cleared by the trainer; empty after
  /// `releaseGradient()` until `allocateGradient()`.
  public private(set) var grad: Tensor
  /// Whether weight decay applies (weights yes, biases and LeNet's coefficients no).
  public let decays: Bool
  /// 1 where the value may be non-zero, 0 where a connection table forbids it (C3).
  public let mask: [Float]?

  public init(name: String, dims: [Int], decays: Bool, mask: [Float]? = nil) {
    let count = dims.reduce(1, *)
    self.name = name
    self.dims = dims
    self.value = Tensor(zeros: Shape(n: count, c: 1, h: 1, w: 1))
    self.grad = Tensor(zeros: Shape(n: count, c: 1, h: 1, w: 1))
    self.decays = decays
    self.mask = mask
  }

  public var count: Int { value.count }

  /// Frees the gradient (as large as the values: 244 MB for AlexNet) once a run has ended.
  public func releaseGradient() { grad = Tensor(zeros: Shape(n: 0, c: 1, h: 1, w: 1)) }

  /// Gives back a zeroed gradient after `releaseGradient()` (nothing to do otherwise).
  public func allocateGradient() {
    if grad.count != count { grad = Tensor(zeros: Shape(n: count, c: 1, h: 1, w: 1)) }
  }

  /// Zeroes the entries the mask forbids (after loading or initialising).
  public func applyMask() {
    guard let mask else { return }
    let p = value.pointer
    for i in 0..<count where mask[i] == 0 { p[i] = 0 }
  }
}

/// The layer contract every layer kind implements: forward, exact backward, parameters.
///
/// Output and gradient tensors live in the layer's own reusable buffers and stay valid until
/// the layer's next forward or backward call.
public protocol Layer: AnyObject {
  /// What this layer is: name, kind and hyper-parameters.
  var spec: LayerSpec { get }
  /// Per-sample input shape (batch dimension 1).
  var inputShape: Shape { get }
  /// Per-sample output shape (batch dimension 1).
  var outputShape: Shape { get }
  /// Trainable (and fixed) tensors of this layer, in contract order.
  var parameters: [Parameter] { get }
  /// Computes the output for a batch, caching what backward needs.
  func forward(_ x: Tensor, training: Bool) -> Tensor
  /// Given d(loss)/d(output), adds into parameter gradients and returns d(loss)/d(input)
  /// when `needInputGradient` (the first layer skips that work).
  func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor?
  /// Frees the buffers sized by the batch (outputs, gradients, what backward caches); the
  /// next forward or backward allocates them again. A run that has ended calls this so its
  /// network keeps only its parameters.
  func releaseBuffers()
}

/// Layers whose output is an activation of a pre-activation they keep (for the inspector).
public protocol PreActivationProviding: Layer {
  var preActivation: Tensor? { get }
}
