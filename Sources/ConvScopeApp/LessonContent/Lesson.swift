import TerminalUI

/// One lesson: a markdown file in `lessons/`, named `NN-topic.md`, with one H1 title.
///
/// HTML comments carry what the reader need not see (they are invisible on GitHub and are
/// removed before the workbench renders the text): `<!-- minutes: 8 -->` and the number
/// checks the tests' `LessonFacts` recompute with the engine (`<!-- check: lenet5.C3.parameters = 1,516 -->`).
public struct Lesson: Sendable, Hashable, Identifiable {
  /// The file name without `.md`, e.g. `03-lenet5`.
  public var id: String
  /// The text of the H1.
  public var title: String
  /// Reading time from `<!-- minutes: N -->`, if given.
  public var minutes: Int?
  /// The file as written, comments included (the facts checks read it).
  public var source: String
  /// The text as shown: comments removed, parsed by the TerminalUI markdown parser.
  public var document: MarkdownDocument
  /// Headings (level 2 and 3) with their GitHub-style anchors, for `convscope:lesson?section=`.
  public var sections: [LessonSection]
  /// The quiz from `lessons/quizzes/<id>.md`, when there is one.
  public var quizzes: [Quiz]
  /// The tasks the workbench grades from its live state (`<!-- task: … -->`, see `LessonTask`).
  public var tasks: [LessonTask]
  /// Where the file was read from, if it came from a file.
  public var path: String?

  /// Every link in reading order (`document.links`).
  public var links: [MarkdownLink] { document.links }

  /// The links meant for the workbench (`convscope:` links and links to other lessons), with
  /// their index in `links`.
  public var actionLinks: [(index: Int, link: MarkdownLink)] {
    links.enumerated().filter { LessonLink.isActionTarget($0.element.target) }.map { ($0.offset, $0.element) }
  }

  /// Parses a lesson's text. Throws when the id is malformed or there is no H1.
  public init(id: String, text: String, path: String? = nil, quizzes: [Quiz] = []) throws {
    guard LessonLink.isLessonID(id) else {
      throw LessonError(path ?? id, "a lesson file is named NN-topic.md (two digits, a dash, lower-case words)")
    }
    self.id = id
    self.source = text
    self.path = path
    self.quizzes = quizzes
    document = MarkdownDocument(parsing: LessonMarkup.removingComments(text))
    guard let title = document.title, !title.isEmpty else {
      throw LessonError((path ?? id) + ":1", "has no title: the first heading must be a level-1 heading (# Title)")
    }
    self.title = title
    minutes = LessonMarkup.comments(in: text).lazy.compactMap { LessonMarkup.value(of: "minutes", in: $0.text) }
      .compactMap { Int($0) }.first
    sections = LessonSection.sections(of: document)
    tasks = try LessonTask.tasks(in: text, subject: path ?? id)
  }

  /// The section whose anchor is `anchor`.
  public func section(_ anchor: String) -> LessonSection? { sections.first { $0.anchor == anchor } }
}

/// A heading of a lesson and the anchor GitHub gives it.
public struct LessonSection: Sendable, Hashable {
  public var level: Int
  public var title: String
  public var anchor: String
  /// Index of the heading in `document.blocks`, to scroll to it.
  public var blockIndex: Int

  static func sections(of document: MarkdownDocument) -> [LessonSection] {
    var seen: [String: Int] = [:]
    var result: [LessonSection] = []
    for (i, block) in document.blocks.enumerated() {
      guard case .heading(let level, let runs) = block, level >= 2 else { continue }
      let base = anchor(for: runs.plainText)
      let n = seen[base, default: 0]
      seen[base] = n + 1
      result.append(LessonSection(level: level, title: runs.plainText, anchor: n == 0 ? base : "\(base)-\(n)", blockIndex: i))
    }
    return result
  }

  /// GitHub's rule: lower-case letters and digits kept, spaces become dashes, `-` and `_`
  /// kept, everything else dropped ("C3's table (Table I)" → "c3s-table-table-i").
  public static func anchor(for title: String) -> String {
    var out = ""
    for c in title {
      if c.isLetter || c.isNumber {
        out += c.lowercased()
      } else if c == " " {
        out += "-"
      } else if c == "-" || c == "_" {
        out.append(c)
      }
    }
    return out
  }
}

/// HTML comments in lesson and quiz text: finding them, reading `key: value` out of them, and
/// removing them for display.
public enum LessonMarkup {
  /// A comment's text (without `<!--` and `-->`) and the 1-based line it starts on.
  public struct Comment: Sendable, Hashable {
    public var text: String
    public var line: Int
  }

  /// Every `<!-- … -->` outside fenced code, in order.
  public static func comments(in text: String) -> [Comment] {
    var result: [Comment] = []
    forEachComment(in: text) { body, line in result.append(Comment(text: body, line: line)) }
    return result
  }

  /// The text without comments. A line holding nothing but comments disappears entirely, so
  /// a marker under a paragraph or a table does not split or end it; with `keepingLines` it
  /// stays as an empty line instead, so line N of the result is line N of the file (what a
  /// reader that names the line of a mistake needs, when paragraphs do not matter to it).
  public static func removingComments(_ text: String, keepingLines: Bool = false) -> String {
    var out: [String] = []
    var inFence = false
    var pending: String? = nil  // an unclosed comment continues on the next lines
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if pending == nil, isFence(Substring(line)) { inFence.toggle() }
      if inFence || (pending == nil && !line.contains("<!--")) {
        out.append(line)
        continue
      }
      var rest = pending.map { $0 + "\n" + line } ?? line
      var kept = ""
      pending = nil
      while let open = rest.firstRange(of: "<!--") {
        kept += rest[..<open.lowerBound]
        guard let close = rest[open.upperBound...].firstRange(of: "-->") else {
          pending = String(rest[open.lowerBound...])
          rest = ""
          break
        }
        rest = String(rest[close.upperBound...])
      }
      kept += rest
      if kept.allSatisfy({ $0 == " " }) {
        if keepingLines { out.append("") }
        continue
      }
      out.append(kept)
    }
    return out.joined(separator: "\n")
  }

  /// `minutes: 8` → "8" for key "minutes"; nil when the comment is not that key.
  public static func value(of key: String, in comment: String) -> String? {
    let trimmed = comment.lessonTrimmed
    guard trimmed.hasPrefix(key + ":") else { return nil }
    return String(trimmed.dropFirst(key.count + 1)).lessonTrimmed
  }

  static func isFence(_ line: Substring) -> Bool {
    let t = line.drop { $0 == " " }
    return t.hasPrefix("```") || t.hasPrefix("~~~")
  }

  private static func forEachComment(in text: String, _ body: (String, Int) -> Void) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var inFence = false
    var open: (text: String, line: Int)? = nil
    for (n, line) in lines.enumerated() {
      if open == nil, isFence(line) { inFence.toggle() }
      if inFence { continue }
      var rest = Substring(line)
      while !rest.isEmpty {
        if var current = open {
          if let close = rest.firstRange(of: "-->") {
            current.text += "\n" + rest[..<close.lowerBound]
            body(current.text, current.line)
            open = nil
            rest = rest[close.upperBound...]
          } else {
            current.text += "\n" + rest
            open = current
            rest = ""
          }
        } else if let start = rest.firstRange(of: "<!--") {
          let after = rest[start.upperBound...]
          if let close = after.firstRange(of: "-->") {
            body(String(after[..<close.lowerBound]), n + 1)
            rest = after[close.upperBound...]
          } else {
            open = (String(after), n + 1)
            rest = ""
          }
        } else {
          rest = ""
        }
      }
    }
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var lessonTrimmed: String {
    trimmingEnds { $0 == " " || $0 == "\t" }
  }
}
