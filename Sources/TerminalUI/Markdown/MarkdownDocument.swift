/// A parsed Markdown document: the small subset lessons use (headings, paragraphs, emphasis,
/// code, lists, fenced code, pipe tables, links).
public struct MarkdownDocument: Sendable, Hashable {
  public var blocks: [MarkdownBlock]
  /// Every link in document order; `MarkdownRun.link` indexes into this.
  public var links: [MarkdownLink]
  /// The 1-based line of the parsed text each block starts on, parallel to `blocks` (empty
  /// for a document built from blocks): what lets a reader of fenced blocks name the line of
  /// a mistake in one.
  public var blockLines: [Int]

  public init(blocks: [MarkdownBlock], links: [MarkdownLink] = [], blockLines: [Int] = []) {
    self.blocks = blocks
    self.links = links
    self.blockLines = blockLines
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
    fencedBlocks(language: language).map(\.lines)
  }

  /// The same blocks with the line of each one's opening fence (0 when the document was not
  /// parsed from text).
  public func fencedBlocks(language: String) -> [(fence: Int, lines: [String])] {
    blocks.indices.compactMap { i in
      guard case .code(language, let lines) = blocks[i] else { return nil }
      return (blockLines.indices.contains(i) ? blockLines[i] : 0, lines)
    }
  }
}
