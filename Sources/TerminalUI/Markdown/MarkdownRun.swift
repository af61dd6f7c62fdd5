/// A piece of inline Markdown text with its formatting.
public struct MarkdownRun: Sendable, Hashable {
  public var text: String
  public var bold: Bool
  public var emphasis: Bool
  /// Inline `code`.
  public var code: Bool
  /// Index into `MarkdownDocument.links` when this text belongs to a link.
  public var link: Int?

  public init(
    _ text: String, bold: Bool = false, emphasis: Bool = false, code: Bool = false, link: Int? = nil
  ) {
    self.text = text
    self.bold = bold
    self.emphasis = emphasis
    self.code = code
    self.link = link
  }
}

extension Array where Element == MarkdownRun {
  /// The text without formatting.
  public var plainText: String { map(\.text).joined() }
}
