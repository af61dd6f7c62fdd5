/// The square of input cells one convolution output reads, in input coordinates; rows or
/// columns outside the input (negative, or past the edge) are zero padding.
public struct ReceptiveField: Sendable, Hashable {
  public var top: Int
  public var left: Int
  /// The kernel size: the field is size×size.
  public var size: Int
  /// The input map's height and width, to tell padding from data.
  public var inputHeight: Int
  public var inputWidth: Int

  public init(top: Int, left: Int, size: Int, inputHeight: Int, inputWidth: Int) {
    self.top = top
    self.left = left
    self.size = size
    self.inputHeight = inputHeight
    self.inputWidth = inputWidth
  }

  public var rows: ClosedRange<Int> { top...(top + size - 1) }
  public var cols: ClosedRange<Int> { left...(left + size - 1) }

  /// Whether (row, col) lies in the zero padding around the input.
  public func isPadding(row: Int, col: Int) -> Bool {
    row < 0 || col < 0 || row >= inputHeight || col >= inputWidth
  }

  /// The part of the field that is real input (for highlighting it on the map).
  public var insideRows: ClosedRange<Int>? { Self.clip(rows, to: inputHeight) }
  public var insideCols: ClosedRange<Int>? { Self.clip(cols, to: inputWidth) }

  /// How many of the size×size cells are padding.
  public var paddedCells: Int {
    let r = insideRows?.count ?? 0, c = insideCols?.count ?? 0
    return size * size - r * c
  }

  private static func clip(_ range: ClosedRange<Int>, to n: Int) -> ClosedRange<Int>? {
    let lo = max(0, range.lowerBound), hi = min(n - 1, range.upperBound)
    return lo <= hi ? lo...hi : nil
  }
}
