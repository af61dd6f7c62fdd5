/// One list item: `- text` (bullet) or `3. text` (numbered), nested by indentation.
public struct MarkdownListItem: Sendable, Hashable {
  /// The item's number, or nil for a bullet.
  public var number: Int?
  /// Nesting depth: 0 for top level, +1 per two spaces of indentation.
  public var level: Int
  public var runs: [MarkdownRun]

  public init(number: Int?, level: Int, runs: [MarkdownRun]) {
    self.number = number
    self.level = level
    self.runs = runs
  }
}
