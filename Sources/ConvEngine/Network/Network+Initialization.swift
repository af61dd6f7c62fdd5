extension Network {
  /// Sets every weight and bias from `seed` by `scheme` (same seed → same bits).
  public func initialize(seed: UInt64, scheme: InitScheme? = nil) {
    var rng = SplitMix64(seed: seed)
    let scheme = scheme ?? spec.defaultInit
    // `heZero` silences the layer that makes the softmax scores (the last one, fully connected).
    let silenced = scheme == .heZero && spec.head == .softmax && layers.last is FullyConnected ? layers.last : nil
    for layer in layers {
      let params = layer.parameters
      guard params.count == 2 else { continue }
      let weight = params[0], bias = params[1]
      let w = weight.value.pointer, b = bias.value.pointer
      if layer is Subsampling {
        // One coefficient per map: start as a plain 2×2 sum scaled into the tanh's linear
        // range (≈ average pooling), which trains reliably; biases at zero.
        for i in 0..<weight.count { w[i] = 0.25 + rng.uniform(-0.05, 0.05) }
        for i in 0..<bias.count { b[i] = 0 }
        continue
      }
      switch scheme {
      case .lecun:
        let rowLength = weight.count / weight.dims[0]
        for i in 0..<weight.count {
          let r = 2.4 / Float(Self.fanIn(of: layer, output: i / rowLength))
          w[i] = rng.uniform(-r, r)
        }
        for i in 0..<bias.count { b[i] = layer.spec.initialBias }
      case .he, .heZero:
        let rowLength = weight.count / weight.dims[0]
        for i in 0..<weight.count {
          let std = (2 / Float(Self.fanIn(of: layer, output: i / rowLength))).squareRoot()
          w[i] = std * rng.normal()
        }
        if let silenced, layer === silenced { weight.value.zero() }
        for i in 0..<bias.count { b[i] = scheme == .heZero ? 0 : layer.spec.initialBias }
      case .alexnet:
        for i in 0..<weight.count { w[i] = 0.01 * rng.normal() }
        for i in 0..<bias.count { b[i] = layer.spec.initialBias }
      }
      weight.applyMask()
    }
  }

  /// Inputs feeding output unit `output` (for C3, only that map's connected S2 maps count).
  static func fanIn(of layer: any Layer, output: Int) -> Int {
    switch layer.spec.kind {
    case .conv(let c):
      let kk = c.kernel * c.kernel
      if let t = c.table { return max(1, t.inputs(of: output).count * kk) }
      return layer.inputShape.c / c.groups * kk
    case .fc: return layer.inputShape.perSample
    case .subsample(let w): return w * w
    default: return 1
    }
  }
}
