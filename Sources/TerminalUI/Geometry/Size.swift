/// A width and height in terminal cells.
public struct Size: Sendable, Hashable, CustomStringConvertible {
  public var width: Int
  public var height: Int

  /// Negative sizes are clamped to zero: a terminal never has fewer than zero columns.
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public static let zero = Size(width: 0, height: 0)

  /// Whether this size is at least `other` in both directions.
  public func fits(_ other: Size) -> Bool {
    width >= other.width && height >= other.height
  }

  public var description: String { "\(width)×\(height)" }
}
