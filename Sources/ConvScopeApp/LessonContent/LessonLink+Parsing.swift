import ConvEngine

extension LessonLink {
  /// The scheme every action link starts with.
  public static let scheme = "convscope:"

  /// The keys each screen accepts, in the order `lessons/README.md` lists them.
  public static let keys: [String: [String]] = [
    "explore": ["model", "layer", "input", "map", "width", "inputsize"],
    "train": ["model", "preset", "dataset", "epochs", "lr", "batch", "limit", "width", "inputsize", "augment",
              "activation", "dropout", "init", "weights", "freeze", "transfer"],
    "compare": ["models"],
    "lesson": ["id", "section"],
    "quiz": ["id"],
  ]

  /// Whether a link target is meant for the workbench: a `convscope:` link, or a link to
  /// another lesson file (`03-lenet5.md`, `03-lenet5.md#the-c3-table`). Web links are not.
  public static func isActionTarget(_ target: String) -> Bool {
    target.hasPrefix(scheme) || lessonFileLink(target) != nil
  }

  /// Reads a link target, checking everything that can be checked without files: the
  /// screen, that every key is known for it, numbers, names, that models resolve through
  /// `ModelCatalog` and layers exist in their spec. `LessonLinkContext.resolve` checks the rest.
  public init(parsing target: String) throws {
    if let (id, section) = Self.lessonFileLink(target) {
      self = .lesson(id: id, section: section)
      return
    }
    guard target.hasPrefix(Self.scheme) else {
      throw LessonError(target, "not an action link: it must start with \(Self.scheme) or name a lesson file like 03-lenet5.md")
    }
    let rest = target.dropFirst(Self.scheme.count)
    let screen = String(rest.prefix { $0 != "?" })
    let query = rest.drop { $0 != "?" }.dropFirst()
    guard let allowed = Self.keys[screen] else {
      throw LessonError(target, "unknown screen \"\(screen)\"; known: explore, train, compare, lesson, quiz")
    }
    var q = try LinkQuery(String(query), link: target, allowed: allowed)
    switch screen {
    case "explore": self = .explore(try Self.explore(&q))
    case "train": self = .train(try Self.train(&q))
    case "compare": self = .compare(try Self.compare(&q))
    case "lesson":
      let id = try q.required("id", Self.lessonID)
      let section = try q.optional("section", Self.anchor)
      self = .lesson(id: id, section: section)
    default:
      self = .quiz(id: try q.required("id", Self.lessonID))
    }
  }

  // MARK: - Screens

  private static func explore(_ q: inout LinkQuery) throws -> LessonExplore {
    let (model, spec) = try modelChoice(&q, required: true)
    guard let model else { throw q.error("needs model=NAME") }
    var result = LessonExplore(model: model)
    // A model file's layers are checked against the file by `LessonLinkContext`.
    if let layer = try q.optional("layer", { $0 }) {
      result.layer = try spec.map { try layerName(layer, in: $0, q.link) } ?? layer
    }
    result.input = try q.optional("input", LessonInput.init(parsing:))
    if let map = try q.optional("map", { try integer($0, in: 0...100_000) }) {
      guard let layer = result.layer else { throw q.error("map=\(map) needs layer=NAME to say whose map") }
      if let spec { try checkMap(map, of: layer, in: spec, q.link) }
      result.map = map
    }
    return result
  }

  /// Throws unless `layer` of `spec` has a map numbered `map`.
  static func checkMap(_ map: Int, of layer: String, in spec: ModelSpec, _ link: String) throws {
    let channels = try spec.shapeTable().rows.first { $0.name.lowercased() == layer.lowercased() }?.output[0] ?? 0
    guard map < channels else {
      throw LessonError(link, "map=\(map) is past the last map of \(layer) (it has \(channels), numbered from 0)")
    }
  }

  private static func train(_ q: inout LinkQuery) throws -> LessonTrain {
    let preset = try q.optional("preset") { text in
      guard let p = LessonTrainPreset(rawValue: text) else {
        throw LessonError(text, "unknown preset; known: \(LessonTrainPreset.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      return p
    }
    let (model, named) = try modelChoice(&q, required: preset == nil)
    var t = LessonTrain(model: model, preset: preset)
    // A model file (named nil) is read when the link is checked, not here.
    let spec = try named ?? (model == nil ? t.effectiveModel?.spec() : nil)
    t.dataset = try q.optional("dataset") { text in
      guard let kind = DatasetKind(rawValue: text) else { throw LessonError(text, "unknown dataset; known: mnist, fashion-mnist") }
      return kind
    }
    t.epochs = try q.optional("epochs") { try integer($0, in: 1...100) }
    t.learningRate = try q.optional("lr") { try Float(real($0, in: 1e-7...10)) }
    t.batchSize = try q.optional("batch") { try integer($0, in: 1...4096) }
    t.limit = try q.optional("limit") { try integer($0, in: 1...60_000) }
    t.augment = try q.optional("augment") { text in
      let steps = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      for step in steps where !["crop", "flip", "pca"].contains(step) {
        throw LessonError(text, "unknown augmentation \"\(step)\"; use crop, flip and/or pca, comma-separated")
      }
      return steps
    }
    if t.augment != nil, let spec, !spec.family.hasPrefix("alexnet") {
      throw q.error("augment= applies to the AlexNet models only")
    }
    t.activation = try q.optional("activation") { text in
      guard let a = Activation(rawValue: text), a != .identity else {
        throw LessonError(text, "unknown activation; known: relu, tanh, scaled-tanh, sigmoid")
      }
      return a
    }
    t.dropout = try q.optional("dropout") { try Float(real($0, in: 0...0.99)) }
    if t.dropout != nil, let spec, !spec.layers.contains(where: { if case .dropout = $0.kind { true } else { false } }) {
      throw q.error("dropout= needs a model with dropout layers (\(spec.name) has none)")
    }
    t.initialization = try q.optional("init") { text in
      guard let s = InitScheme(rawValue: text) else { throw LessonError(text, "unknown initialisation; known: lecun, he, he-zero, alexnet") }
      return s
    }
    t.weights = try q.optional("weights") { text in
      try LessonPaths.checkAssetPath(text, extensions: ["safetensors"])
      return text
    }
    t.transfer = try q.optional("transfer") { try integer($0, in: 1...60_000) }
    if t.transfer != nil, let spec, !spec.family.hasPrefix("lenet5") {
      throw q.error("transfer= reuses a shipped LeNet-5's MNIST weights; use model=lenet5 or lenet5-modern")
    }
    let link = q.link
    t.freeze = try q.optional("freeze") { text in
      let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard let spec else { return names }
      return try names.map { try layerName($0, in: spec, link) }
    }
    return t
  }

  private static func compare(_ q: inout LinkQuery) throws -> [ModelChoice] {
    let models = try q.required("models") { text in
      text.split(separator: ",", omittingEmptySubsequences: false).map { ModelChoice(name: String($0)) }
    }
    guard (1...4).contains(models.count) else { throw q.error("models= takes 1 to 4 comma-separated names") }
    for model in models {
      do { _ = try model.spec() } catch { throw q.error("\(error)") }
    }
    return models
  }

  // MARK: - Values

  /// `model`, `width` and `inputsize` together, checked through the catalog.
  private static func modelChoice(_ q: inout LinkQuery, required: Bool) throws -> (ModelChoice?, ModelSpec?) {
    let name = required ? try q.required("model", { $0 }) : try q.optional("model", { $0 })
    let width = try q.optional("width") { try real($0, in: 0.01...4) }
    let size = try q.optional("inputsize") { try integer($0, in: 1...2048) }
    guard let name else {
      if width != nil || size != nil { throw q.error("width= and inputsize= need model=NAME") }
      return (nil, nil)
    }
    if ModelFile.isModelFile(name) {
      if width != nil || size != nil { throw q.error("width= and inputsize= apply to the AlexNet models; a model file sets its own sizes") }
      try LessonPaths.checkModelPath(name)
      return (ModelChoice(name: name), nil)
    }
    let choice = ModelChoice(name: name, width: width, inputSize: size)
    do {
      return (choice, try choice.spec())
    } catch {
      throw q.error("\(error)")
    }
  }

  /// The spec's spelling of a layer name (matched ignoring case).
  private static func layerName(_ text: String, in spec: ModelSpec, _ link: String) throws -> String {
    if let layer = spec.layers.first(where: { $0.name.lowercased() == text.lowercased() }) { return layer.name }
    throw LessonError(link, "\(spec.name) has no layer \"\(text)\"; its layers: \(spec.layers.map(\.name).joined(separator: ", "))")
  }

  static func integer(_ text: String, in range: ClosedRange<Int>) throws -> Int {
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text) else {
      throw LessonError(text, "not a whole number (write digits only, no separators)")
    }
    guard range.contains(n) else { throw LessonError(text, "must be between \(range.lowerBound) and \(range.upperBound)") }
    return n
  }

  static func real(_ text: String, in range: ClosedRange<Double>) throws -> Double {
    guard text.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE-+".contains($0)) }), let x = Double(text), x.isFinite else {
      throw LessonError(text, "not a number")
    }
    guard range.contains(x) else { throw LessonError(text, "must be between \(range.lowerBound) and \(range.upperBound)") }
    return x
  }

  /// `03-lenet5`: two digits, a dash, lower-case letters, digits and dashes.
  static func lessonID(_ text: String) throws -> String {
    guard isLessonID(text) else { throw LessonError(text, "not a lesson id (like 03-lenet5)") }
    return text
  }

  static func isLessonID(_ text: String) -> Bool {
    let chars = Array(text)
    guard chars.count >= 4, chars[0].isASCII, chars[0].isNumber, chars[1].isASCII, chars[1].isNumber, chars[2] == "-"
    else { return false }
    return chars[3...].allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }

  static func anchor(_ text: String) throws -> String {
    guard text.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
      throw LessonError(text, "not a section anchor (lower-case words joined by dashes, as GitHub makes them)")
    }
    return text
  }

  /// `03-lenet5.md` or `./03-lenet5.md#the-c3-table` → ("03-lenet5", "the-c3-table").
  static func lessonFileLink(_ target: String) -> (String, String?)? {
    var text = Substring(target)
    if text.hasPrefix("./") { text = text.dropFirst(2) }
    let file = text.prefix { $0 != "#" }
    let fragment = text.dropFirst(file.count).dropFirst()
    guard file.hasSuffix(".md"), isLessonID(String(file.dropLast(3))) else { return nil }
    if !fragment.isEmpty, (try? anchor(String(fragment))) == nil { return nil }
    return (String(file.dropLast(3)), fragment.isEmpty ? nil : String(fragment))
  }
}

extension LessonInput {
  /// `mnist:test:7`, `fashion-mnist:train:12` or `assets/images/chelsea_227.ppm`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 3 {
      guard let kind = DatasetKind(rawValue: parts[0]) else {
        throw LessonError(text, "unknown dataset \"\(parts[0])\"; known: mnist, fashion-mnist")
      }
      guard let split = DatasetSplit(rawValue: parts[1]) else { throw LessonError(text, "the split must be train or test") }
      self = .dataset(kind, split, index: try LessonLink.integer(parts[2], in: 0...99_999_999))
      return
    }
    try LessonPaths.checkAssetPath(text, extensions: ["ppm", "pgm", "png", "jpg", "jpeg", "safetensors"])
    self = .file(path: text)
  }
}

/// The `key=value&…` part of a link, consumed key by key so leftovers can be reported.
struct LinkQuery {
  let link: String
  private var values: [String: String] = [:]

  init(_ query: String, link: String, allowed: [String]) throws {
    self.link = link
    guard !query.isEmpty else { return }
    for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
      let key = String(pair.prefix { $0 != "=" })
      let raw = pair.dropFirst(key.count)
      guard raw.first == "=", raw.count > 1 else {
        throw LessonError(link, "\"\(pair)\" is not key=value")
      }
      guard allowed.contains(key) else {
        throw LessonError(link, "unknown key \"\(key)\" for this screen; known: \(allowed.joined(separator: ", "))")
      }
      guard values[key] == nil else { throw LessonError(link, "key \"\(key)\" is given twice") }
      guard let value = Self.percentDecoded(String(raw.dropFirst())) else {
        throw LessonError(link, "bad %-escape in the value of \(key)")
      }
      values[key] = value
    }
  }

  func error(_ problem: String) -> LessonError { LessonError(link, problem) }

  mutating func required<T>(_ key: String, _ parse: (String) throws -> T) throws -> T {
    guard let value = try optional(key, parse) else { throw error("needs \(key)=…") }
    return value
  }

  mutating func optional<T>(_ key: String, _ parse: (String) throws -> T) throws -> T? {
    guard let text = values.removeValue(forKey: key) else { return nil }
    do {
      return try parse(text)
    } catch let e as LessonError {
      throw error("\(key)=\(e.subject): \(e.problem)")
    }
  }

  /// `%2C` → `,`; nil for a broken escape.
  static func percentDecoded(_ text: String) -> String? {
    guard text.contains("%") else { return text }
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let b = utf8.popFirst() {
      if b == UInt8(ascii: "%") {
        guard utf8.count >= 2, let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
        bytes.append(v)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }
}

/// Paths in links are written from the package root (`assets/images/x.ppm`) so they read the
/// same on GitHub; the workbench re-roots them at whatever assets folder it found.
public enum LessonPaths {
  /// Throws unless `path` is `assets/…` with no `..` and one of `extensions`.
  static func checkAssetPath(_ path: String, extensions: [String]) throws {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count >= 2, parts[0] == "assets", !parts.contains(".."), !parts.contains("") else {
      throw LessonError(path, "must be a file under assets/, written as assets/…/NAME (or DATASET:SPLIT:INDEX)")
    }
    let ext = parts.last.map { $0.split(separator: ".").last.map { $0.lowercased() } ?? "" } ?? ""
    guard extensions.contains(ext) else {
      throw LessonError(path, "must end in .\(extensions.joined(separator: ", ."))")
    }
  }

  /// Throws unless `path` is `lessons/models/NAME.convnet`: lessons ship their model files
  /// there, and a link never reaches outside the lessons folder.
  static func checkModelPath(_ path: String) throws {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "lessons", parts[1] == "models", parts[2] != "..", ModelFile.isModelFile(path) else {
      throw LessonError(path, "a model file in a link must be in lessons/models/, written as lessons/models/NAME.convnet")
    }
  }

  /// `lessons/models/x.convnet` under the lessons folder in use → `<lessons>/models/x.convnet`.
  public static func underLessons(_ path: String, lessonsDirectory: String) -> String {
    guard path.hasPrefix("lessons/") else { return path }
    let folder = lessonsDirectory.hasSuffix("/") ? String(lessonsDirectory.dropLast()) : lessonsDirectory
    return folder + "/" + path.dropFirst("lessons/".count)
  }

  /// `assets/images/x.ppm` under an assets folder found elsewhere → `<assets>/images/x.ppm`.
  public static func underAssets(_ path: String, assetsDirectory: String) -> String? {
    guard path.hasPrefix("assets/") else { return nil }
    let folder = assetsDirectory.hasSuffix("/") ? String(assetsDirectory.dropLast()) : assetsDirectory
    return folder + "/" + path.dropFirst("assets/".count)
  }
}
