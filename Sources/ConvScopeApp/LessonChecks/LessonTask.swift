import ConvEngine
import TerminalUI

/// A task in a lesson: a line of the lesson's text with a task comment on it, e.g.
///
///     **Task:** train LeNet-5 to 98% test accuracy. <!-- task: lenet5-98 test-accuracy model=lenet5 min=98 -->
///
/// The line's visible text (on GitHub and in the workbench) is the task as the student reads
/// it; the comment gives the task an id (lower-case words and dashes, unique in the lesson:
/// progress is saved under it) and names the check with its `key=value` parameters
/// (`LessonCheck`, grammar in `lessons/README.md`). A tour step's text can carry the same
/// comment: `LessonTask.tasks(in:subject:)` reads any lesson-like text.
public struct LessonTask: Sendable, Hashable, Identifiable {
  public var id: String
  public var check: LessonCheck
  /// The line's visible text, markup removed ("Task: train LeNet-5 to 98% test accuracy.").
  public var text: String
  /// The 1-based line of the lesson file the task is on.
  public var line: Int

  public init(id: String, check: LessonCheck, text: String, line: Int) {
    self.id = id
    self.check = check
    self.text = text
    self.line = line
  }

  /// The comment key that marks a task.
  public static let key = "task"

  /// Every task comment of `text`, in order. `subject` names the file in errors, which read
  /// "FILE:LINE: problem". One pass over the comments and one over the lines: linear time.
  public static func tasks(in text: String, subject: String) throws -> [LessonTask] {
    let comments = LessonMarkup.comments(in: text).filter { LessonMarkup.value(of: key, in: $0.text) != nil }
    guard !comments.isEmpty else { return [] }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var seen: Set<String> = []
    var result: [LessonTask] = []
    // Each line is read once however many task comments it holds (the parse stays linear).
    var visibleLines: [Int: String] = [:]
    for comment in comments {
      let at = "\(subject):\(comment.line)"
      let body = LessonMarkup.value(of: key, in: comment.text) ?? ""
      let visible = visibleLines[comment.line] ?? (comment.line <= lines.count ? visibleText(of: String(lines[comment.line - 1])) : "")
      visibleLines[comment.line] = visible
      guard !visible.isEmpty else {
        throw LessonError(at, "a task comment goes at the end of the line that says the task (that line has no text)")
      }
      let task = try parse(body, text: visible, line: comment.line, at: at)
      guard seen.insert(task.id).inserted else { throw LessonError(at, "task id \"\(task.id)\" is used twice in this file") }
      result.append(task)
    }
    return result
  }

  /// Reads `ID KIND key=value …` (the comment after `task:`).
  static func parse(_ body: String, text: String, line: Int, at: String) throws -> LessonTask {
    let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    guard words.count >= 2 else {
      throw LessonError(at, "a task reads \"task: ID KIND key=value …\"; kinds: \(LessonCheck.kinds.joined(separator: ", "))")
    }
    let id = words[0]
    guard isTaskID(id) else { throw LessonError(at, "task id \"\(id)\" must be lower-case letters, digits and dashes") }
    do {
      let check = try LessonCheck(kind: words[1], parameters: Array(words.dropFirst(2)))
      return LessonTask(id: id, check: check, text: text, line: line)
    } catch let error as LessonError {
      throw LessonError(at, "task \(id): \(error.problem)")
    }
  }

  static func isTaskID(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 40 && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }

  /// A line as the reader sees it: comments removed, list and quote markers and emphasis
  /// dropped, spaces trimmed.
  static func visibleText(of line: String) -> String {
    let shown = LessonMarkup.removingComments(line)
    let blocks = MarkdownDocument(parsing: shown).blocks
    let runs: [MarkdownRun] = blocks.first.map { block in
      switch block {
      case .paragraph(let runs), .quote(let runs), .heading(_, let runs): runs
      case .list(let items): items.first?.runs ?? []
      case .code, .table, .rule: []
      }
    } ?? []
    return runs.plainText.lessonTrimmed
  }
}

extension LessonCheck {
  /// The check `kind` with `parameters` (`key=value` words), every value checked: models
  /// through the catalog, layers in their spec, numbers in range.
  public init(kind: String, parameters: [String]) throws {
    let subject = kind + " " + parameters.joined(separator: " ")
    func query(_ allowed: [String]) throws -> LinkQuery {
      try LinkQuery(parameters.joined(separator: "&"), link: subject, allowed: allowed)
    }
    func percent(_ text: String) throws -> Double { try LessonLink.real(text, in: 0...100) / 100 }
    switch kind {
    case "test-accuracy":
      var q = try query(["model", "width", "inputsize", "dataset", "min"])
      let model = try Self.model(&q)
      let dataset = try q.optional("dataset") { text in
        guard let kind = DatasetKind(rawValue: text) else { throw LessonError(text, "unknown dataset; known: mnist, fashion-mnist") }
        return kind
      } ?? .mnist
      self = .testAccuracy(model: model, dataset: dataset, atLeast: try q.required("min", percent))
    case "wrong-digit":
      var q = try query(["model"])
      let model = try q.optional("model") { $0 } ?? "lenet5"
      guard model.hasPrefix("lenet5"), (try? ModelChoice(name: model).spec()) != nil else {
        throw LessonError(subject, "model=\(model): wrong-digit needs a LeNet-5 (lenet5 or lenet5-modern), whose shipped weights read digits")
      }
      self = .wrongDigit(model: model)
    case "overfit":
      var q = try query(["model", "width", "inputsize", "gap"])
      self = .overfit(model: try Self.model(&q), gap: try q.optional("gap", percent) ?? 0.10)
    case "stroke-map":
      var q = try query(["model", "layer", "stroke", "ratio"])
      let model = try q.optional("model") { $0 } ?? "lenet5"
      guard model.hasPrefix("lenet5"), let spec = try? ModelChoice(name: model).spec() else {
        throw LessonError(subject, "model=\(model): stroke-map probes a LeNet-5 (lenet5 or lenet5-modern)")
      }
      let layer = try q.required("layer") { text in
        guard let layer = spec.layers.first(where: { $0.name.lowercased() == text.lowercased() }) else {
          throw LessonError(text, "\(spec.name) has no such layer; its layers: \(spec.layers.map(\.name).joined(separator: ", "))")
        }
        guard let row = try spec.shapeTable().rows.first(where: { $0.name == layer.name }), row.output.count == 3, row.output[1] > 1 else {
          throw LessonError(text, "is not a layer of feature maps")
        }
        return layer.name
      }
      let stroke = try q.required("stroke") { text in
        guard let s = Stroke(rawValue: text) else { throw LessonError(text, "unknown stroke; known: horizontal, vertical") }
        return s
      }
      self = .strokeMap(model: model, layer: layer, stroke: stroke, ratio: try q.optional("ratio") { try LessonLink.real($0, in: 1...100) } ?? 2)
    case "most-parameters":
      var q = try query(["model"])
      let model = try q.optional("model") { text in
        guard (try? ModelChoice(name: text).spec()) != nil else { throw LessonError(text, "not a model of the catalog") }
        return text
      }
      self = .mostParameters(model: model)
    default:
      throw LessonError(kind, "unknown check kind; known: \(LessonCheck.kinds.joined(separator: ", "))")
    }
  }

  /// `model`, `width`, `inputsize`, checked through the catalog.
  private static func model(_ q: inout LinkQuery) throws -> ModelChoice {
    let name = try q.required("model") { $0 }
    let width = try q.optional("width") { try LessonLink.real($0, in: 0.01...4) }
    let size = try q.optional("inputsize") { try LessonLink.integer($0, in: 1...2048) }
    let choice = ModelChoice(name: name, width: width, inputSize: size)
    do { _ = try choice.spec() } catch { throw q.error("\(error)") }
    return choice
  }
}
