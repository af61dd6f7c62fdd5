/// Lays a `MarkdownDocument` out as styled lines for a given width. Link text is tagged with
/// the link's index (`Span.tag`) so `MarkdownView` can find it on screen afterwards.
struct MarkdownRenderer {
  var width: Int
  var unicode: Bool
  var focusedLink: Int?

  static let codeStyle = Style(fg: .yellow)
  static let linkStyle = Style(fg: .brightBlue, underline: true)

  func lines(for document: MarkdownDocument) -> [[Span]] {
    laidOut(document).lines
  }

  /// The lines, and the line each block starts on (a reader's place is kept by block when
  /// the width changes, since line numbers differ from one width to another).
  func laidOut(_ document: MarkdownDocument) -> (lines: [[Span]], blockStarts: [Int]) {
    var lines: [[Span]] = []
    var starts: [Int] = []
    for (i, block) in document.blocks.enumerated() {
      if i > 0 { lines.append([]) }  // one blank line between blocks
      starts.append(lines.count)
      lines += render(block)
    }
    return (lines, starts)
  }

  private func render(_ block: MarkdownBlock) -> [[Span]] {
    switch block {
    case .heading(let level, let runs):
      let style =
        switch level {
        case 1: Style(fg: .cyan, bold: true, underline: true)
        case 2: Style(fg: .cyan, bold: true)
        default: Style(bold: true)
        }
      return TextWrapper.wrap(spans(runs, base: style), width: width)
    case .paragraph(let runs):
      return TextWrapper.wrap(spans(runs), width: width)
    case .quote(let runs):
      return prefixed(spans(runs), first: unicode ? "│ " : "> ", rest: unicode ? "│ " : "> ")
    case .list(let items):
      return items.flatMap(render)
    case .code(_, let lines):
      let gutter = Span(unicode ? "│ " : "| ", style: Style(dim: true))
      return lines.map { [gutter, Span(ASCIIText.fitting($0, unicode: unicode), style: MarkdownRenderer.codeStyle)] }
    case .table(let table):
      return render(table)
    case .rule:
      return [[Span(String(repeating: unicode ? "─" : "-", count: width), style: Style(dim: true))]]
    }
  }

  /// `• text` / `2. text`, indented by level, wrapped lines hanging under the text.
  private func render(_ item: MarkdownListItem) -> [[Span]] {
    let indent = String(repeating: " ", count: 2 * item.level)
    let marker = item.number.map { "\($0). " } ?? (unicode ? "• " : "- ")
    return prefixed(
      spans(item.runs), first: indent + marker,
      rest: String(repeating: " ", count: indent.count + marker.count))
  }

  /// Wraps `content` in the space left by a prefix, then puts the prefix in front.
  private func prefixed(_ content: [Span], first: String, rest: String) -> [[Span]] {
    let wrapped = TextWrapper.wrap(content, width: width - first.displayWidth)
    return wrapped.enumerated().map { i, line in [Span(i == 0 ? first : rest)] + line }
  }

  /// Columns separated by `│`, a rule under the header; cells are not wrapped (wide tables
  /// are clipped at the right edge, which keeps the columns readable).
  private func render(_ table: MarkdownTable) -> [[Span]] {
    let all = [table.header] + table.rows
    let columns = all.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in
      all.map { c < $0.count ? ASCIIText.fitting($0[c].plainText, unicode: unicode).displayWidth : 0 }.max() ?? 0
    }
    let separator = unicode ? " │ " : " | "
    func row(_ cells: [[MarkdownRun]], base: Style) -> [Span] {
      var line: [Span] = []
      for c in 0..<columns {
        if c > 0 { line.append(Span(separator, style: Style(dim: true))) }
        let runs = c < cells.count ? cells[c] : []
        let slack = widths[c] - ASCIIText.fitting(runs.plainText, unicode: unicode).displayWidth
        let alignment = c < table.alignments.count ? table.alignments[c] : .left
        let left = alignment == .right ? slack : alignment == .center ? slack / 2 : 0
        line.append(Span(String(repeating: " ", count: left)))
        line += spans(runs, base: base)
        line.append(Span(String(repeating: " ", count: slack - left)))
      }
      return line
    }
    let rule = widths.map { String(repeating: unicode ? "─" : "-", count: $0) }
      .joined(separator: unicode ? "─┼─" : "-+-")
    return [row(table.header, base: Style(bold: true)), [Span(rule, style: Style(dim: true))]]
      + table.rows.map { row($0, base: .plain) }
  }

  /// Inline runs as spans: bold → bold, emphasis → underline (terminals lack a reliable
  /// italic), code → yellow, links → blue underlined, the focused link reversed. Without
  /// Unicode the text is spelled in ASCII before it is wrapped (− as -, ⌊x⌋ as floor(x)):
  /// the backend's per-cell backstop would print `?` for what it does not know.
  private func spans(_ runs: [MarkdownRun], base: Style = .plain) -> [Span] {
    runs.map { run in
      var style = base
      if run.bold { style.bold = true }
      if run.emphasis { style.underline = true }
      if run.code { style = style.patched(with: MarkdownRenderer.codeStyle) }
      if let link = run.link {
        style = style.patched(with: MarkdownRenderer.linkStyle)
        if link == focusedLink { style.reverse = true }
      }
      return Span(ASCIIText.fitting(run.text, unicode: unicode), style: style, tag: run.link)
    }
  }
}
