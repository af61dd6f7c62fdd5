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
    var runs: [MarkdownRun] = []
    var state = initial
    var i = 0
    func emit(_ text: String, code: Bool = false) {
      let run = MarkdownRun(
        text, bold: state.bold, emphasis: state.emphasis, code: code, link: state.link)
      if let last = runs.last, !code, !last.code, last.bold == run.bold,
        last.emphasis == run.emphasis,
        last.link == run.link
      {
        runs[runs.count - 1].text += text
      } else {
        runs.append(run)
      }
    }
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
        emit(String(chars[i + 1]))
        i += 2
      } else if c == "`", let close = find("`", in: chars, from: i + 1) {
        emit(String(chars[(i + 1)..<close]), code: true)
        i = close + 1
      } else if c == "[", state.link == nil, let link = linkAt(i, in: chars) {
        links.append(MarkdownLink(text: String(chars[link.label]), target: link.target))
        var inner = state
        inner.link = links.count - 1
        for run in parse(Array(chars[link.label]), state: inner) {
          runs.append(run)
        }
        i = link.end
      } else if c == "*", let width = delimiter(at: i, in: chars, open: state) {
        if width == 2 { state.bold.toggle() } else { state.emphasis.toggle() }
        i += width
      } else {
        emit(String(c))
        i += 1
      }
    }
    return runs
  }

  /// If a `*` or `**` at `i` opens or closes emphasis, its width; nil when it is literal.
  ///
  /// Closing needs a non-space before it; opening needs a non-space after it and a matching
  /// closer later, so `2 * 3` and a stray `**` stay as written.
  private func delimiter(at i: Int, in chars: [Character], open state: State) -> Int? {
    let width = i + 1 < chars.count && chars[i + 1] == "*" ? 2 : 1
    let isOpen = width == 2 ? state.bold : state.emphasis
    if isOpen {
      return i > 0 && chars[i - 1] != " " ? width : nil
    }
    let next = i + width
    guard next < chars.count, chars[next] != " " else { return nil }
    let marker = String(repeating: "*", count: width)
    var j = next + 1
    while j + width <= chars.count {
      if String(chars[j..<(j + width)]) == marker, chars[j - 1] != " " { return width }
      j += 1
    }
    return nil
  }

  /// `[label](target)` starting at `i`: the label's range, the target and the index after `)`.
  private func linkAt(
    _ i: Int, in chars: [Character]
  ) -> (label: Range<Int>, target: String, end: Int)? {
    guard let close = find("]", in: chars, from: i + 1), close + 1 < chars.count,
      chars[close + 1] == "(",
      let paren = find(")", in: chars, from: close + 2)
    else { return nil }
    let target = String(chars[(close + 2)..<paren]).trimmingSpaces
    return (i + 1..<close, target, paren + 1)
  }

  private func find(_ character: Character, in chars: [Character], from start: Int) -> Int? {
    guard start < chars.count else { return nil }
    return chars[start...].firstIndex(of: character)
  }
}
