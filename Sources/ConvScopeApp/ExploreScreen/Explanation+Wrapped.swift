import ConvEngine
import TerminalUI

extension Explanation {
  /// The explanation's text for a column `width` wide, as Explore's panel and
  /// `convscope forward --explain` show it. The engine lays out its grids and lists for the
  /// width; a longer line of prose is wrapped here by the toolkit's `TextWrapper` (which
  /// counts display columns), its own leading blanks kept and its continuations indented by 4,
  /// so no number is lost off the edge. Widths under 8 are treated as 8.
  public func wrappedLines(width: Int, limits: ExplanationLimits = .standard) -> [String] {
    let width = max(8, width)
    return lines(maxWidth: width, limits: limits).flatMap { line -> [String] in
      guard line.displayWidth > width else { return [line] }
      let indent = String(line.prefix { $0 == " " })
      return TextWrapper.wrap(String(line.dropFirst(indent.count)), width: width, first: indent, rest: "    ")
    }
  }
}
