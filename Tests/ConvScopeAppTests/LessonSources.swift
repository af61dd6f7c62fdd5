@testable import ConvScopeApp

/// The figures lessons quote that the engine cannot compute (results, data-set sizes, dates of
/// training runs), each with the source it comes from: the table of `lessons/sources.md`.
///
/// A `fact:` marker (`<!-- fact: 0.95% [L98 Fig. 9] -->`) must name a source of this table in
/// its brackets, and every figure it writes must be listed under that source. A lesson that
/// misquotes a paper therefore fails the tests unless the table is changed too, and the table
/// is the one place to compare against the paper.
struct LessonSources: Sendable {
  struct Entry: Sendable, Hashable {
    /// As written in the table: `0.95%`, `540,000`, `1.2`.
    var figure: String
    /// The citation as lessons write it in brackets: `L98 Fig. 9`, `K12 Table 2`.
    var source: String
    var what: String
  }

  let entries: [Entry]
  /// Normalised figure → the sources that list it.
  private let index: [String: Set<String>]

  /// Parses the rows of the pipe table(s) in `text` (`| figure | source | what it is |`).
  init(text: String, path: String = "sources.md") throws {
    var entries: [Entry] = []
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let t = line.lessonTrimmed
      guard t.hasPrefix("|") else { continue }
      let cells = t.dropFirst().split(separator: "|", omittingEmptySubsequences: false).map { $0.lessonTrimmed }
      guard cells.count >= 3 else { throw LessonError("\(path):\(n + 1)", "a row needs | figure | source | what it is |") }
      if cells[0] == "figure" || cells[0].allSatisfy({ $0 == "-" || $0 == ":" }) { continue }
      let figures = LessonSources.figures(in: cells[0])
      guard figures.count == 1, !cells[1].isEmpty, !cells[2].isEmpty else {
        throw LessonError("\(path):\(n + 1)", "write one figure, its source and what it is")
      }
      entries.append(Entry(figure: cells[0], source: cells[1], what: cells[2]))
    }
    guard !entries.isEmpty else { throw LessonError(path, "no figures") }
    self.entries = entries
    index = entries.reduce(into: [:]) { $0[Self.normalised($1.figure), default: []].insert($1.source) }
  }

  /// Nil when `fact` (the text after `fact:`) names a listed source in brackets and every
  /// figure before the brackets is one of that source's; else what is wrong.
  func problem(with fact: String) -> String? {
    guard let open = fact.firstIndex(of: "["), let close = fact.lastIndex(of: "]"), open < close else {
      return "fact: needs the number and its source in brackets, like 540,000 [L98 Sec. III-C]"
    }
    let source = fact[fact.index(after: open)..<close].lessonTrimmed
    let figures = Self.figures(in: String(fact[..<open]))
    guard !figures.isEmpty else { return "fact: \(fact) writes no figure before its source" }
    guard entries.contains(where: { $0.source == source }) else {
      return "fact: [\(source)] is not a source in sources.md (add its figures there with the citation)"
    }
    for figure in figures where index[Self.normalised(figure)]?.contains(source) != true {
      let elsewhere = index[Self.normalised(figure)].map { " (it is listed under " + $0.sorted().joined(separator: ", ") + ")" } ?? ""
      return "fact: \(figure) is not a figure of [\(source)] in sources.md\(elsewhere)"
    }
    return nil
  }

  /// `1,516` and `1516` alike; `0.95 %` as `0.95%`.
  static func normalised(_ figure: String) -> String {
    figure.filter { $0 != "," && $0 != " " }
  }

  /// The figures written in `text`: numbers standing on their own (not the 5 of "top-5", the 6
  /// of "fc6" or the 4 of "LeNet-4"), with thousands separators, decimals and a `%` sign.
  static func figures(in text: String) -> [String] {
    let chars = Array(text)
    var found: [String] = []
    var i = 0
    func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].isASCII && chars[k].isNumber }
    while i < chars.count {
      let before: Character = i > 0 ? chars[i - 1] : " "
      guard isDigit(i), !(before.isLetter || before.isNumber || "-.,_/".contains(before)) else {
        i += 1
        continue
      }
      var j = i
      while isDigit(j) { j += 1 }
      while j < chars.count, chars[j] == ",", isDigit(j + 1), isDigit(j + 2), isDigit(j + 3), !isDigit(j + 4) {
        j += 4
      }
      if j < chars.count, chars[j] == ".", isDigit(j + 1) {
        j += 1
        while isDigit(j) { j += 1 }
      }
      var figure = String(chars[i..<j])
      if j < chars.count, chars[j] == "%" {
        figure += "%"
        j += 1
      } else if j + 1 < chars.count, chars[j] == " ", chars[j + 1] == "%" {
        figure += "%"
        j += 2
      }
      // A number glued to letters ("2nd", "3GB") is a word, not a figure.
      if j < chars.count, chars[j].isLetter { i = j; continue }
      found.append(figure)
      i = j
    }
    return found
  }

  /// Percentages written in `text` (`0.95%`, `15.3%`), which lessons must tie to a marker.
  static func percentages(in text: String) -> [String] {
    figures(in: text).filter { $0.hasSuffix("%") }
  }
}
