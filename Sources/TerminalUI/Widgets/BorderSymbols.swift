/// The characters used to draw a box, in Unicode and plain-ASCII flavours.
public struct BorderSymbols: Sendable, Hashable {
  public var horizontal: Character
  public var vertical: Character
  public var topLeft: Character
  public var topRight: Character
  public var bottomLeft: Character
  public var bottomRight: Character

  /// Light box-drawing lines: `┌─┐│└┘`.
  public static let unicode = BorderSymbols(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
    bottomRight: "┘")

  /// For terminals or fonts without box drawing: `+-+|++`.
  public static let ascii = BorderSymbols(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
    bottomRight: "+")

  public static func forUnicode(_ unicode: Bool) -> BorderSymbols {
    unicode ? .unicode : .ascii
  }
}
