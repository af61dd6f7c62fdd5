/// A run of text in one style; the unit that wrapping and rich widgets work with.
public struct Span: Sendable, Hashable {
  public var text: String
  public var style: Style
  /// An optional caller-chosen number that survives wrapping, so the caller can find where
  /// a span landed on screen (the Markdown view tags link text with the link's index).
  public var tag: Int?

  public init(_ text: String, style: Style = .plain, tag: Int? = nil) {
    self.text = text
    self.style = style
    self.tag = tag
  }

  public var displayWidth: Int { text.displayWidth }
}

extension Array where Element == Span {
  /// The columns a line of spans takes.
  public var displayWidth: Int { reduce(0) { $0 + $1.displayWidth } }

  /// The concatenated text, without styles.
  public var plainText: String { map(\.text).joined() }
}
