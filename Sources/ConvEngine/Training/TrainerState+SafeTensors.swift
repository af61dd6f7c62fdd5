import Foundation

/// How a `TrainerState` lives in a safetensors checkpoint, beside the weights.
///
/// The weights keep their contract names, so `Checkpoint.load` (forward, evaluate) reads the
/// file like any weights file and skips the rest. Everything else sits under `train.`:
/// tensors `train.velocity.<parameter>` and `train.order` (image indices as exact floats),
/// and metadata strings — integers and generator states in decimal, floats in Swift's
/// shortest round-trip form, the event log as JSON.
extension TrainerState {
  /// Prefix of every tensor and metadata key that belongs to the training state.
  public static let prefix = Checkpoint.trainingStatePrefix
  /// Marks a file holding training state (the value versions the layout).
  public static let formatKey = "train.format"
  public static let format = "convscope-train-1"

  /// Whether `file` holds training state (otherwise it is a plain weights file).
  public static func isPresent(in file: SafeTensorsFile) -> Bool { file.metadata[formatKey] != nil }

  /// The state as the tensors and metadata of a checkpoint file (plus `metadata` as given).
  public func file(metadata extra: [String: String] = [:]) throws -> SafeTensorsFile {
    guard order.count <= 1 << 24 else {
      // Float32 holds every integer up to 2^24 exactly; the shipped sets are far smaller.
      throw EngineError("training state", "cannot save an epoch order of \(order.count) images (limit 16,777,216)")
    }
    var tensors = weights
    if !order.isEmpty { tensors.append(NamedTensor(name: "train.order", shape: [order.count], values: order.map(Float.init))) }
    for v in velocities { tensors.append(NamedTensor(name: "train.velocity." + v.name, shape: v.shape, values: v.values)) }
    var meta = metadata.merging(extra) { _, new in new }
    meta[Self.formatKey] = Self.format
    meta["train.step"] = "\(step)"
    meta["train.epoch"] = "\(epoch)"
    meta["train.cursor"] = "\(cursor)"
    meta["train.seconds"] = "\(trainingSeconds)"
    meta["train.rng.shuffler"] = "\(shuffler)"
    meta["train.rng.augment"] = augmentation.map { "\($0)" }.joined(separator: ",")
    for d in dropout { meta["train.rng.dropout.\(d.replica).\(d.layer)"] = "\(d.state)" }
    if let rbfJ { meta["train.rbf_j"] = "\(rbfJ)" }
    for (key, value) in Self.encode(config) { meta["train.config." + key] = value }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    meta["train.events"] = String(decoding: try encoder.encode(events), as: UTF8.self)
    return SafeTensorsFile(tensors: tensors, metadata: meta)
  }

  /// Reads the state back from a checkpoint file; `source` names it in errors.
  ///
  /// A plain weights file (no `train.format`) is rejected with a message saying it can only
  /// be used as weights.
  public init(file: SafeTensorsFile, source: String) throws {
    guard Self.isPresent(in: file) else {
      throw EngineError(source, "has no training state; it can only be used as --weights")
    }
    guard file.metadata[Self.formatKey] == Self.format else {
      throw EngineError(source, "holds training state in format \"\(file.metadata[Self.formatKey] ?? "")\", "
        + "which this version cannot read (it reads \"\(Self.format)\")")
    }
    let reader = MetadataReader(metadata: file.metadata, source: source)
    config = try Self.decodeConfig(reader)
    step = try reader.integer("train.step")
    epoch = try reader.integer("train.epoch")
    cursor = try reader.integer("train.cursor")
    trainingSeconds = try reader.number("train.seconds", as: Double.self)
    shuffler = try reader.unsigned("train.rng.shuffler")
    augmentation = try reader.list("train.rng.augment").map { try reader.parse($0, key: "train.rng.augment", as: UInt64.self) }
    rbfJ = try file.metadata["train.rbf_j"].map { _ in try reader.number("train.rbf_j", as: Float.self) }
    dropout = []
    let dropoutPrefix = "train.rng.dropout."
    for key in file.metadata.keys.sorted() where key.hasPrefix(dropoutPrefix) {
      let rest = key.dropFirst(dropoutPrefix.count)
      guard let dot = rest.firstIndex(of: "."), let replica = Int(rest[..<dot]) else {
        throw EngineError(source, "metadata key \"\(key)\" does not name a replica and a layer")
      }
      dropout.append(.init(replica: replica, layer: String(rest[rest.index(after: dot)...]), state: try reader.unsigned(key)))
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      events = try decoder.decode([TrainerEvent].self, from: Data((file.metadata["train.events"] ?? "[]").utf8))
    } catch {
      throw EngineError(source, "the training event log (metadata \"train.events\") is not readable")
    }
    weights = file.tensors.filter { !$0.name.hasPrefix(Self.prefix) }
    velocities = file.tensors.compactMap { t in
      guard t.name.hasPrefix("train.velocity.") else { return nil }
      return NamedTensor(name: String(t.name.dropFirst("train.velocity.".count)), shape: t.shape, values: t.values)
    }
    order = []
    if let saved = file["train.order"] {
      order.reserveCapacity(saved.values.count)
      for value in saved.values {
        guard value.isFinite, value >= 0, value < Float(1 << 24), value == value.rounded() else {
          throw EngineError(source, "tensor \"train.order\" holds \(value), which is not an image index")
        }
        order.append(Int(value))
      }
      guard Set(order).count == order.count else {
        throw EngineError(source, "tensor \"train.order\" lists an image twice")
      }
    }
    metadata = file.metadata.filter { !$0.key.hasPrefix(Self.prefix) }
    try validate(source: source)
  }

  /// Reads a checkpoint with training state from `path`.
  public static func read(path: String) throws -> TrainerState {
    try TrainerState(file: SafeTensors.read(path: path), source: path)
  }

  /// The settings as metadata strings (keys without the `train.config.` prefix).
  static func encode(_ c: TrainingConfig) -> [String: String] {
    var out = [
      "epochs": "\(c.epochs)", "batch_size": "\(c.batchSize)", "learning_rate": "\(c.learningRate)",
      "momentum": "\(c.momentum)", "weight_decay": "\(c.weightDecay)", "schedule": c.schedule.description,
      "seed": "\(c.seed)", "threads": "\(c.threads)",
    ]
    if let scheme = c.initScheme { out["init"] = scheme.rawValue }
    if !c.frozenLayers.isEmpty { out["frozen_layers"] = c.frozenLayers.sorted().joined(separator: ",") }
    if let a = c.augmentation {
      out["augmentation"] = encode(augmentation: a)
      if let pca = a.pcaColor {
        // The components in full, so colour statistics fitted to another data set come back too.
        let numbers = pca.eigenvalues + pca.eigenvectors.flatMap { $0 } + [pca.alphaStd]
        out["augmentation_pca"] = numbers.map { "\($0)" }.joined(separator: ",")
      }
    }
    return out
  }

  static func decodeConfig(_ reader: MetadataReader) throws -> TrainingConfig {
    var c = TrainingConfig()
    c.epochs = try reader.integer("train.config.epochs")
    c.batchSize = try reader.integer("train.config.batch_size")
    c.learningRate = try reader.number("train.config.learning_rate", as: Float.self)
    c.momentum = try reader.number("train.config.momentum", as: Float.self)
    c.weightDecay = try reader.number("train.config.weight_decay", as: Float.self)
    let schedule = try reader.string("train.config.schedule")
    guard let parsed = LRSchedule(schedule) else { throw reader.invalid("train.config.schedule", schedule) }
    c.schedule = parsed
    c.seed = try reader.unsigned("train.config.seed")
    c.threads = try reader.integer("train.config.threads")
    if let name = reader.metadata["train.config.init"] {
      guard let scheme = InitScheme(rawValue: name) else { throw reader.invalid("train.config.init", name) }
      c.initScheme = scheme
    }
    c.frozenLayers = Set(try reader.list("train.config.frozen_layers", optional: true))
    if let words = reader.metadata["train.config.augmentation"] {
      var a = Augmentation.off
      for word in words.split(separator: ",") {
        switch word {
        case "crop": a.randomCrop = true
        case "flip": a.flip = true
        case "none": break
        case "pca":
          let key = "train.config.augmentation_pca"
          let n = try reader.list(key).map { try reader.parse($0, key: key, as: Float.self) }
          guard n.count == 13 else { throw reader.invalid(key, reader.metadata[key] ?? "") }
          a.pcaColor = PCAColor(eigenvalues: Array(n[0..<3]), eigenvectors: [Array(n[3..<6]), Array(n[6..<9]), Array(n[9..<12])],
                                alphaStd: n[12])
        default: throw reader.invalid("train.config.augmentation", words)
        }
      }
      c.augmentation = a
    }
    return c
  }
}

/// Typed reads of checkpoint metadata strings, with errors naming the file and the key.
struct MetadataReader {
  let metadata: [String: String]
  let source: String

  func invalid(_ key: String, _ value: String) -> EngineError {
    EngineError(source, "metadata \"\(key)\" = \"\(value)\" is not valid training state")
  }

  func string(_ key: String) throws -> String {
    guard let value = metadata[key] else { throw EngineError(source, "training state lacks metadata \"\(key)\"") }
    return value
  }

  func parse<T: LosslessStringConvertible>(_ text: some StringProtocol, key: String, as: T.Type) throws -> T {
    guard let value = T(String(text)) else { throw invalid(key, String(text)) }
    return value
  }

  func integer(_ key: String) throws -> Int { try parse(try string(key), key: key, as: Int.self) }
  func unsigned(_ key: String) throws -> UInt64 { try parse(try string(key), key: key, as: UInt64.self) }
  func number<T: LosslessStringConvertible>(_ key: String, as type: T.Type) throws -> T {
    try parse(try string(key), key: key, as: type)
  }

  /// A comma-separated list (empty text: no items; absent and `optional`: no items).
  func list(_ key: String, optional: Bool = false) throws -> [String] {
    if optional && metadata[key] == nil { return [] }
    return try string(key).split(separator: ",").map(String.init)
  }
}
