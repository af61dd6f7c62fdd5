/// A built model: the layers of a `ModelSpec` with their parameters and buffers.
///
/// A network is used by one thread at a time. Data-parallel training makes `replica()`s
/// that share parameter values and own their buffers and gradients.
public final class Network: @unchecked Sendable {
  public let spec: ModelSpec
  public let layers: [any Layer]
  /// Outputs of the last forward pass, one per layer (valid until the next pass).
  public private(set) var outputs: [Tensor] = []
  /// The last forward pass's input.
  public private(set) var lastInput: Tensor?

  /// Allocates the layers for `spec`; weights are zero until `initialize` or loading.
  public init(spec: ModelSpec, dropoutSeed: UInt64 = 0) throws {
    self.spec = spec
    var shape = spec.input
    var built: [any Layer] = []
    for (index, layer) in spec.layers.enumerated() {
      let (_, next) = try ModelSpec.row(for: layer, input: shape, model: spec.name)
      switch layer.kind {
      case .conv(let c): built.append(Conv2D(spec: layer, conv: c, input: shape))
      case .subsample(let w): built.append(Subsampling(spec: layer, window: w, input: shape))
      case .pool(let kind, let size, let stride):
        built.append(Pool2D(spec: layer, kind: kind, size: size, stride: stride, input: shape))
      case .adaptiveAvgPool(let oh, let ow): built.append(AdaptiveAvgPool(spec: layer, outH: oh, outW: ow, input: shape))
      case .lrn(let size, let alpha, let beta, let k):
        built.append(LocalResponseNorm(spec: layer, size: size, alpha: alpha, beta: beta, k: k, input: shape))
      case .fc(let outputs): built.append(FullyConnected(spec: layer, outputs: outputs, input: shape))
      case .dropout(let p):
        built.append(Dropout(spec: layer, p: p, input: shape, seed: dropoutSeed &+ UInt64(index) &* 0x9E37_79B9))
      case .flatten: built.append(Flatten(spec: layer, input: shape))
      case .rbf(let classes): built.append(RBFOutput(spec: layer, classes: classes, input: shape))
      }
      shape = next
    }
    layers = built
    let shared = Scratch()
    for case let conv as Conv2D in layers { conv.scratch = shared }
  }

  /// Threads each big layer may use for its own loops (1 for LeNet replicas; the cores for AlexNet).
  public var intraOpThreads = 1 {
    didSet { for case let layer as MultithreadedLayer in layers { layer.threads = intraOpThreads } }
  }

  /// Trainable parameters in layer order.
  public var parameters: [Parameter] { layers.flatMap { $0.parameters } }

  /// Everything saved in a checkpoint: trainable parameters plus fixed tensors (RBF prototypes).
  public var savedParameters: [Parameter] {
    layers.flatMap { layer -> [Parameter] in
      if let rbf = layer as? RBFOutput { return rbf.fixedParameters }
      return layer.parameters
    }
  }

  /// Total trainable values.
  public var parameterCount: Int {
    // Entries a connection table forbids (C3's 36 missing kernels) are not free parameters.
    parameters.reduce(0) { $0 + ($1.mask.map { m in m.lazy.filter { $0 != 0 }.count } ?? $1.count) }
  }

  /// Index of the layer called `name`.
  public func layerIndex(named name: String) -> Int? { layers.firstIndex { $0.spec.name == name } }

  /// Runs the batch through every layer; returns the scores (logits or RBF penalties).
  @discardableResult
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    lastInput = x
    var h = x
    outputs.removeAll(keepingCapacity: true)
    for (i, layer) in layers.enumerated() {
      let t0 = profiling ? Benchmark.now() : 0
      h = layer.forward(h, training: training)
      if profiling { forwardSeconds[i] += Benchmark.now() - t0 }
      outputs.append(h)
    }
    return h
  }

  /// Back-propagates d(loss)/d(scores), accumulating every parameter's gradient.
  ///
  /// `observe`, when given, is shown d(loss)/d(output of layer i) for every layer, top layer
  /// first, just before that layer's own backward runs (the tensor lives in a layer buffer:
  /// copy what you keep). `layerGradients(for:label:)` reads the per-layer maps this way, so
  /// there is one backward pass, not a second one for inspection.
  public func backward(_ dscores: Tensor, observe: ((Int, Tensor) -> Void)? = nil) {
    // Gradients freed by a run that ended (`Trainer.releaseBuffers`) come back first.
    for layer in layers { for p in layer.parameters { p.allocateGradient() } }
    var g = dscores
    for i in stride(from: layers.count - 1, through: 0, by: -1) {
      observe?(i, g)
      let t0 = profiling ? Benchmark.now() : 0
      let next = layers[i].backward(g, needInputGradient: i > 0)
      if profiling { backwardSeconds[i] += Benchmark.now() - t0 }
      guard let next else { break }
      g = next
    }
  }

  /// When true, forward and backward add each layer's wall time to the totals below.
  public var profiling = false {
    didSet { if profiling { resetProfile() } }
  }
  /// Seconds spent in each layer's forward / backward since profiling was switched on.
  public private(set) var forwardSeconds: [Double] = []
  public private(set) var backwardSeconds: [Double] = []

  /// Clears the per-layer timings.
  public func resetProfile() {
    forwardSeconds = Array(repeating: 0, count: layers.count)
    backwardSeconds = Array(repeating: 0, count: layers.count)
  }

  /// Frees every buffer sized by the batch: each layer's outputs and caches and the shared
  /// im2col scratch (the parameters and their gradients stay). The next pass allocates
  /// again what it needs.
  public func releaseBuffers() {
    for layer in layers { layer.releaseBuffers() }
    outputs = []
    lastInput = nil
  }

  /// Clears every gradient.
  public func zeroGradients() { for p in parameters { p.grad.zero() } }

  /// A second network with the same spec whose parameters *share* this one's values.
  public func replica(dropoutSeed: UInt64) throws -> Network {
    let r = try Network(spec: spec, dropoutSeed: dropoutSeed)
    for (mine, theirs) in zip(savedParameters, r.savedParameters) { theirs.value = mine.value }
    return r
  }
}
