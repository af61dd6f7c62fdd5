extension ScreenBuffer {
  /// The cells that differ from `previous`, row by row, left to right.
  ///
  /// When the sizes differ the old screen content is meaningless (the terminal re-laid it
  /// out), so every cell is returned: a full redraw.
  public func diff(from previous: ScreenBuffer) -> [CellChange] {
    var changes: [CellChange] = []
    let fullRedraw = previous.width != width || previous.height != height
    for y in 0..<height {
      for x in 0..<width {
        let i = y * width + x
        if fullRedraw || cells[i] != previous.cells[i] {
          changes.append(CellChange(x: x, y: y, cell: cells[i]))
        }
      }
    }
    return changes
  }

  /// Applies changes from a diff (what `MemoryBackend` does with what it is sent).
  public mutating func apply(_ changes: [CellChange]) {
    for change in changes { self[change.x, change.y] = change.cell }
  }
}
