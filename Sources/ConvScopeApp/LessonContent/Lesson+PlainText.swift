import TerminalUI

extension Lesson {
  /// The lesson as terminal text `width` columns wide, drawn by TerminalUI's `MarkdownView`
  /// into a `ScreenBuffer`. Each link's text is followed by its number (`[2]`) and the links
  /// are listed after the text, so they can be typed or followed elsewhere.
  public func plainText(width: Int, unicode: Bool = true) -> String {
    let view = MarkdownView(document: numberedDocument(), unicode: unicode)
    let width = max(20, width)
    let lines = view.lines(width: width)
    var buffer = ScreenBuffer(width: width, height: lines.count)
    view.render(in: buffer.area, into: &buffer)
    var text = buffer.plainText()
    if !links.isEmpty {
      text += "\n\nLinks:\n" + links.enumerated().map { "[\($0.offset + 1)] \($0.element.target)" }.joined(separator: "\n")
    }
    if let quiz = quizzes.first {
      text += "\n\nQuiz: \(quiz.questions.count) questions. Take it with: convscope lesson quiz \(id)"
    }
    return text
  }

  /// The first line of section `anchor` when `document` is laid out `width` columns wide by
  /// `MarkdownView`, to scroll a `convscope:lesson?section=` link into view.
  public func line(ofSection anchor: String, width: Int, unicode: Bool = true) -> Int? {
    guard let section = section(anchor) else { return nil }
    return MarkdownView(document: document, unicode: unicode).line(of: MarkdownPlace(block: section.blockIndex), width: width)
  }

  /// `document` with ` [n]` after the text of link n (numbered from 1).
  public func numberedDocument() -> MarkdownDocument {
    func annotate(_ runs: [MarkdownRun]) -> [MarkdownRun] {
      var out: [MarkdownRun] = []
      for (i, run) in runs.enumerated() {
        out.append(run)
        if let link = run.link, i + 1 == runs.count || runs[i + 1].link != link {
          out.append(MarkdownRun(" [\(link + 1)]"))
        }
      }
      return out
    }
    var doc = document
    doc.blocks = document.blocks.map { block in
      switch block {
      case .heading(let level, let runs): .heading(level: level, annotate(runs))
      case .paragraph(let runs): .paragraph(annotate(runs))
      case .quote(let runs): .quote(annotate(runs))
      case .list(let items):
        .list(items.map { MarkdownListItem(number: $0.number, level: $0.level, runs: annotate($0.runs)) })
      case .table(let t):
        .table(MarkdownTable(header: t.header.map(annotate), alignments: t.alignments, rows: t.rows.map { $0.map(annotate) }))
      case .code, .rule: block
      }
    }
    return doc
  }
}
