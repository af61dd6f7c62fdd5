import ConvEngine

@testable import ConvScopeApp

/// Numbers in lessons that the engine can compute, tied to the engine so the text cannot
/// drift from the code.
///
/// In a lesson, an HTML comment next to the sentence (in the same paragraph, list or table)
/// states what a number is:
///
///     <!-- check: lenet5.C3.parameters = 1,516 -->          exact, from ModelSpec.shapeTable()
///     <!-- check: alexnet.total.macs ≈ 0.72G ±1% -->        approximate
///     <!-- fact: 540,000 distorted images [L98 Sec. III-C] -->  not computable: a cited fact
///     <!-- calc: 32 × 32 × 2 = 2,048 -->                     arithmetic, evaluated by the tests
///
/// Several statements can share one comment, separated by `;` or new lines; a statement
/// without a `kind:` prefix continues the previous kind. Quiz blocks use the same statements
/// as `check:`, `fact:` and `calc:` lines.
///
/// Keys are `MODEL[OPTIONS].SCOPE.FIELD`:
/// - MODEL: a `ModelCatalog` name; OPTIONS (optional): `[width=0.25,inputsize=67,classes=10]`.
/// - SCOPE: a layer name of the spec (`C3`, `conv1`), `total` or `input`.
/// - FIELD for a layer: `parameters`, `macs`, `output` (C×H×W, or C when 1×1), `output-hwc`
///   (H×W×C, the papers' order), `channels`, `size` (H×W), `values` (C·H·W), `kernels`
///   (k×k kernels: Table I's count for C3, else out × in/groups), `connections` (the 1998
///   paper's count: parameters × output positions for a convolution, (window² + 1) per output
///   for sub-sampling, parameters for a full layer, MACs for the RBF layer), `fixed`
///   (non-trainable values), `kernel`, `stride`, `padding`, `groups`.
/// - FIELD for `total`: `parameters`, `macs`, `connections`, `fixed`, `layers` (rows of the
///   summary), `weight-layers` (convolution, full and RBF layers).
/// - FIELD for `input`: `shape` (C×H×W), `hwc`, `values`.
enum LessonFacts {
  /// A value the engine computes.
  enum Value: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case shape([Int])

    var description: String {
      switch self {
      case .integer(let n): n.grouped
      case .shape(let dims): dims.map(\.grouped).joined(separator: "×")
      }
    }
  }

  /// One marker statement with where it was found.
  struct Statement: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable { case check, fact, calc, minutes }
    var kind: Kind
    var text: String
    /// "03-lenet5.md:42".
    var origin: String
  }

  // MARK: - Engine values

  /// What the engine says for `key` (see the type's documentation for the grammar).
  static func value(of key: String) throws -> Value {
    let (model, classes, scope, field) = try split(key)
    let spec = try model.spec(classes: classes)
    let table = try spec.shapeTable()
    func bad() -> LessonError { LessonError(key, "unknown field \"\(field)\" for \(scope)") }
    switch scope {
    case "total":
      switch field {
      case "parameters": return .integer(table.totalParameters)
      case "macs": return .integer(table.totalMACs)
      case "fixed": return .integer(table.rows.reduce(0) { $0 + $1.fixedValues })
      case "connections": return .integer(try spec.layers.indices.reduce(0) { $0 + (try connections(spec, table, $1)) })
      case "layers": return .integer(table.rows.count)
      case "weight-layers": return .integer(table.rows.filter { ["conv", "fc", "rbf"].contains($0.kind) }.count)
      default: throw bad()
      }
    case "input":
      let s = table.input
      switch field {
      case "shape": return .shape(s)
      case "hwc": return .shape([s[1], s[2], s[0]])
      case "values": return .integer(s.reduce(1, *))
      default: throw bad()
      }
    default:
      guard let i = table.rows.firstIndex(where: { $0.name == scope }) else {
        throw LessonError(key, "\(spec.name) has no layer \"\(scope)\"; its layers: \(table.rows.map(\.name).joined(separator: ", "))")
      }
      let row = table.rows[i]
      let out = row.output
      func optional(_ v: Int?) throws -> Value {
        guard let v else { throw LessonError(key, "\(scope) has no \(field)") }
        return .integer(v)
      }
      switch field {
      case "parameters": return .integer(row.parameters)
      case "macs": return .integer(row.macs)
      case "output": return .shape(out)
      case "output-hwc": return .shape([out[1], out[2], out[0]])
      case "channels": return .integer(out[0])
      case "size": return .shape([out[1], out[2]])
      case "values": return .integer(out.reduce(1, *))
      case "fixed": return .integer(row.fixedValues)
      case "connections": return .integer(try connections(spec, table, i))
      case "kernels": return try optional(kernels(spec, table, i))
      case "kernel": return try optional(row.kernel)
      case "stride": return try optional(row.stride)
      case "padding": return try optional(row.padding)
      case "groups": return try optional(row.groups)
      default: throw bad()
      }
    }
  }

  /// Nil when `check` (the text after `check:`) holds, else what is wrong.
  static func verify(_ check: String) -> String? {
    do {
      let (key, relation, expected) = try parseCheck(check)
      return try compare(value(of: key), relation: relation, expected: expected, key: key)
    } catch {
      return "\(error)"
    }
  }

  /// `KEY = VALUE`, `KEY ≈ VALUE ±P%` or (in quizzes, against an answer) a bare `KEY`.
  static func parseCheck(_ text: String) throws -> (key: String, relation: String?, expected: String?) {
    // The relation is the first = or ≈ outside the key's [options].
    var depth = 0
    for i in text.indices {
      let c = text[i]
      if c == "[" { depth += 1 }
      if c == "]" { depth -= 1 }
      guard depth == 0, c == "=" || c == "≈" else { continue }
      let key = String(text[..<i]).lessonTrimmed
      let value = String(text[text.index(after: i)...]).lessonTrimmed
      guard !key.isEmpty, !value.isEmpty else { throw LessonError(text, "write KEY = VALUE") }
      return (key, String(c), value)
    }
    return (text.lessonTrimmed, nil, nil)
  }

  /// Nil when `actual` matches `expected` under `relation`, else a message.
  static func compare(_ actual: Value, relation: String?, expected: String?, key: String) throws -> String? {
    guard let relation, let expected else { throw LessonError(key, "needs = VALUE or ≈ VALUE") }
    let mismatch = "\(key): the lesson says \(expected) but the engine computes \(actual)"
    if relation == "≈" {
      let parts = expected.split(separator: "±", maxSplits: 1).map { String($0).lessonTrimmed }
      guard case .integer(let n) = actual, let want = QuizGrader.number(in: parts[0]) else {
        throw LessonError(key, "≈ compares a single number, like ≈ 0.72G ±1%")
      }
      var tolerance = 0.01
      if parts.count == 2 {
        guard parts[1].hasSuffix("%"), let p = QuizGrader.number(in: String(parts[1].dropLast())) else {
          throw LessonError(key, "write the tolerance as ±P%")
        }
        tolerance = p / 100
      }
      return abs(Double(n) - want) <= tolerance * abs(Double(n)) ? nil : mismatch
    }
    let numbers = try integers(in: expected, key: key)
    switch actual {
    case .integer(let n):
      return numbers == [n] ? nil : mismatch
    case .shape(let dims):
      if numbers == dims { return nil }
      // A 1×1 output is also written as its channel count ("120").
      if dims.count == 3, dims[1] == 1, dims[2] == 1, numbers == [dims[0]] { return nil }
      return mismatch
    }
  }

  /// `1,516` → [1516]; `16×10×10` → [16, 10, 10].
  static func integers(in text: String, key: String) throws -> [Int] {
    let parts = text.split { $0 == "×" || $0 == "x" }.map { String($0).lessonTrimmed }
    return try parts.map { part in
      let digits = part.filter { $0 != "," }
      guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else {
        throw LessonError(key, "\"\(text)\" is not a whole number or a shape like 16×10×10")
      }
      return n
    }
  }

  // MARK: - Keys

  /// `alexnet[width=0.25,inputsize=67].conv1.output` → (model, "conv1", "output").
  static func split(_ key: String) throws -> (ModelChoice, Int?, String, String) {
    var rest = Substring(key)
    let name = rest.prefix { $0 != "." && $0 != "[" }
    rest = rest.dropFirst(name.count)
    var model = ModelChoice(name: String(name))
    var classes: Int? = nil
    if rest.first == "[" {
      guard let close = rest.firstIndex(of: "]") else { throw LessonError(key, "unclosed [") }
      for option in rest[rest.index(after: rest.startIndex)..<close].split(separator: ",") {
        let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
        switch (kv.first, kv.count == 2 ? kv[1] : nil) {
        case ("width", let v?): model.width = Double(v)
        case ("inputsize", let v?): model.inputSize = Int(v)
        case ("classes", let v?): classes = Int(v)
        default: throw LessonError(key, "unknown model option \"\(option)\"; use width=, inputsize= and classes=")
        }
      }
      rest = rest[rest.index(after: close)...]
    }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
      throw LessonError(key, "write MODEL.LAYER.FIELD, MODEL.total.FIELD or MODEL.input.FIELD")
    }
    return (model, classes, parts[1], parts[2])
  }

  /// The input shape of row `i` ([C, H, W]).
  private static func inputShape(_ table: ShapeTable, _ i: Int) -> [Int] {
    i == 0 ? table.input : table.rows[i - 1].output
  }

  private static func kernels(_ spec: ModelSpec, _ table: ShapeTable, _ i: Int) -> Int? {
    guard case .conv(let c) = spec.layers[i].kind else { return nil }
    if let t = c.table { return t.connectionCount }
    return c.outChannels * inputShape(table, i)[0] / c.groups
  }

  /// The 1998 paper's "connections" (see the type's documentation).
  private static func connections(_ spec: ModelSpec, _ table: ShapeTable, _ i: Int) throws -> Int {
    let row = table.rows[i]
    let positions = row.output[1] * row.output[2]
    switch spec.layers[i].kind {
    case .conv: return row.parameters * positions
    case .subsample(let window): return row.output.reduce(1, *) * (window * window + 1)
    case .fc: return row.parameters
    case .rbf: return row.macs
    default: return 0
    }
  }

  // MARK: - Markers in text

  /// Every marker statement in the comments of `text`.
  static func statements(in text: String, file: String) -> [Statement] {
    var result: [Statement] = []
    for comment in LessonMarkup.comments(in: text) {
      var kind: Statement.Kind? = nil
      for piece in comment.text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
        var body = String(piece).lessonTrimmed
        if body.isEmpty { continue }
        for k in [Statement.Kind.check, .fact, .calc, .minutes] where body.hasPrefix(k.rawValue + ":") {
          kind = k
          body = String(body.dropFirst(k.rawValue.count + 1)).lessonTrimmed
        }
        if let kind { result.append(Statement(kind: kind, text: body, origin: "\(file):\(comment.line)")) }
      }
    }
    return result
  }

  /// Numbers written with thousands separators (`1,516`, `60,965,224`) in `text`.
  static func separatedNumbers(in text: String) -> [String] {
    var found: [String] = []
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      guard chars[i].isASCII, chars[i].isNumber, i == 0 || !(chars[i - 1].isNumber || chars[i - 1] == "." || chars[i - 1] == ",") else {
        i += 1
        continue
      }
      var j = i
      while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
      var groups = 0
      var end = j
      if j - i <= 3 {
        while end + 3 < chars.count, chars[end] == ",", chars[(end + 1)...(end + 3)].allSatisfy({ $0.isASCII && $0.isNumber }),
          end + 4 >= chars.count || !(chars[end + 4].isASCII && chars[end + 4].isNumber)
        {
          end += 4
          groups += 1
        }
      }
      if groups > 0 { found.append(String(chars[i..<end])) }
      i = max(end, j)
    }
    return found
  }

  /// Bare numbers of five or more digits (`60000`), which lessons should write with
  /// separators so the coverage check can see them. Code (fenced or in backticks) is skipped.
  static func bareLongNumbers(in text: String) -> [String] {
    var found: [String] = []
    var inCode = false
    var run = ""
    var previous: Character = " "
    for c in text + " " {
      if c == "`" { inCode.toggle() }
      if c.isASCII, c.isNumber, !inCode {
        if run.isEmpty, previous == "." || previous == "," { previous = c; continue }
        run.append(c)
      } else {
        if run.count >= 5, c != "," && c != "." { found.append(run) }
        run = ""
      }
      previous = c
    }
    return found
  }

  /// Numbers that a statement accounts for: every separated number and percentage written in
  /// it (for a fact, before its source).
  static func coveredNumbers(_ statement: Statement) -> Set<String> {
    var text = statement.text
    if statement.kind == .fact, let bracket = text.firstIndex(of: "[") { text = String(text[..<bracket]) }
    if statement.kind == .check, let parsed = try? parseCheck(text) {
      text = parsed.expected ?? ""
    }
    return Set(separatedNumbers(in: text) + LessonSources.percentages(in: text))
  }
}
