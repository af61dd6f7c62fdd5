/// Saves and loads a network's parameters as safetensors, by the weights contract
/// (`<layer>.weight` / `<layer>.bias`, Float32, conv [out, in/groups, kh, kw], FC [out, in]).
public enum Checkpoint {
  /// The tensors of `network` in contract order.
  public static func tensors(of network: Network) -> [NamedTensor] {
    network.savedParameters.map { NamedTensor(name: $0.name, shape: $0.dims, values: $0.value.array) }
  }

  /// Writes the network's parameters atomically (temporary file, then rename).
  public static func save(_ network: Network, to path: String, metadata: [String: String] = [:]) throws {
    var meta = metadata
    meta["model"] = network.spec.name
    meta["format"] = "convscope-weights-1"
    try SafeTensors.write(tensors(of: network), metadata: meta, to: path)
  }

  /// Loads `path` into `network`, after checking every name and shape against the model.
  ///
  /// Every trainable parameter must be present with exactly the expected shape; fixed tensors
  /// (the RBF prototypes) are taken from the file when present. Unknown names are rejected,
  /// naming the first mismatch, so a file for another model cannot half-load.
  public static func load(_ path: String, into network: Network) throws {
    let file = try SafeTensors.read(path: path)
    try apply(file, source: path, to: network)
  }

  /// How many classes the weights in `file` were trained for: the output count of `spec`'s
  /// last fully connected layer as the file stores it (nil when the file does not have it).
  /// An AlexNet trained on MNIST has a 10-way fc8, not ImageNet's 1000.
  public static func outputClasses(in file: SafeTensorsFile, for spec: ModelSpec) -> Int? {
    guard let last = spec.layers.last(where: { if case .fc = $0.kind { return true } else { return false } }),
      let weight = translatingTorchvisionNames(file)[last.name + ".weight"], weight.shape.count == 2,
      weight.shape[0] > 0
    else { return nil }
    return weight.shape[0]
  }

  /// torchvision's `alexnet` state-dict keys and the contract's layer names they map to.
  public static let torchvisionAlexNetNames: [String: String] = [
    "features.0": "conv1", "features.3": "conv2", "features.6": "conv3", "features.8": "conv4",
    "features.10": "conv5", "classifier.1": "fc6", "classifier.4": "fc7", "classifier.6": "fc8",
  ]

  /// Renames torchvision AlexNet keys (`features.0.weight` …) to the contract's (`conv1.weight` …);
  /// other files pass through unchanged.
  public static func translatingTorchvisionNames(_ file: SafeTensorsFile) -> SafeTensorsFile {
    guard file.tensors.contains(where: { $0.name.hasPrefix("features.") || $0.name.hasPrefix("classifier.") }) else {
      return file
    }
    var out = file
    out.tensors = file.tensors.map { t in
      var t = t
      if let dot = t.name.lastIndex(of: "."), let mapped = torchvisionAlexNetNames[String(t.name[..<dot])] {
        t.name = mapped + t.name[dot...]
      }
      return t
    }
    return out
  }

  /// Names under this prefix hold training state (optimiser velocities, epoch order; see
  /// `TrainerState`), which loading weights skips.
  public static let trainingStatePrefix = "train."

  /// Throws when the file's metadata names another model than `network`'s.
  public static func checkModel(_ metadata: [String: String], source: String, network: Network) throws {
    let model = network.spec.name
    if let declared = metadata["model"], declared != model, declared != network.spec.family {
      throw EngineError(source, "holds weights for model \"\(declared)\", not \"\(model)\"")
    }
  }

  /// Applies an already-decoded file (see `load`); tensors under `trainingStatePrefix` are ignored.
  public static func apply(_ file: SafeTensorsFile, source: String, to network: Network) throws {
    var file = translatingTorchvisionNames(file)
    file.tensors.removeAll { $0.name.hasPrefix(trainingStatePrefix) }
    let model = network.spec.name
    try checkModel(file.metadata, source: source, network: network)
    let expected = network.savedParameters
    let fixed = Set(network.layers.compactMap { ($0 as? RBFOutput)?.prototypes.name })
    let known = Set(expected.map(\.name))
    if let stray = file.tensors.first(where: { !known.contains($0.name) }) {
      throw EngineError(source, "tensor \"\(stray.name)\" is not a parameter of \(model) "
        + "(expected: \(expected.map(\.name).joined(separator: ", ")))")
    }
    for p in expected {
      guard let t = file[p.name] else {
        if fixed.contains(p.name) { continue }
        throw EngineError(source, "tensor \"\(p.name)\" is missing (\(model) needs it with shape \(p.dims))")
      }
      guard t.shape == p.dims else {
        throw EngineError(source, "tensor \"\(p.name)\" has shape \(t.shape) but \(model) expects \(p.dims)")
      }
    }
    for p in expected {
      guard let t = file[p.name] else { continue }
      t.values.withUnsafeBufferPointer { p.value.pointer.update(from: $0.baseAddress!, count: p.count) }
      // C3's unconnected kernels are zero by contract; enforce it rather than trust the file.
      p.applyMask()
    }
  }
}
