/// A mouse press, release, drag or wheel step at a cell position.
public struct MouseEvent: Sendable, Hashable {
  /// Which button (or wheel direction) the event is about.
  public enum Button: Sendable, Hashable {
    case left, right, middle, wheelUp, wheelDown
  }

  /// What the button did.
  public enum Kind: Sendable, Hashable {
    case press, release, drag
  }

  public var x: Int
  public var y: Int
  public var button: Button
  public var kind: Kind
  public var modifiers: Modifiers

  public init(x: Int, y: Int, button: Button, kind: Kind = .press, modifiers: Modifiers = []) {
    self.x = x
    self.y = y
    self.button = button
    self.kind = kind
    self.modifiers = modifiers
  }

  public var point: Point { Point(x: x, y: y) }
}
