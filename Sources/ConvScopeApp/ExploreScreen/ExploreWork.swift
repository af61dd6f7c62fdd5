import ConvEngine
import Foundation
import TerminalUI

/// Performs `ExploreRequest`s on the engine runner's thread, with the networks of the
/// session's `NetworkCache` (one per model, built and loaded once, each remembering which
/// input it last ran on, so an inspector request reuses the cached pass).
public enum ExploreWork {
  static func perform(_ request: ExploreRequest, networks: NetworkCache) -> ExploreEvent {
    do {
      switch request {
      case .forward(let model, let input, let weights, let spec):
        return .forwardFinished(try networks.trace(model: model, input: input, weights: weights, spec: spec))
      case .explain(let model, let input, let key, let width, let weights):
        do {
          return .explained(try networks.explain(model: model, input: input, key: key, width: width, weights: weights))
        } catch {
          // Said in the explain view, not as a failed pass: the maps on screen are still right.
          return .explained(ExploreExplanation(key: key, width: width, lines: ["could not explain this value: \(error)"],
                                               agrees: false))
        }
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
  /// Where the test images come from (the session's, shared with training).
  private let datasets: DatasetCache
  /// The session's training run, which the live view follows (`ExploreState.liveWeights`).
  private let training: SessionSlot?

  init(datasets: DatasetCache, training: SessionSlot? = nil) {
    self.datasets = datasets
    self.training = training
  }

  private struct Entry {
    let network: Network
    let weights: String
    let isUntrained: Bool
    /// The user's weights file, when the network holds it.
    var userWeightsFile: String?
    var input: ExploreInput?
    var description = ""
    var classNames: [String]?
    /// The dataset the weights were trained on (their metadata), when they say.
    var weightsDataset: String?
    var trueLabel: Int?
    /// The live entry: the run and step its weights are from, and the pass's gradient maps.
    var liveRun: Int?
    var liveStep: Int?
    var liveFinal = false
    var ratios: [UpdateRatio] = []
    var gradients: LayerGradients?
  }

  private let lock = NSLock()
  private var entries: [String: Entry] = [:]

  /// Runs the forward pass (unless the cached one is for this input) and prepares the trace.
  /// `weights` `ExploreState.liveWeights` runs the training run's newest weights instead.
  func trace(model: String, input: ExploreInput, weights: String? = nil, spec: ModelSpec? = nil) throws -> ExploreTrace {
    lock.lock()
    defer { lock.unlock() }
    let entry = weights == ExploreState.liveWeights
      ? try livePass(input: input, refresh: true)
      : try ensurePass(model: model, input: input, weights: weights, spec: spec)
    var trace = Self.makeTrace(entry)
    trace.input = input
    trace.requestedModel = model
    trace.userWeightsFile = entry.userWeightsFile
    if ModelFile.isModelFile(model), weights != ExploreState.liveWeights { trace.modelFileSpec = entry.network.spec }
    return trace
  }

  /// The explanation of one value, its text laid out for `width` columns with nothing left
  /// out that fits a scrolled view: every input map, every product, every class.
  func explain(
    model: String, input: ExploreInput, key: ExploreValueKey, width: Int, weights: String? = nil
  ) throws -> ExploreExplanation {
    lock.lock()
    defer { lock.unlock() }
    // The live view explains the pass on screen: the weights are not refreshed for it.
    let entry = weights == ExploreState.liveWeights
      ? try livePass(input: input, refresh: false) : try ensurePass(model: model, input: input, weights: weights)
    return try Self.explanation(entry.network, key: key, width: width)
  }

  /// Everything the explain view draws for `key`, from the engine's `Inspector`.
  static func explanation(_ network: Network, key: ExploreValueKey, width: Int) throws -> ExploreExplanation {
    let w = max(24, width)
    guard key.layer >= 1 else {
      let value = network.lastInput.map { x -> Float in
        let s = x.shape
        guard key.channel < s.c, key.y < s.h, key.x < s.w else { return .nan }
        return x.pointer[(key.channel * s.h + key.y) * s.w + key.x]
      } ?? .nan
      return ExploreExplanation(
        key: key, width: w,
        lines: ["input map \(key.channel) at row \(key.y), col \(key.x): \(String(format: "%.4f", value))"]
          + TextWrapper.wrap("The input is data, not computed. Step right (i closes this view, then →) to a layer to see how "
            + "its values are made.", width: w),
        imageField: FieldSpan(rows: key.y...key.y, cols: key.x...key.x), source: "the network input")
    }
    let index = key.layer - 1
    let layers = network.layers
    // Full explanations: the view scrolls, so nothing needs to be cut.
    let limits = ExplanationLimits(maps: 4096, gridRows: 64, extraMapSums: 4096, terms: 400)
    let explanation = try Inspector.explain(network: network, layer: index, sample: 0, channel: key.channel, y: key.y,
                                            x: key.x, keepTerms: 400)
    var lines = explanation.wrappedLines(width: w, limits: limits)
    var agrees = explanation.comparisons.allSatisfy { $0.agrees() }
    let layer = layers[index]
    let previousName = index == 0 ? "input" : layers[index - 1].spec.name
    var maps: [Int] = []
    var mapLines: [Int?] = []
    var source = ""
    var field: FieldSpan? = Inspector.inputSpan(of: layer, rows: key.y...key.y, cols: key.x...key.x)
    switch explanation {
    case .conv(let c):
      maps = c.inputMaps
      mapLines = maps.map { m in lines.firstIndex { $0.hasPrefix("\(c.inputName) map \(m):") } }
      if c.usesTable {
        source = "reads \(c.inputMaps.count) of \(c.inputShape.c) \(previousName) maps (Table I): \(c.inputMaps.map(String.init).joined(separator: ", "))"
      } else if let g = c.group {
        source = "group \(g + 1) of \(c.groups): reads \(previousName) maps \(c.inputMaps.first ?? 0)…\(c.inputMaps.last ?? 0)"
      } else {
        source = "reads all \(c.inputMaps.count) \(previousName) maps"
      }
    case .pool(let p):
      maps = [key.channel]
      source = "reads one \(p.rows.count)×\(p.cols.count) window of \(previousName) map \(key.channel)"
    case .lrn(let l):
      maps = l.neighbours
      source = "reads \(previousName) maps \(l.neighbours.first ?? 0)…\(l.neighbours.last ?? 0) at the same position"
    case .fc(let f):
      source = "reads all \(f.fanIn.grouped) values of \(f.sourceName)"
      field = nil
    case .rbf:
      source = "compares all \(layer.inputShape.perSample) \(previousName) outputs with class \(key.channel)'s prototype"
      field = nil
    case .passThrough, .softmax:
      source = "passes \(previousName) on unchanged"
    }
    // The output layer also gets the softmax that turns its scores into probabilities.
    if index == layers.count - 1 {
      let soft = try Inspector.explain(network: network, layer: layers.count, sample: 0, channel: key.channel, y: 0, x: 0)
      lines += [""] + soft.wrappedLines(width: w, limits: limits)
      agrees = agrees && soft.comparisons.allSatisfy { $0.agrees() }
    }
    let image = Inspector.imageField(network: network, layer: index, y: key.y, x: key.x)
    return ExploreExplanation(
      key: key, width: w, lines: lines, previousMaps: maps, mapLines: mapLines, previousField: field, imageField: image,
      source: source, agrees: agrees)
  }

  private func ensurePass(model: String, input: ExploreInput, weights: String?, spec: ModelSpec? = nil) throws -> Entry {
    let key = weights.map { model + "\u{0}" + $0 } ?? model
    // A model file edited since its network was built: the new version starts afresh.
    if let spec, let cached = entries[key], cached.network.spec != spec { entries[key] = nil }
    var entry = try entries[key] ?? Self.build(model, weights: weights, spec: spec)
    if entry.input != input {
      let assets = try? AssetLocator.assetsDirectory(explicit: nil)
      let (tensor, names, description) = try load(input, for: entry.network.spec, assets: assets)
      entry.network.forward(tensor, training: false)
      entry.input = input
      entry.description = description
      entry.trueLabel = try? label(of: input, assets: assets)
      // Names come from what the weights learnt: MNIST weights call a shoe a digit.
      let trained = entry.weightsDataset.flatMap { DatasetKind(rawValue: $0) }
      if let trained, trained.classNames.count == entry.network.spec.classes {
        entry.classNames = trained.classNames
      } else {
        entry.classNames = names ?? ImageNetClasses.names(forClasses: entry.network.spec.classes, assets: assets)
      }
    }
    entries[key] = entry
    return entry
  }

  /// The live entry's pass on `input`: with the run's newest weights when `refresh` (a new
  /// step or another run reruns the pass), then forward and back from the loss, so every
  /// layer has its gradient map.
  private func livePass(input: ExploreInput, refresh: Bool) throws -> Entry {
    let key = ExploreState.liveWeights
    var entry = entries[key]
    if refresh || entry == nil {
      guard let session = training?.session, let snapshot = session.liveWeights() else {
        throw ExploreError("no training run to follow: start one on the Train screen (2), then press R here")
      }
      if entry?.network.spec != snapshot.spec || entry?.liveRun != snapshot.runID {
        let network = try Network(spec: snapshot.spec)
        entry = Entry(network: network, weights: "run \(snapshot.runID)", isUntrained: false,
                      weightsDataset: snapshot.dataset)
        entry?.classNames = snapshot.classNames
      }
      let latest = snapshot.latest
      if entry?.liveStep != latest.step || entry?.liveRun != snapshot.runID || entry?.liveFinal != latest.isFinal {
        // The step actually loaded: the worker may have copied a newer one since `latest`.
        let loaded = snapshot.load(into: entry!.network)
        entry?.liveRun = snapshot.runID
        entry?.liveStep = loaded.step
        entry?.liveFinal = loaded.isFinal
        entry?.ratios = loaded.ratios
        entry?.input = nil  // new weights: the pass must run again
      }
    }
    guard var entry else { throw ExploreError("no training run to follow") }
    if entry.input != input {
      let assets = try? AssetLocator.assetsDirectory(explicit: nil)
      let (tensor, _, description) = try load(input, for: entry.network.spec, assets: assets)
      entry.trueLabel = try? label(of: input, assets: assets)
      // Forward, then back from the loss against the true label (the prediction when there
      // is none): the maps of what this image asks of every layer.
      // On one core: the run being followed keeps both busy, and an OpenMP team woken here
      // would spin on the other after each product, taking time from the training it shows.
      let (network, trueLabel) = (entry.network, entry.trueLabel)
      entry.gradients = BLAS.withThreads(1) {
        let scores = network.forward(tensor, training: false)
        let label = trueLabel ?? Loss.predictions(scores: scores, head: network.spec.head).first ?? 0
        return network.layerGradients(for: tensor, label: label)
      }
      entry.input = input
      entry.description = description
    }
    entries[key] = entry
    return entry
  }

  private static func build(_ model: String, weights: String?, spec fileSpec: ModelSpec? = nil) throws -> Entry {
    if ModelFile.isModelFile(model) { return try buildModelFile(model, weights: weights, spec: fileSpec) }
    // "alexnet@0.25" is the catalog model at a width multiplier (a quarter of the channels),
    // "alexnet-224px" at another input size.
    guard let name = ModelChoice(model) else {
      throw ExploreError("unknown model \"\(model)\"; known: \(ModelCatalog.names.joined(separator: ", "))")
    }
    let assets = try? AssetLocator.assetsDirectory(explicit: nil)
    if let weights {
      // `assets:weights/…` is a file shipped in the assets folder (the trained small AlexNets).
      let shipped = weights.hasPrefix(Self.assetsPrefix)
      var path = weights
      if shipped {
        guard let assets else { throw ExploreError("no assets folder found for \(weights.dropFirst(Self.assetsPrefix.count))") }
        path = assets + "/" + weights.dropFirst(Self.assetsPrefix.count)
      }
      let file = try SafeTensors.read(path: path)
      // An AlexNet trained here on a 28×28 dataset has that dataset's 10 classes, not 1,000.
      let dataset = file.metadata["dataset"]
      let classes = dataset.flatMap { DatasetKind(rawValue: $0) }.map { $0.classNames.count }
      let network = try Network(spec: try name.spec(classes: name.name.hasPrefix("alexnet") ? classes : nil))
      // Checkpoint errors name the file and the first tensor that does not fit.
      try Checkpoint.apply(file, source: path, to: network)
      let fileName = path.fileName
      return Entry(network: network, weights: shipped ? "trained weights (\(fileName))" : "your weights (\(fileName))",
                   isUntrained: false, userWeightsFile: shipped ? nil : path, weightsDataset: dataset)
    }
    let spec = try name.spec()
    let network = try Network(spec: spec)
    if let assets, spec.family.hasPrefix("lenet5") {
      let path = assets + "/weights/\(spec.name).safetensors"
      if FileManager.default.fileExists(atPath: path) {
        let file = try SafeTensors.read(path: path)
        try Checkpoint.apply(file, source: path, to: network)
        return Entry(network: network, weights: "trained weights (\(spec.name).safetensors)", isUntrained: false,
                     weightsDataset: file.metadata["dataset"] ?? "mnist")
      }
    }
    network.initialize(seed: 1)
    return Entry(network: network, weights: "UNTRAINED weights (seeded init, seed 1)", isUntrained: true)
  }

  /// A model file's network: seeded, or with the user's weights (shipped weights belong to
  /// the built-in models, whatever the file calls its model).
  private static func buildModelFile(_ path: String, weights: String?, spec: ModelSpec?) throws -> Entry {
    let network = try Network(spec: try spec ?? ModelFile.read(path: path))
    guard let weights, !weights.hasPrefix(Self.assetsPrefix) else {
      network.initialize(seed: 1)
      return Entry(network: network, weights: "UNTRAINED weights (seeded init, seed 1)", isUntrained: true)
    }
    let file = try SafeTensors.read(path: weights)
    try Checkpoint.apply(file, source: weights, to: network)
    let fileName = weights.fileName
    return Entry(network: network, weights: "your weights (\(fileName))", isUntrained: false, userWeightsFile: weights,
                 weightsDataset: file.metadata["dataset"])
  }

  /// The prefix of a weights path that names a file under the assets folder.
  static let assetsPrefix = "assets:"

  private func load(_ input: ExploreInput, for spec: ModelSpec, assets: String?) throws
    -> (Tensor, [String]?, String)
  {
    switch input {
    case .dataset(let kind, let index):
      let r = try InputSource.load("\(kind):test:\(index)", for: spec, assets: assets, datasets: datasets)
      return (r.tensor, r.classNames, r.description)
    case .photo(let name):
      guard let assets else { throw ExploreError("no assets folder found for the sample photos") }
      let r = try InputSource.load(assets + "/images/\(name)_227.ppm", for: spec, assets: assets, datasets: datasets)
      return (r.tensor, r.classNames, "photo \(name)")
    case .drawing(let pixels):
      // A digit goes in as the training data did: padded for LeNet-5, resized into three
      // channels for an AlexNet trained on the digits.
      let x = InputEncoder.encode(pixels: pixels, rows: 28, cols: 28, preprocessing: spec.preprocessing, input: spec.input)
      return (x, nil, "your 28×28 drawing")
    case .transformed(let base, let edits):
      if case .photo = base { throw ExploreError("transforms edit 28×28 digits, not photos") }
      let pixels = ExploreTransform.apply(edits, to: try rawPixels(base, assets: assets))
      let x = InputEncoder.encode(pixels: pixels, rows: 28, cols: 28, preprocessing: spec.preprocessing, input: spec.input)
      return (x, nil, input.title)
    case .file(let typed):
      // The same loader as `convscope forward --input FILE`: decoding, resizing and the
      // digit conversion for LeNet-5 are the engine's, and its errors name the file.
      let r = try InputSource.load(try Self.resolvedPath(typed, assets: assets), for: spec, assets: assets, datasets: datasets)
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
  private func rawPixels(_ input: ExploreInput, assets: String?) throws -> [UInt8] {
    switch input {
    case .dataset(let kind, let index):
      guard let assets, let dataset = DatasetKind(rawValue: kind) else {
        throw ExploreError("no assets folder found for the \(kind) test images")
      }
      let data = try datasets.dataset(dataset, split: .test, assetsDirectory: assets)
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
      let image = try RGBImage.read(path: try Self.resolvedPath(typed, assets: assets))
      return ImagePreprocessing.digit(from: image, size: 28).pixels
    }
  }

  /// The label of a dataset input (edited or not); nil for drawings, photos and files.
  private func label(of input: ExploreInput, assets: String?) throws -> Int? {
    guard case .dataset(let kind, let index) = input.base, let assets, let dataset = DatasetKind(rawValue: kind) else {
      return nil
    }
    let data = try datasets.dataset(dataset, split: .test, assetsDirectory: assets)
    return index < data.count ? Int(data.labels[index]) : nil
  }

  /// What kind of input this is, to compare with the weights' dataset.
  private static func kind(of input: ExploreInput) -> String {
    switch input.base {
    case .dataset(let kind, _): kind
    case .photo: "photo"
    case .drawing: "drawing"
    case .file, .transformed: "file"
    }
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
      var connections: [[Int]] = []
      var full: [Float] = []
      var groups = 1
      if case .conv(let conv) = layer.spec.kind, let weight = layer.parameters.first, weight.dims.count == 4 {
        (kernels, kernelChannels) = Self.kernels(weight)
        size = conv.kernel
        groups = conv.groups
        let inC = layer.inputShape.c, perGroup = inC / conv.groups, outPerGroup = conv.outChannels / conv.groups
        connections = (0..<conv.outChannels).map { o in
          conv.table?.inputs(of: o) ?? Array((o / outPerGroup * perGroup)..<((o / outPerGroup + 1) * perGroup))
        }
        // Small layers (LeNet-5's C1 and C3) keep every kernel for the out × in matrix.
        if conv.outChannels * inC <= 16 * 6 {
          let w = weight.value.array, plane = size * size
          for o in 0..<conv.outChannels {
            for m in connections[o] {
              let local = m - o / outPerGroup * perGroup
              full += w[((o * perGroup + local) * plane)..<((o * perGroup + local + 1) * plane)]
            }
          }
        }
      }
      var trace = ExploreLayerTrace(
        name: layer.spec.name, kind: Self.kindName(layer.spec.kind), channels: s.c, height: s.h, width: s.w,
        values: Array(UnsafeBufferPointer(start: out.pointer, count: count)),
        kernels: kernels, kernelSize: size, kernelChannels: kernelChannels)
      trace.connections = connections
      // An RGB filter is one kernel of k×k×3 (the paper's count); elsewhere a k×k plane per
      // connection (C3: Table I's 60).
      trace.kernelCount = kernelChannels == 3 ? connections.count : connections.reduce(0) { $0 + $1.count }
      trace.fullKernels = full
      trace.groups = groups
      layers.append(trace)
    }
    var top: [ExploreClass] = []
    var probabilities: [Double] = []
    var scores: [Float] = []
    if let last = network.outputs.last {
      let p = Loss.probabilities(scores: last, head: network.spec.head).first ?? []
      probabilities = p.map(Double.init)
      scores = Array(UnsafeBufferPointer(start: last.pointer, count: network.spec.classes))
      top = p.enumerated().sorted { $0.element > $1.element }.prefix(5).map { i, prob in
        ExploreClass(index: i, name: entry.classNames.flatMap { i < $0.count ? $0[i] : nil } ?? "class \(i)",
                     probability: Double(prob))
      }
    }
    var trace = ExploreTrace(
      model: network.spec.name, title: network.spec.title, weights: entry.weights, isUntrained: entry.isUntrained,
      inputDescription: entry.description, layers: layers, top: top)
    trace.probabilities = probabilities
    trace.scores = scores
    trace.classNames = entry.classNames ?? (0..<network.spec.classes).map { "class \($0)" }
    trace.trueLabel = entry.trueLabel
    trace.weightsDataset = entry.weightsDataset
    trace.inputKind = entry.input.map(Self.kind(of:))
    trace.parameterCount = network.parameterCount
    if let gradients = entry.gradients, let run = entry.liveRun, let step = entry.liveStep {
      for (i, g) in gradients.gradients.enumerated() where i + 1 < trace.layers.count {
        trace.layers[i + 1].gradient = g.array
      }
      trace.live = ExploreLive(runID: run, step: step, isFinal: entry.liveFinal, label: gradients.label,
                               loss: gradients.loss, ratios: entry.ratios)
    }
    if let x = network.lastInput, x.shape.c == 3, network.spec.preprocessing == .imageNet {
      trace.inputRGB = ImagePreprocessing.image(from: x, sample: 0).pixels
    }
    if let rbf = network.layers.last as? RBFOutput {
      trace.scoresAreDistances = true
      trace.prototypes = rbf.prototypes.value.array
      let inputs = rbf.inputShape.perSample
      trace.prototypeWidth = inputs == 84 ? 7 : 0
    }
    return trace
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
