/// A parsed Markdown document: the small subset lessons use (headings, paragraphs, emphasis,
/// code, lists, fenced code, pipe tables, links).
public struct MarkdownDocument: Sendable, Hashable {
  public var blocks: [MarkdownBlock]
  /// Every link in document order; `MarkdownRun.link` indexes into this.
  public var links: [MarkdownLink]

  public init(blocks: [MarkdownBlock], links: [MarkdownLink] = []) {
    self.blocks = blocks
    self.links = links
  }

  /// Parses Markdown text. Never fails: anything unrecognised is kept as paragraph text.
  public init(parsing text: String) {
    var parser = MarkdownParser(text: text)
    self = parser.parse()
  }

  /// The text of the first level-1 heading.
  public var title: String? {
    for case .heading(1, let runs) in blocks { return runs.plainText }
    return nil
  }

  /// The lines of every fenced block tagged with `language` (e.g. runnable `convscope` blocks).
  public func codeBlocks(language: String) -> [[String]] {
    blocks.compactMap { block in
      if case .code(language, let lines) = block { return lines }
      return nil
    }
  }
}
