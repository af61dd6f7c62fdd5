/// A model file as parsed: the spec, and the line each layer and setting was written on, so
/// shape errors found later can point at them.
struct ParsedModelFile {
  var spec: ModelSpec
  /// `spec.layers[i]` was written on line `layerLines[i]` (1-based).
  var layerLines: [Int]
  /// The line of the `input` setting (0 when the file has none).
  var inputLine: Int
  /// An input the preprocessing cannot fill (a 1-channel input for the 3-channel encoder),
  /// reported after the layers' shape check, whose message says more about a mistyped size.
  var preprocessingProblem: EngineError? = nil
}

/// Reads a model file line by line (linear in its length: one pass, no backtracking), checking
/// every word against the vocabulary; the first problem is thrown as an `EngineError` whose
/// subject is `file:line:column`, with "did you mean" for a misspelt word.
struct ModelFileParser {
  let text: String
  let source: String

  /// A word of a line and the column (1-based, in characters) it starts at.
  struct Word {
    var text: String
    var column: Int
  }

  /// Ranges that keep a typo from asking for gigabytes: far above any network a CPU
  /// workbench trains (AlexNet: 4,096 units, 11×11 kernels, 384 maps), far below what exhausts
  /// memory. The shape check caps the totals.
  static let maxUnits = 65_536
  static let maxWindow = 1_024
  static let maxInputSide = 4_096

  /// The settings, and the layer kinds with the options each takes.
  static let settings = ["model", "title", "input", "preprocess", "init", "head", "note", "dataset"]
  static let kinds: [String: (value: String?, options: [String])] = [
    "conv": ("maps", ["kernel", "stride", "padding", "groups", "table", "activation", "bias"]),
    "subsample": ("window", ["activation", "bias"]),
    "maxpool": ("window", ["stride"]),
    "avgpool": ("window", ["stride"]),
    "adaptive-avgpool": ("HxW", []),
    "lrn": (nil, ["size", "alpha", "beta", "k"]),
    "dropout": ("p", []),
    "flatten": (nil, []),
    "fc": ("units", ["activation", "bias"]),
    "rbf": ("classes", []),
  ]
  static let preprocessings = ["lenet-pad32": InputPreprocessing.leNetPad32, "imagenet": .imageNet]

  func parse() throws -> ParsedModelFile {
    var name: String?
    var title: String?
    var input: (shape: Shape, line: Int)?
    var preprocessing: (InputPreprocessing, line: Int)?
    var initScheme: InitScheme?
    var head: (OutputHead, line: Int)?
    var notes: [String] = []
    var data: (ModelData, line: Int, column: Int)?
    var layers: [LayerSpec] = []
    var layerLines: [Int] = []
    var seenLayers: [String: Int] = [:]
    var seenSettings: [String: Int] = [:]

    var lineNumber = 0
    // "\r\n" is one Character in Swift, so Windows line ends are separators of their own.
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
      lineNumber += 1
      var line = rawLine
      if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
      let words = Self.words(of: line)
      guard let first = words.first else { continue }
      let at = Position(source: source, line: lineNumber)

      if first.text.hasSuffix(":") || words.dropFirst().first?.text == ":" {
        // A layer: NAME: KIND [VALUE] [key=value …]
        let colonApart = !first.text.hasSuffix(":")
        let layerName = colonApart ? first.text : String(first.text.dropLast())
        try Self.checkName(layerName, what: "layer name", at: at.column(first.column))
        if let previous = seenLayers[layerName] {
          throw at.column(first.column).error("layer \(layerName) is already defined on line \(previous); layer names must differ")
        }
        let rest = Array(words.dropFirst(colonApart ? 2 : 1))
        guard let kindWord = rest.first else {
          throw at.column(first.column).error("layer \(layerName) has no kind; write one of \(Self.kindList)")
        }
        let layer = try Self.layer(named: layerName, kind: kindWord, arguments: Array(rest.dropFirst()), at: at)
        seenLayers[layerName] = lineNumber
        layers.append(layer)
        layerLines.append(lineNumber)
        continue
      }

      // A setting: KEY VALUE…
      let key = first.text.lowercased()
      guard Self.settings.contains(key) else {
        throw at.column(first.column).error(
          "unknown setting \"\(first.text)\"\(Self.didYouMean(first.text, in: Self.settings + Array(Self.kinds.keys)))"
            + "; a layer is written NAME: KIND (e.g. \"C1: conv 6 kernel=5\")")
      }
      // Notes may be many, one a line; every other setting is given once.
      if key != "note", let previous = seenSettings[key] {
        throw at.column(first.column).error("\(key) is already set on line \(previous)")
      }
      seenSettings[key] = lineNumber
      let values = Array(words.dropFirst())
      guard let value = values.first else {
        throw at.column(first.column + first.text.count).error("\(key) needs a value")
      }
      func only(_ n: Int = 1) throws {
        if values.count > n { throw at.column(values[n].column).error("\(key) takes \(n) value\(n == 1 ? "" : "s"); \"\(values[n].text)\" is one too many") }
      }
      switch key {
      case "model":
        try only()
        try Self.checkName(value.text, what: "model name", at: at.column(value.column))
        name = value.text
      case "title":
        // The rest of the line, as written.
        title = values.map(\.text).joined(separator: " ")
      case "note":
        notes.append(values.map(\.text).joined(separator: " "))
      case "input":
        try only()
        let dims = try Self.dimensions(value, count: 3, what: "input", example: "1x32x32", at: at)
        guard dims[0] == 1 || dims[0] == 3 else {
          throw at.column(value.column).error("input has \(dims[0]) channels; images have 1 (grey) or 3 (RGB)")
        }
        for side in dims[1...] where side > Self.maxInputSide {
          throw at.column(value.column).error("input side \(side) is over the limit of \(Self.maxInputSide) pixels")
        }
        input = (Shape(n: 1, c: dims[0], h: dims[1], w: dims[2]), lineNumber)
      case "preprocess":
        try only()
        guard let p = Self.preprocessings[value.text.lowercased()] else {
          throw at.column(value.column).error(Self.unknown(value.text, "preprocessing", Self.preprocessings.keys.sorted()))
        }
        preprocessing = (p, lineNumber)
      case "init":
        try only()
        guard let scheme = InitScheme(rawValue: value.text.lowercased()) else {
          throw at.column(value.column).error(Self.unknown(value.text, "initialisation", InitScheme.allCases.map(\.rawValue)))
        }
        initScheme = scheme
      case "dataset":
        try only()
        let word = value.text.lowercased()
        if word == "photos" {
          data = (.photos, lineNumber, value.column)
        } else if let kind = DatasetKind(rawValue: word) {
          data = (.dataset(kind), lineNumber, value.column)
        } else {
          throw at.column(value.column).error(Self.unknown(value.text, "dataset", DatasetKind.allCases.map(\.rawValue) + ["photos"]))
        }
      case "head":
        switch value.text.lowercased() {
        case "softmax":
          try only()
          head = (.softmax, lineNumber)
        case "rbf":
          try only(2)
          var j: Float = 5
          if values.count > 1 {
            let (k, v) = try Self.option(values[1], at: at)
            guard k == "j" else { throw at.column(values[1].column).error("head rbf takes j=NUMBER (the paper's constant, 5), not \"\(k)\"") }
            j = try Self.number(v, of: "j", range: 0...1e6, at: at.column(values[1].column))
          }
          head = (.rbf(j: j), lineNumber)
        default:
          throw at.column(value.column).error(Self.unknown(value.text, "head", ["softmax", "rbf"]))
        }
      default:
        break
      }
    }

    let start = Position(source: source, line: 1)
    guard let name else { throw start.error("the file has no model name; add a line such as \"model my-lenet\"") }
    guard let input else { throw start.error("the file has no input shape; add a line such as \"input 1x32x32\" (channels x height x width)") }
    guard let last = layers.last else { throw start.error("the file has no layers; add lines such as \"C1: conv 6 kernel=5\"") }
    let lastLine = Position(source: source, line: layerLines[layers.count - 1])
    let classes: Int
    switch last.kind {
    case .fc(let outputs): classes = outputs
    case .rbf(let n): classes = n
    default:
      throw lastLine.error("the last layer (\(last.name)) must give the class scores: an fc or rbf layer, e.g. \"output: fc 10\"")
    }
    let outputHead: OutputHead
    switch (last.kind, head) {
    case (.rbf, nil): outputHead = .rbf(j: 5)
    case (.rbf, (.rbf(let j), _)?): outputHead = .rbf(j: j)
    case (.rbf, (_, let line)?):
      throw Position(source: source, line: line).error("head softmax reads logits, but the last layer (\(last.name)) is rbf: use head rbf")
    case (_, (.rbf, let line)?):
      throw Position(source: source, line: line).error("head rbf needs an rbf last layer; \(last.name) is fc (use head softmax, or end with \"output: rbf 10\")")
    default: outputHead = .softmax
    }
    let isLeNetShaped = input.shape.c == 1 && input.shape.h == 32 && input.shape.w == 32
    let prep = preprocessing?.0 ?? (isLeNetShaped ? .leNetPad32 : .imageNet)
    if prep == .leNetPad32, !isLeNetShaped {
      throw Position(source: source, line: preprocessing?.line ?? input.line).error(
        "lenet-pad32 pads 28x28 digits to 1x32x32, but the input is \(Self.shapeText(input.shape)); use input 1x32x32, or input 3x\(input.shape.h)x\(input.shape.w) (imagenet resizes)")
    }
    // The imagenet encoder writes three planes per image (a digit is copied into R, G and B):
    // on a 1-channel input it would write past the batch, so such a file never builds.
    var preprocessingProblem: EngineError?
    if prep == .imageNet, input.shape.c != 3 {
      let size = "\(input.shape.h)x\(input.shape.w)"
      preprocessingProblem = Position(source: source, line: preprocessing?.line ?? input.line).error(
        preprocessing == nil
          ? "a 1-channel input is a 28x28 digit padded to 1x32x32 (lenet-pad32), but the input is \(Self.shapeText(input.shape)); use input 1x32x32, or input 3x\(size) (imagenet resizes the digit and copies it into 3 channels)"
          : "imagenet gives 3 channels (a digit is copied into R, G and B), but the input is \(Self.shapeText(input.shape)); use input 3x\(size), or input 1x32x32 with lenet-pad32")
    }
    if let data, data.0 == .photos, input.shape.c != 3 {
      throw Position(source: source, line: data.line, col: data.column).error(
        "photos are in colour, but the input is \(Self.shapeText(input.shape)); use input 3x\(input.shape.h)x\(input.shape.w) (photos are resized to it)")
    }
    // He's scale is derived for ReLU; LeCun's uniform ±2.4/fan-in suits the squashing units.
    let spec = ModelSpec(
      name: name, title: title ?? name, input: input.shape, layers: layers, head: outputHead, classes: classes,
      preprocessing: prep, defaultInit: initScheme ?? (layers.contains { $0.activation == .relu } ? .he : .lecun),
      notes: notes, data: data?.0)
    return ParsedModelFile(spec: spec, layerLines: layerLines, inputLine: input.line, preprocessingProblem: preprocessingProblem)
  }

  // MARK: - Layers

  private static func layer(named name: String, kind word: Word, arguments: [Word], at: Position) throws -> LayerSpec {
    let kind = word.text.lowercased()
    guard let shape = kinds[kind] else {
      throw at.column(word.column).error(unknown(word.text, "layer kind", kinds.keys.sorted()))
    }
    var rest = arguments[...]
    var value: Word?
    if let needed = shape.value {
      guard let first = rest.first, !first.text.contains("=") else {
        throw at.column((rest.first ?? word).column).error("\(kind) needs its \(needed) first, e.g. \"\(example(kind))\"")
      }
      value = first
      rest = rest.dropFirst()
    }
    var options: [String: (String, Int)] = [:]
    for option in rest {
      let (key, text) = try Self.option(option, at: at)
      guard shape.options.contains(key) else {
        let takes = shape.options.isEmpty ? "\(kind) takes no options" : "\(kind) takes \(shape.options.joined(separator: ", "))"
        throw at.column(option.column).error("unknown option \"\(key)\"\(didYouMean(key, in: shape.options)); \(takes)")
      }
      if options[key] != nil { throw at.column(option.column).error("\(key) is given twice") }
      options[key] = (text, option.column)
    }
    func int(_ key: String, default d: Int, range: ClosedRange<Int>) throws -> Int {
      guard let (text, column) = options[key] else { return d }
      return try Self.integer(text, of: key, range: range, at: at.column(column))
    }
    func float(_ key: String, default d: Float, range: ClosedRange<Float>) throws -> Float {
      guard let (text, column) = options[key] else { return d }
      return try Self.number(text, of: key, range: range, at: at.column(column))
    }
    func activation() throws -> Activation {
      guard let (text, column) = options["activation"] else { return .identity }
      guard let a = Activation(rawValue: text.lowercased()) else {
        throw at.column(column).error(unknown(text, "activation", Activation.allCases.map(\.rawValue)))
      }
      return a
    }
    func valueInt(_ what: String, range: ClosedRange<Int>) throws -> Int {
      try integer(value!.text, of: what, range: range, at: at.column(value!.column))
    }
    let bias = try float("bias", default: 0, range: -1e6...1e6)
    switch kind {
    case "conv":
      let maps = try valueInt("maps", range: 1...maxUnits)
      guard options["kernel"] != nil else {
        throw at.column(word.column).error("conv needs kernel=K (its kernel's side), e.g. \"conv \(maps) kernel=5\"")
      }
      var table: ConnectionTable?
      if let (text, column) = options["table"] {
        guard text.lowercased() == "lenet5-c3" else {
          throw at.column(column).error(unknown(text, "connection table", ["lenet5-c3"]))
        }
        table = .leNet5C3
      }
      let spec = ConvSpec(
        outChannels: maps, kernel: try int("kernel", default: 1, range: 1...maxWindow),
        stride: try int("stride", default: 1, range: 1...maxWindow), padding: try int("padding", default: 0, range: 0...maxWindow),
        groups: try int("groups", default: 1, range: 1...maxUnits), table: table)
      return LayerSpec(name, .conv(spec), activation: try activation(), initialBias: bias)
    case "subsample":
      return LayerSpec(name, .subsample(window: try valueInt("window", range: 1...maxWindow)), activation: try activation(),
                       initialBias: bias)
    case "maxpool", "avgpool":
      let size = try valueInt("window", range: 1...maxWindow)
      return LayerSpec(name, .pool(kind == "maxpool" ? .max : .average, size: size,
                                   stride: try int("stride", default: size, range: 1...maxWindow)))
    case "adaptive-avgpool":
      let dims = try dimensions(value!, count: 2, what: "adaptive-avgpool", example: "6x6", at: at)
      for d in dims where d > maxWindow {
        throw at.column(value!.column).error("adaptive-avgpool size \(d) is over the limit of \(maxWindow)")
      }
      return LayerSpec(name, .adaptiveAvgPool(outH: dims[0], outW: dims[1]))
    case "lrn":
      return LayerSpec(name, .lrn(size: try int("size", default: 5, range: 1...maxWindow),
                                  alpha: try float("alpha", default: 1e-4, range: 0...1e6),
                                  beta: try float("beta", default: 0.75, range: 0...100),
                                  k: try float("k", default: 2, range: 0...1e6)))
    case "dropout":
      let p = try number(value!.text, of: "p", range: 0...0.99, at: at.column(value!.column))
      return LayerSpec(name, .dropout(p: p))
    case "flatten":
      return LayerSpec(name, .flatten)
    case "fc":
      return LayerSpec(name, .fc(outputs: try valueInt("units", range: 1...maxUnits)), activation: try activation(),
                       initialBias: bias)
    default:  // rbf
      return LayerSpec(name, .rbf(classes: try valueInt("classes", range: 1...maxUnits)))
    }
  }

  private static func example(_ kind: String) -> String {
    switch kind {
    case "conv": "C1: conv 6 kernel=5"
    case "subsample": "S2: subsample 2"
    case "maxpool", "avgpool": "S2: \(kind) 2"
    case "adaptive-avgpool": "pool: adaptive-avgpool 6x6"
    case "dropout": "drop: dropout 0.5"
    case "fc": "F6: fc 84 activation=relu"
    default: "output: rbf 10"
    }
  }

  static var kindList: String { kinds.keys.sorted().joined(separator: ", ") }

  // MARK: - Words and values

  /// The words of a line, split at spaces and tabs, with their columns.
  static func words(of line: Substring) -> [Word] {
    var words: [Word] = []
    var current = ""
    var start = 0
    for (i, ch) in line.enumerated() {
      if ch == " " || ch == "\t" {
        if !current.isEmpty { words.append(Word(text: current, column: start + 1)) }
        current = ""
      } else {
        if current.isEmpty { start = i }
        current.append(ch)
      }
    }
    if !current.isEmpty { words.append(Word(text: current, column: start + 1)) }
    return words
  }

  static func option(_ word: Word, at: Position) throws -> (String, String) {
    guard let eq = word.text.firstIndex(of: "="), eq != word.text.startIndex else {
      throw at.column(word.column).error("expected key=value, found \"\(word.text)\"")
    }
    let value = String(word.text[word.text.index(after: eq)...])
    guard !value.isEmpty else { throw at.column(word.column).error("\(word.text[..<eq]) has no value after '='") }
    return (String(word.text[..<eq]).lowercased(), value)
  }

  static func integer(_ text: String, of what: String, range: ClosedRange<Int>, at: Position) throws -> Int {
    guard let n = Int(text) else { throw at.error("\(what) must be a whole number, not \"\(text)\"") }
    guard range.contains(n) else {
      throw at.error("\(what) \(n) is out of range (\(range.lowerBound)…\(range.upperBound))")
    }
    return n
  }

  static func number(_ text: String, of what: String, range: ClosedRange<Float>, at: Position) throws -> Float {
    guard let x = Float(text), x.isFinite else { throw at.error("\(what) must be a number, not \"\(text)\"") }
    guard range.contains(x) else { throw at.error("\(what) \(text) is out of range (\(range.lowerBound.compact)…\(range.upperBound.compact))") }
    return x
  }

  /// `1x32x32` (or with `×`) as `count` positive whole numbers.
  static func dimensions(_ word: Word, count: Int, what: String, example: String, at: Position) throws -> [Int] {
    let parts = word.text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
      .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
    let dims = parts.compactMap { Int($0) }
    guard parts.count == count, dims.count == count, dims.allSatisfy({ $0 >= 1 }) else {
      throw at.column(word.column).error("\(what) must be \(count) positive whole numbers joined by x, e.g. \(example); found \"\(word.text)\"")
    }
    return dims
  }

  static func checkName(_ name: String, what: String, at: Position) throws {
    let allowed = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.@".unicodeScalars.contains($0) }
    guard !name.isEmpty, name.count <= 40, allowed else {
      throw at.error("\(what) \"\(name)\" may use letters, digits, - _ . @ (at most 40)")
    }
  }

  static func shapeText(_ s: Shape) -> String { "\(s.c)x\(s.h)x\(s.w)" }

  static func unknown(_ word: String, _ what: String, _ known: [String]) -> String {
    "unknown \(what) \"\(word)\"\(didYouMean(word, in: known)); known: \(known.joined(separator: ", "))"
  }

  /// `; did you mean "input"?` for the closest known word, when it is close (a third of its
  /// letters or fewer changed), else nothing.
  static func didYouMean(_ word: String, in known: [String]) -> String {
    // A long word is no typo of a short one (and would cost time to compare).
    guard word.count <= 64 else { return "" }
    let lower = word.lowercased()
    let scored = known.map { ($0, lower.editDistance(to: $0)) }.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    guard let (best, distance) = scored, distance > 0, distance <= max(1, best.count / 3) else { return "" }
    return "; did you mean \"\(best)\"?"
  }
}

/// Where in a model file a problem is: `file:line:column`.
struct Position {
  var source: String
  var line: Int
  var col: Int = 1

  func column(_ c: Int) -> Position { Position(source: source, line: line, col: c) }

  func error(_ problem: String) -> EngineError { EngineError("\(source):\(line):\(col)", problem) }
}
