/// A pipe table: header cells, per-column alignment (from `:--`, `:-:`, `--:`), body rows.
public struct MarkdownTable: Sendable, Hashable {
  public var header: [[MarkdownRun]]
  public var alignments: [Alignment]
  public var rows: [[[MarkdownRun]]]

  public init(header: [[MarkdownRun]], alignments: [Alignment], rows: [[[MarkdownRun]]]) {
    self.header = header
    self.alignments = alignments
    self.rows = rows
  }
}
