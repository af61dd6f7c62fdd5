/// A link found in a document: its visible text and where it points (a URL, a lesson id…).
public struct MarkdownLink: Sendable, Hashable {
  public var text: String
  public var target: String

  public init(text: String, target: String) {
    self.text = text
    self.target = target
  }
}
