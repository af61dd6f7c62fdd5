/// One terminal cell: a character (a whole grapheme, so combining marks travel with their
/// base) and its style.
///
/// An East Asian wide character occupies two cells: the first holds the character, the second
/// is a *continuation* cell that backends must not draw over.
public struct Cell: Sendable, Hashable {
  public var symbol: Character
  public var style: Style
  /// True for the right half of a wide character.
  public var isContinuation: Bool

  public init(_ symbol: Character = " ", style: Style = .plain) {
    self.symbol = symbol
    self.style = style
    self.isContinuation = false
  }

  /// An empty, unstyled cell.
  public static let blank = Cell()

  /// The placeholder written to the right of a wide character.
  static func continuation(style: Style) -> Cell {
    var cell = Cell(" ", style: style)
    cell.isContinuation = true
    return cell
  }
}
