import ConvEngine
import Foundation

/// Performs `ExploreRequest`s on the engine runner's thread. It owns the networks (one per
/// model, built and loaded once) and remembers which input each last ran on, so an inspector
/// request reuses the cached pass instead of recomputing it.
public enum ExploreWork {
  public static func perform(_ request: ExploreRequest) -> ExploreEvent {
    do {
      switch request {
      case .forward(let model, let input, let weights):
        return .forwardFinished(try NetworkCache.shared.trace(model: model, input: input, weights: weights))
      case .explain(let model, let input, let layer, let channel, let y, let x, let width, let weights):
        let lines = try NetworkCache.shared.explain(
          model: model, input: input, layer: layer, channel: channel, y: y, x: x, width: width, weights: weights)
        return .explained(layer: layer, channel: channel, y: y, x: x, lines: lines)
      }
    } catch {
      return .failed(String(describing: error))
    }
  }
}

/// The networks the Explore screen has built, keyed by model name and weights file (a user's
/// weights and the shipped ones are two networks, so switching back is instant). Requests come from one
/// runner thread at a time, but the lock keeps that an assumption we do not depend on.
final class NetworkCache: @unchecked Sendable {
  static let shared = NetworkCache()

  private struct Entry {
    let network: Network
    let weights: String
    let isUntrained: Bool
    /// The user's weights file, when the network holds it.
    var userWeightsFile: String?
    var input: ExploreInput?
    var description = ""
    var classNames: [String]?
  }

  private let lock = NSLock()
  private var entries: [String: Entry] = [:]

  /// Runs the forward pass (unless the cached one is for this input) and prepares the trace.
  func trace(model: String, input: ExploreInput, weights: String? = nil) throws -> ExploreTrace {
    lock.lock()
    defer { lock.unlock() }
    let entry = try ensurePass(model: model, input: input, weights: weights)
    var trace = Self.makeTrace(entry)
    trace.input = input
    trace.userWeightsFile = entry.userWeightsFile
    return trace
  }

  /// The inspector's lines for one value.
  func explain(
    model: String, input: ExploreInput, layer: Int, channel: Int, y: Int, x: Int, width: Int, weights: String? = nil
  ) throws -> [String] {
    lock.lock()
    defer { lock.unlock() }
    let entry = try ensurePass(model: model, input: input, weights: weights)
    guard layer >= 1 else {
      return ["The input itself: value \(String(format: "%.4f", entry.network.lastInput?[0, channel, y, x] ?? 0)).",
              "Step right to a layer to see how its values are computed."]
    }
    let explanation = try Inspector.explain(
      network: entry.network, layer: layer - 1, sample: 0, channel: channel, y: y, x: x)
    return explanation.lines(maxWidth: max(20, width))
  }

  private func ensurePass(model: String, input: ExploreInput, weights: String?) throws -> Entry {
    let key = weights.map { model + "\u{0}" + $0 } ?? model
    var entry = try entries[key] ?? Self.build(model, weights: weights)
    if entry.input != input {
      let assets = try? AssetLocator.assetsDirectory(explicit: nil)
      let (tensor, names, description) = try Self.load(input, for: entry.network.spec, assets: assets)
      entry.network.forward(tensor, training: false)
      entry.input = input
      entry.description = description
      entry.classNames = names ?? Self.classNames(for: entry.network.spec, assets: assets)
    }
    entries[key] = entry
    return entry
  }

  private static func build(_ model: String, weights: String?) throws -> Entry {
    // "alexnet@0.25" is the catalog model at a width multiplier (a quarter of the channels),
    // "alexnet-224px" at another input size.
    guard let name = ExploreModelName(model) else {
      throw ExploreError("unknown model \"\(model)\"; known: \(ModelCatalog.names.joined(separator: ", "))")
    }
    let spec = try name.spec()
    let network = try Network(spec: spec)
    if let weights {
      // Checkpoint errors name the file and the first tensor that does not fit.
      try Checkpoint.load(weights, into: network)
      let file = weights.split(separator: "/").last.map(String.init) ?? weights
      return Entry(network: network, weights: "your weights (\(file))", isUntrained: false, userWeightsFile: weights)
    }
    let assets = try? AssetLocator.assetsDirectory(explicit: nil)
    if let assets, spec.family.hasPrefix("lenet5") {
      let path = assets + "/weights/\(spec.name).safetensors"
      if FileManager.default.fileExists(atPath: path) {
        try Checkpoint.load(path, into: network)
        return Entry(network: network, weights: "trained weights (\(spec.name).safetensors)", isUntrained: false)
      }
    }
    network.initialize(seed: 1)
    return Entry(network: network, weights: "UNTRAINED weights (seeded init, seed 1)", isUntrained: true)
  }

  private static func load(_ input: ExploreInput, for spec: ModelSpec, assets: String?) throws
    -> (Tensor, [String]?, String)
  {
    switch input {
    case .dataset(let kind, let index):
      let r = try InputSource.load("\(kind):test:\(index)", for: spec, assets: assets)
      return (r.tensor, r.classNames, r.description)
    case .photo(let name):
      guard let assets else { throw ExploreError("no assets folder found for the sample photos") }
      let r = try InputSource.load(assets + "/images/\(name)_227.ppm", for: spec, assets: assets)
      return (r.tensor, r.classNames, "photo \(name)")
    case .drawing(let pixels):
      guard spec.preprocessing == .leNetPad32 else {
        throw ExploreError("drawings are 28×28 digits; pick a LeNet-5 model to use them")
      }
      let x = InputEncoder.encode(pixels: pixels, rows: 28, cols: 28, preprocessing: .leNetPad32)
      return (x, nil, "your 28×28 drawing")
    case .transformed(let base, let edits):
      guard spec.preprocessing == .leNetPad32 else {
        throw ExploreError("transforms edit 28×28 digits; pick a LeNet-5 model to use them")
      }
      let pixels = ExploreTransform.apply(edits, to: try rawPixels(base, assets: assets))
      let x = InputEncoder.encode(pixels: pixels, rows: 28, cols: 28, preprocessing: .leNetPad32)
      return (x, nil, input.title)
    case .file(let typed):
      // The same loader as `convscope forward --input FILE`: decoding, resizing and the
      // digit conversion for LeNet-5 are the engine's, and its errors name the file.
      let r = try InputSource.load(try resolvedPath(typed, assets: assets), for: spec, assets: assets)
      return (r.tensor, r.classNames, r.description)
    }
  }

  /// The file a typed path means: `~` is the home folder; a relative path is looked up in
  /// the working directory, and `assets/…` (as lessons write it) also in the assets folder,
  /// so a link works wherever the workbench was started. Dataset references
  /// (`mnist:train:5`) pass through for `InputSource`.
  static func resolvedPath(_ typed: String, assets: String?) throws -> String {
    var path = typed
    if path == "~" || path.hasPrefix("~/") {
      guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else {
        throw ExploreError("\(typed): cannot expand ~ because HOME is not set")
      }
      path = home + path.dropFirst()
    }
    let manager = FileManager.default
    if !path.hasPrefix("/"), !manager.fileExists(atPath: path), path.hasPrefix("assets/"), let assets {
      let rooted = (assets.hasSuffix("/") ? String(assets.dropLast()) : assets) + "/" + path.dropFirst("assets/".count)
      if manager.fileExists(atPath: rooted) { return rooted }
    }
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ExploreError("\(typed): is a folder; type the path of an image file inside it")
    }
    return path
  }

  /// The 28×28 bytes of a digit input, before any encoding, so edits act on what the user sees.
  private static func rawPixels(_ input: ExploreInput, assets: String?) throws -> [UInt8] {
    switch input {
    case .dataset(let kind, let index):
      guard let assets, let dataset = DatasetKind(rawValue: kind) else {
        throw ExploreError("no assets folder found for the \(kind) test images")
      }
      let data = try ImageDataset.loadShared(dataset, split: .test, assetsDirectory: assets)
      guard index < data.count else { throw ExploreError("\(kind) has no test image \(index)") }
      return Array(data.image(index))
    case .drawing(let pixels):
      return pixels
    case .transformed(let base, let edits):
      return ExploreTransform.apply(edits, to: try rawPixels(base, assets: assets))
    case .photo:
      throw ExploreError("photos are not 28×28 digits; transforms need a LeNet-5 input")
    case .file(let typed):
      // The digit LeNet-5 sees (greyscale, light on dark, 28×28), so edits act on that.
      let image = try RGBImage.read(path: try resolvedPath(typed, assets: assets))
      return ImagePreprocessing.digit(from: image, size: 28).pixels
    }
  }

  private static func classNames(for spec: ModelSpec, assets: String?) -> [String]? {
    if spec.classes == 10 { return DatasetKind.mnist.classNames }
    guard spec.classes == 1000, let assets,
      let text = try? String(contentsOfFile: assets + "/imagenet_classes.txt", encoding: .utf8)
    else { return nil }
    let names = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return names.count >= 1000 ? Array(names.prefix(1000)) : nil
  }

  private static func makeTrace(_ entry: Entry) -> ExploreTrace {
    let network = entry.network
    var layers: [ExploreLayerTrace] = []
    if let x = network.lastInput {
      let s = x.shape
      layers.append(ExploreLayerTrace(
        name: "input", kind: "input", channels: s.c, height: s.h, width: s.w,
        values: Array(x.array.prefix(s.c * s.h * s.w))))
    }
    for (layer, out) in zip(network.layers, network.outputs) {
      let s = layer.outputShape
      let count = s.c * s.h * s.w
      var kernels: [Float] = []
      var size = 0
      var kernelChannels = 0
      if case .conv(let conv) = layer.spec.kind, let weight = layer.parameters.first, weight.dims.count == 4 {
        (kernels, kernelChannels) = Self.kernels(weight)
        size = conv.kernel
      }
      layers.append(ExploreLayerTrace(
        name: layer.spec.name, kind: Self.kindName(layer.spec.kind), channels: s.c, height: s.h, width: s.w,
        values: Array(UnsafeBufferPointer(start: out.pointer, count: count)),
        kernels: kernels, kernelSize: size, kernelChannels: kernelChannels))
    }
    var top: [ExploreClass] = []
    if let scores = network.outputs.last {
      let p = Loss.probabilities(scores: scores, head: network.spec.head).first ?? []
      top = p.enumerated().sorted { $0.element > $1.element }.prefix(5).map { i, prob in
        ExploreClass(index: i, name: entry.classNames.flatMap { i < $0.count ? $0[i] : nil } ?? "class \(i)",
                     probability: Double(prob))
      }
    }
    return ExploreTrace(
      model: network.spec.name, title: network.spec.title, weights: entry.weights, isUntrained: entry.isUntrained,
      inputDescription: entry.description, layers: layers, top: top)
  }

  /// A conv weight [out, in, k, k] as per-filter kernels: RGB planes when it reads three
  /// channels (AlexNet conv1), otherwise the mean over input channels (one plane).
  private static func kernels(_ weight: Parameter) -> ([Float], Int) {
    let (out, inC, k) = (weight.dims[0], weight.dims[1], weight.dims[2])
    let w = weight.value.array
    let plane = k * k
    if inC == 3 || inC == 1 { return (Array(w.prefix(out * inC * plane)), inC) }
    var result = [Float](repeating: 0, count: out * plane)
    for o in 0..<out {
      for c in 0..<inC {
        for i in 0..<plane { result[o * plane + i] += w[(o * inC + c) * plane + i] / Float(inC) }
      }
    }
    return (result, 1)
  }

  private static func kindName(_ kind: LayerKind) -> String {
    switch kind {
    case .conv: "conv"
    case .subsample: "subsample"
    case .pool(let p, _, _): "\(p.rawValue)pool"
    case .adaptiveAvgPool: "adaptive-avgpool"
    case .lrn: "lrn"
    case .fc: "fc"
    case .dropout: "dropout"
    case .flatten: "flatten"
    case .rbf: "rbf"
    }
  }
}

/// A one-line error for the user.
struct ExploreError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
