/// Parses inline Markdown (`**bold**`, `*emphasis*`, `` `code` ``, `[text](target)`,
/// backslash escapes) into runs, numbering links in the order it meets them.
struct MarkdownInlineParser {
  /// Links seen so far, across every call, in document order.
  private(set) var links: [MarkdownLink] = []

  private struct State {
    var bold = false
    var emphasis = false
    var link: Int?
  }

  mutating func parse(_ text: String) -> [MarkdownRun] {
    parse(Array(text), state: State())
  }

  private mutating func parse(_ chars: [Character], state initial: State) -> [MarkdownRun] {
    let next = NextOccurrences(chars)
    var runs: [MarkdownRun] = []
    var state = initial
    var i = 0
    func emit(_ text: String, code: Bool = false) {
      // Compare through the index, holding no copy of the last run: a copy would share its
      // text's storage and make every append copy the whole run (quadratic on a long line).
      let k = runs.count - 1
      if k >= 0, !code, !runs[k].code, runs[k].bold == state.bold, runs[k].emphasis == state.emphasis,
        runs[k].link == state.link
      {
        runs[k].text += text
      } else {
        runs.append(MarkdownRun(text, bold: state.bold, emphasis: state.emphasis, code: code, link: state.link))
      }
    }
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
        emit(String(chars[i + 1]))
        i += 2
      } else if c == "`", let close = next.backtick(from: i + 1) {
        emit(String(chars[(i + 1)..<close]), code: true)
        i = close + 1
      } else if c == "[", state.link == nil, let link = linkAt(i, in: chars, next: next) {
        links.append(MarkdownLink(text: String(chars[link.label]), target: link.target))
        var inner = state
        inner.link = links.count - 1
        for run in parse(Array(chars[link.label]), state: inner) {
          runs.append(run)
        }
        i = link.end
      } else if c == "*", let width = delimiter(at: i, in: chars, open: state, next: next) {
        if width == 2 { state.bold.toggle() } else { state.emphasis.toggle() }
        i += width
      } else {
        // Plain text up to the next character that may start markup, in one piece: one
        // String and one append per span instead of per character (most of a lesson's text).
        var end = i + 1
        while end < chars.count, !Self.mayStartMarkup(chars[end]) { end += 1 }
        emit(String(chars[i..<end]))
        i = end
      }
    }
    return runs
  }

  /// The characters the loop above acts on; anything else is plain text.
  private static func mayStartMarkup(_ c: Character) -> Bool {
    c == "\\" || c == "`" || c == "[" || c == "*"
  }

  /// If a `*` or `**` at `i` opens or closes emphasis, its width; nil when it is literal.
  ///
  /// Closing needs a non-space before it; opening needs a non-space after it and a matching
  /// closer later, so `2 * 3` and a stray `**` stay as written.
  private func delimiter(at i: Int, in chars: [Character], open state: State, next: NextOccurrences) -> Int? {
    let width = i + 1 < chars.count && chars[i + 1] == "*" ? 2 : 1
    let isOpen = width == 2 ? state.bold : state.emphasis
    if isOpen {
      return i > 0 && chars[i - 1] != " " ? width : nil
    }
    let after = i + width
    guard after < chars.count, chars[after] != " " else { return nil }
    return next.closer(width: width, from: after + 1) != nil ? width : nil
  }

  /// `[label](target)` starting at `i`: the label's range, the target and the index after `)`.
  private func linkAt(
    _ i: Int, in chars: [Character], next: NextOccurrences
  ) -> (label: Range<Int>, target: String, end: Int)? {
    guard let close = next.bracket(from: i + 1), close + 1 < chars.count,
      chars[close + 1] == "(",
      let paren = next.parenthesis(from: close + 2)
    else { return nil }
    let target = String(chars[(close + 2)..<paren]).trimmingSpaces
    return (i + 1..<close, target, paren + 1)
  }
}

/// Where the next `` ` ``, `]`, `)` and emphasis closer are from every position of a line,
/// found in one backward pass. Searching forward from each opener instead made a line of
/// 150,000 `[` or `*` take minutes (each search walked to the end of the line); with these
/// tables parsing a line is linear in its length.
private struct NextOccurrences {
  private let backticks: [Int32]
  private let brackets: [Int32]
  private let parentheses: [Int32]
  /// A `*` (or `**`) that may close emphasis: not preceded by a space.
  private let singleClosers: [Int32]
  private let doubleClosers: [Int32]

  init(_ chars: [Character]) {
    let n = chars.count
    // Int32 halves the tables' memory; lines are capped far below 2^31 characters (the
    // lesson reader refuses files over 8 MiB).
    var backticks = [Int32](repeating: -1, count: n + 1)
    var brackets = backticks, parentheses = backticks, single = backticks, double = backticks
    var j = n - 1
    while j >= 0 {
      let c = chars[j]
      backticks[j] = c == "`" ? Int32(j) : backticks[j + 1]
      brackets[j] = c == "]" ? Int32(j) : brackets[j + 1]
      parentheses[j] = c == ")" ? Int32(j) : parentheses[j + 1]
      let closes = c == "*" && j > 0 && chars[j - 1] != " "
      single[j] = closes ? Int32(j) : single[j + 1]
      double[j] = closes && j + 1 < n && chars[j + 1] == "*" ? Int32(j) : double[j + 1]
      j -= 1
    }
    self.backticks = backticks
    self.brackets = brackets
    self.parentheses = parentheses
    singleClosers = single
    doubleClosers = double
  }

  private static func lookup(_ table: [Int32], _ start: Int) -> Int? {
    guard start >= 0, start < table.count, table[start] >= 0 else { return nil }
    return Int(table[start])
  }

  func backtick(from start: Int) -> Int? { Self.lookup(backticks, start) }
  func bracket(from start: Int) -> Int? { Self.lookup(brackets, start) }
  func parenthesis(from start: Int) -> Int? { Self.lookup(parentheses, start) }
  func closer(width: Int, from start: Int) -> Int? { Self.lookup(width == 2 ? doubleClosers : singleClosers, start) }
}
