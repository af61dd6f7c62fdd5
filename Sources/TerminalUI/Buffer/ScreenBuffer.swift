/// A grid of cells that widgets draw into; the terminal diffs two of them to find what changed.
///
/// Writes outside the grid are silently clipped: a widget handed a too-large rectangle
/// (say, right after a resize) should draw less, never crash the session.
public struct ScreenBuffer: Sendable, Equatable {
  public private(set) var width: Int
  public private(set) var height: Int
  /// Row-major: the cell at (x, y) is `cells[y * width + x]`.
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, filledWith cell: Cell = .blank) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.cells = Array(repeating: cell, count: self.width * self.height)
  }

  public init(size: Size) {
    self.init(width: size.width, height: size.height)
  }

  /// A buffer holding `lines` as plain text, padded to the widest line (handy in tests).
  public init(lines: [String]) {
    let width = lines.map(\.displayWidth).max() ?? 0
    self.init(width: width, height: lines.count)
    for (y, line) in lines.enumerated() { put(line, at: Point(x: 0, y: y)) }
  }

  public var size: Size { Size(width: width, height: height) }
  /// The whole buffer as a rectangle at the origin.
  public var area: Rect { Rect(size) }

  /// The cell at (x, y); reading outside gives a blank cell, writing outside does nothing.
  public subscript(x: Int, y: Int) -> Cell {
    get { contains(x, y) ? cells[y * width + x] : .blank }
    set { set(newValue, x: x, y: y) }
  }

  /// Writes `string` from `point` on one row, returning the number of columns written.
  ///
  /// Stops at the right edge of `clip` (or the buffer). A wide character that would straddle
  /// the edge is not written. Control characters become spaces so column counts stay honest and text from files
  /// cannot reach the terminal as escape sequences.
  @discardableResult
  public mutating func put(
    _ string: String, at point: Point, style: Style = .plain, clippedTo clip: Rect? = nil
  ) -> Int {
    let bounds = clip.map { $0.intersection(area) } ?? area
    guard point.y >= bounds.top, point.y < bounds.bottom else { return 0 }
    var x = point.x
    for character in string {
      // C0, DEL and C1 (U+009B is CSI to some terminals): never let a cell carry a control.
      let shown: Character =
        character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } ? " " : character
      let w = shown.displayWidth
      if x + w > bounds.right { break }
      if x >= bounds.left {
        set(Cell(shown, style: style), x: x, y: point.y)
        if w == 2 { set(.continuation(style: style), x: x + 1, y: point.y) }
      }
      x += w
    }
    return max(0, x - max(point.x, bounds.left))
  }

  /// Writes styled spans one after another; returns the columns written.
  @discardableResult
  public mutating func put(_ spans: [Span], at point: Point, clippedTo clip: Rect? = nil) -> Int {
    var x = point.x
    var written = 0
    for span in spans {
      written += put(span.text, at: Point(x: x, y: point.y), style: span.style, clippedTo: clip)
      x += span.displayWidth
    }
    return written
  }

  /// Sets every cell in `rect` (clipped to the buffer) to `cell`.
  public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
    let r = rect.intersection(area)
    for y in r.top..<r.bottom {
      for x in r.left..<r.right { set(cell, x: x, y: y) }
    }
  }

  /// Lays `style` over every cell in `rect`, keeping the symbols (used for highlights).
  public mutating func applyStyle(_ style: Style, to rect: Rect) {
    let r = rect.intersection(area)
    for y in r.top..<r.bottom {
      for x in r.left..<r.right {
        let i = y * width + x
        cells[i].style = cells[i].style.patched(with: style)
      }
    }
  }

  /// The plain text of row `y`, continuation cells skipped.
  public func text(ofRow y: Int) -> String {
    guard y >= 0, y < height else { return "" }
    var line = ""
    for x in 0..<width where !cells[y * width + x].isContinuation {
      line.append(cells[y * width + x].symbol)
    }
    return line
  }

  private func contains(_ x: Int, _ y: Int) -> Bool {
    x >= 0 && y >= 0 && x < width && y < height
  }

  /// The single write path: keeps wide characters whole by blanking an orphaned half.
  private mutating func set(_ cell: Cell, x: Int, y: Int) {
    guard contains(x, y) else { return }
    let i = y * width + x
    if cells[i].isContinuation, !cell.isContinuation, x > 0 {
      cells[i - 1] = Cell(" ", style: cells[i - 1].style)
    }
    if x + 1 < width, cells[i + 1].isContinuation, !cells[i].isContinuation {
      cells[i + 1] = Cell(" ", style: cells[i + 1].style)
    }
    cells[i] = cell
  }
}
