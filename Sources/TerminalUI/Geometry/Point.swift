/// A cell position: column `x`, row `y`, both counted from the top-left corner.
public struct Point: Sendable, Hashable, CustomStringConvertible {
  public var x: Int
  public var y: Int

  public init(x: Int, y: Int) {
    self.x = x
    self.y = y
  }

  public var description: String { "(\(x), \(y))" }
}
