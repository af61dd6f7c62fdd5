/// One block-level element of a Markdown document.
public enum MarkdownBlock: Sendable, Hashable {
  /// `#`, `##`, `###` … (level 1–6).
  case heading(level: Int, [MarkdownRun])
  case paragraph([MarkdownRun])
  /// Consecutive bullet and/or numbered items, possibly nested.
  case list([MarkdownListItem])
  /// A fenced block; `language` is the word after the opening fence, if any.
  case code(language: String?, lines: [String])
  case table(MarkdownTable)
  /// `> quoted text`.
  case quote([MarkdownRun])
  /// `---`.
  case rule
}
