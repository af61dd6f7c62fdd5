/// A rectangle of terminal cells; `x`/`y` is the top-left cell, right and bottom are exclusive.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  /// Negative extents are clamped to zero so every later computation can trust them.
  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// A rectangle at the origin covering `size`.
  public init(_ size: Size) {
    self.init(x: 0, y: 0, width: size.width, height: size.height)
  }

  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  public var size: Size { Size(width: width, height: height) }
  public var left: Int { x }
  public var top: Int { y }
  /// One past the last column.
  public var right: Int { x + width }
  /// One past the last row.
  public var bottom: Int { y + height }
  public var isEmpty: Bool { width <= 0 || height <= 0 }
  public var area: Int { width * height }

  public func contains(_ point: Point) -> Bool {
    point.x >= x && point.x < right && point.y >= y && point.y < bottom
  }

  /// The overlap of two rectangles; an empty rectangle (at the clamped origin) when disjoint.
  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    let right = min(self.right, other.right)
    let bottom = min(self.bottom, other.bottom)
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  /// Shrinks each side by `amount` cells; never yields a negative size.
  public func inset(by amount: Int) -> Rect {
    inset(top: amount, left: amount, bottom: amount, right: amount)
  }

  /// Shrinks each side separately. Over-large insets collapse to an empty rect inside `self`.
  public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
    let newX = min(x + max(0, left), self.right)
    let newY = min(y + max(0, top), self.bottom)
    return Rect(
      x: newX, y: newY,
      width: width - max(0, left) - max(0, right),
      height: height - max(0, top) - max(0, bottom))
  }

  /// A rectangle of (at most) the given size centred inside this one; odd slack goes right/down.
  public func centered(width: Int, height: Int) -> Rect {
    let w = min(max(0, width), self.width)
    let h = min(max(0, height), self.height)
    return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
  }

  /// The single-row rectangle at offset `row` (relative to the top), clipped to `self`.
  public func row(_ row: Int) -> Rect {
    intersection(Rect(x: x, y: y + row, width: width, height: 1))
  }

  public var description: String { "Rect(x: \(x), y: \(y), w: \(width), h: \(height))" }
}
