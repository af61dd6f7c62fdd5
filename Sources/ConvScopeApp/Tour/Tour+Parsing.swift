import ConvEngine
import TerminalUI

extension Tour {
  /// The directives a tour file may hold, each a one-line HTML comment (`<!-- name: value -->`)
  /// so the file reads cleanly on GitHub: `lesson` before the first step, the others in a step.
  public static let directives = ["lesson", "show", "advance", "zoom", "inspect", "row", "key"]

  /// The keys a playing tour takes for itself, which a step cannot ask the reader to try.
  static let tourKeys: Set<String> = [" ", "space", "p", "esc", "→", "←"]

  /// Parses a tour file. Every problem names the file and the line (`tours/x.md:12: …`).
  ///
  /// One pass over the lines, each looked at a fixed number of times, so a hostile file
  /// costs time in proportion to its length (a quadratic scan once hung the lesson parser).
  public init(id: String, text: String, path: String? = nil) throws {
    let file = path ?? id + ".md"
    func fail(_ line: Int, _ problem: String) -> LessonError { LessonError("\(file):\(line)", problem) }
    guard !id.isEmpty, id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
      throw LessonError(file, "a tour file is named with lower-case words joined by dashes, like lenet5-in-five-minutes.md")
    }
    self.id = id
    self.path = path
    var title: String?
    var titleLine = 1
    var lessonID: String?
    var lessonLine: Int?
    var intro: [String] = []
    var steps: [TourStep] = []
    var draft: StepDraft?
    var inFence = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (offset, raw) in lines.enumerated() {
      let number = offset + 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
      if LessonMarkup.isFence(line) { inFence.toggle() }
      if !inFence, let directive = try Self.directive(in: line, number: number, fail: fail) {
        switch directive.name {
        case "lesson":
          guard draft == nil else { throw fail(number, "lesson: goes before the first step (## heading)") }
          guard LessonLink.isLessonID(directive.value) else { throw fail(number, "lesson: \"\(directive.value)\" is not a lesson id (like 03-lenet5)") }
          lessonID = directive.value
          lessonLine = number
        default:
          guard draft != nil else { throw fail(number, "\(directive.name): belongs to a step; start one with a ## heading first") }
          try draft?.take(directive, line: number, fail: fail)
        }
        continue
      }
      if !inFence, line.hasPrefix("# ") {
        guard title == nil else { throw fail(number, "a second title (# …); steps are level-2 headings (## …)") }
        title = line.dropFirst(2).lessonTrimmed
        titleLine = number
        continue
      }
      if !inFence, line.hasPrefix("## ") {
        guard title != nil else { throw fail(number, "a step before the title: the first heading must be # Title") }
        if let done = draft { steps.append(try done.step(fail: fail)) }
        draft = StepDraft(title: line.dropFirst(3).lessonTrimmed, line: number)
        draft?.text.append(String(line))
        continue
      }
      if draft != nil { draft?.text.append(String(line)) } else if title != nil { intro.append(String(line)) }
    }
    guard let title, !title.isEmpty else { throw fail(titleLine, "has no title: the first heading must be # Title") }
    if let done = draft { steps.append(try done.step(fail: fail)) }
    guard !steps.isEmpty else {
      throw fail(titleLine, "the tour \"\(title)\" has no steps: each step is a ## heading with a <!-- show: convscope:… --> under it")
    }
    // Tasks are read from the whole file (ids unique in the tour: progress is kept per tour)
    // and go to the step whose section holds them.
    for task in try LessonTask.tasks(in: text, subject: file) {
      guard let index = steps.lastIndex(where: { $0.line <= task.line }) else {
        throw fail(task.line, "task \(task.id) is above the first step; a tour's task goes in the step (## …) it is graded on")
      }
      steps[index].tasks.append(task)
    }
    self.title = title
    self.lessonID = lessonID
    self.lessonLine = lessonLine
    self.intro = LessonMarkup.removingComments(intro.joined(separator: "\n")).lessonTrimmedLines
    self.steps = steps
  }

  /// `<!-- name: value -->` alone on its line, when `name` is a tour directive; nil for any
  /// other line (ordinary comments included). A known name in a malformed comment is an error.
  private static func directive(
    in line: Substring, number: Int, fail: (Int, String) -> LessonError
  ) throws -> (name: String, value: String)? {
    let trimmed = line.lessonTrimmed
    guard trimmed.hasPrefix("<!--") else { return nil }
    let body = trimmed.dropFirst(4).lessonTrimmed
    let name = String(body.prefix { $0.isASCII && $0.isLetter })
    guard directives.contains(name), body.dropFirst(name.count).first == ":" else { return nil }
    guard trimmed.hasSuffix("-->"), trimmed.count >= 7 else {
      throw fail(number, "\(name): must be a one-line comment, <!-- \(name): … -->")
    }
    let value = trimmed.dropFirst(4).dropLast(3).lessonTrimmed.dropFirst(name.count + 1).lessonTrimmed
    guard !value.isEmpty else { throw fail(number, "\(name): needs a value") }
    return (name, value)
  }
}

/// A step being read: its directives as they come, checked when the step is complete.
private struct StepDraft {
  var title: String
  var line: Int
  var text: [String] = []
  var show: (link: LessonLink, text: String, line: Int)?
  var advance: TourAdvance?
  var zoom: (row: Int, column: Int, inspect: Bool, line: Int)?
  var row: String?
  var key: (label: String, line: Int)?

  init(title: String, line: Int) {
    self.title = title
    self.line = line
  }

  mutating func take(_ d: (name: String, value: String), line number: Int, fail: (Int, String) -> LessonError) throws {
    func once(_ present: Bool) throws {
      if present { throw fail(number, "\(d.name): is given twice in the step \"\(title)\"") }
    }
    switch d.name {
    case "show":
      try once(show != nil)
      let link: LessonLink
      do { link = try LessonLink(parsing: d.value) } catch let e as LessonError { throw fail(number, "show: \(e.description)") }
      guard link.isScreen else { throw fail(number, "show: a step shows Explore, Train or Compare (convscope:explore?…, train?…, compare?…)") }
      if case .train(let train) = link, train.limit == nil, train.transfer == nil {
        throw fail(number, "show: a tour's training step names limit=N (training images), so it runs in seconds")
      }
      show = (link, d.value, number)
    case "advance":
      try once(advance != nil)
      advance = try Self.advance(d.value, fail: { fail(number, "advance: \($0)") })
    case "zoom", "inspect":
      try once(zoom != nil)
      let (r, c) = try Self.cell(d.value, fail: { fail(number, "\(d.name): \($0)") })
      zoom = (r, c, d.name == "inspect", number)
    case "row":
      try once(row != nil)
      row = d.value
    default:
      try once(key != nil)
      key = (d.value, number)
    }
  }

  /// The finished step; what needs the link (zoom on a map, row on Compare) is checked here.
  func step(fail: (Int, String) -> LessonError) throws -> TourStep {
    guard let show else { throw fail(line, "the step \"\(title)\" has no <!-- show: convscope:… --> saying what to show") }
    var view = TourView.plain
    if let zoom {
      guard case .explore(let explore) = show.link, let layer = explore.layer else {
        throw fail(zoom.line, "zoom/inspect: needs an Explore link with layer=NAME (whose map to zoom)")
      }
      let spec = try? explore.model.spec()
      guard let shape = (try? spec?.shapeTable())??.rows.first(where: { $0.name == layer })?.output, shape.count == 3 else {
        throw fail(zoom.line, "zoom/inspect: cannot find the shape of \(layer)")
      }
      guard shape[1] > 1 || shape[2] > 1 else { throw fail(zoom.line, "zoom/inspect: \(layer) is a vector, not a map to zoom") }
      guard zoom.row < shape[1], zoom.column < shape[2] else {
        throw fail(zoom.line, "zoom/inspect: \(zoom.row),\(zoom.column) is outside \(layer)'s \(shape[1])×\(shape[2]) maps (rows and columns count from 0)")
      }
      view = .zoom(row: zoom.row, column: zoom.column, inspect: zoom.inspect)
    }
    if let row {
      guard case .compare = show.link else { throw fail(line, "row: needs a Compare link (convscope:compare?…)") }
      guard view == .plain else { throw fail(line, "row: and zoom/inspect: do not go together") }
      view = .compareRow(row)
    }
    var tourKey: TourKey?
    if let key {
      let screen: Screen = if case .train = show.link { .train } else if case .compare = show.link { .compare } else { .explore }
      guard !Tour.tourKeys.contains(key.label) else {
        throw fail(key.line, "key: \(key.label) is one of the keys the tour itself takes (space, →, ←, p, esc)")
      }
      guard let description = Self.describe(key.label, on: screen) else {
        throw fail(key.line, "key: \"\(key.label)\" does nothing on \(screen.title) (write one character, as the help lists it)")
      }
      tourKey = TourKey(label: key.label, description: description)
    }
    let text = LessonMarkup.removingComments(self.text.joined(separator: "\n")).lessonTrimmedLines
    return TourStep(title: title, line: line, show: show.link, showText: show.text, view: view,
                    advance: advance ?? .key, key: tourKey, text: text)
  }

  /// The help text of the binding `label` (one character) triggers on `screen`.
  static func describe(_ label: String, on screen: Screen) -> String? {
    guard label.count == 1, let c = label.first else { return nil }
    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = screen
    let binding = KeyMap.activeBindings(in: state).first { $0.matches(.char(c)) }
    return binding.map { b in
      // "Explore: zoom the selected map" → "zoom the selected map" (the step names the screen);
      // a key that shares its row says which row ("s f: colour scale …; kernels or outputs").
      var text = b.description
      let prefix = screen.title + ": "
      if text.hasPrefix(prefix) { text = String(text.dropFirst(prefix.count)) }
      return b.label == label ? text : "\(b.label): \(text)"
    }
  }

  /// `key`, or `8s` / `8 s` (1 to 600 seconds).
  static func advance(_ text: String, fail: (String) -> LessonError) throws -> TourAdvance {
    if text == "key" { return .key }
    let digits = text.hasSuffix("s") ? String(text.dropLast()).lessonTrimmed : ""
    guard let seconds = try? LessonLink.integer(digits, in: 1...600) else {
      throw fail("\"\(text)\" is neither key nor a number of seconds from 1 to 600 (like 8s)")
    }
    return .after(seconds: seconds)
  }

  /// `14,9`: a row and a column, from 0.
  static func cell(_ text: String, fail: (String) -> LessonError) throws -> (Int, Int) {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.lessonTrimmed }
    guard parts.count == 2, let r = try? LessonLink.integer(parts[0], in: 0...4096),
      let c = try? LessonLink.integer(parts[1], in: 0...4096)
    else { throw fail("\"\(text)\" is not ROW,COLUMN (two whole numbers from 0, like 14,9)") }
    return (r, c)
  }
}

extension String {
  /// Without blank lines at the start and the end.
  fileprivate var lessonTrimmedLines: String {
    let lines = split(separator: "\n", omittingEmptySubsequences: false)
    let blank: (Substring) -> Bool = { $0.allSatisfy { $0 == " " || $0 == "\t" } }
    guard let first = lines.firstIndex(where: { !blank($0) }), let last = lines.lastIndex(where: { !blank($0) }) else { return "" }
    return lines[first...last].joined(separator: "\n")
  }
}
