extension ScreenBuffer {
  /// The cells inside `rect` (clipped to the buffer) as a buffer of their own: one panel of a
  /// screen, cut out for a picture.
  public func cropped(to rect: Rect) -> ScreenBuffer {
    let r = rect.intersection(area)
    var out = ScreenBuffer(width: r.width, height: r.height)
    for y in 0..<r.height {
      for x in 0..<r.width { out[x, y] = self[r.x + x, r.y + y] }
    }
    return out
  }

  /// `blocks` one under another, `width` columns wide (wider blocks are cut at the right).
  public static func stacking(_ blocks: [ScreenBuffer], width: Int) -> ScreenBuffer {
    var out = ScreenBuffer(width: width, height: blocks.reduce(0) { $0 + $1.height })
    var top = 0
    for block in blocks {
      for y in 0..<block.height {
        for x in 0..<min(width, block.width) { out[x, top + y] = block[x, y] }
      }
      top += block.height
    }
    return out
  }
}

extension ScreenBuffer {
  /// The buffer without its blank rows at the bottom and blank columns at the right (a panel
  /// whose maps fill only its top left), keeping at least one cell.
  public func trimmingBlankEdges() -> ScreenBuffer {
    func isBlank(_ cell: Cell) -> Bool {
      cell.symbol == " " && cell.style.bg == .default && !cell.style.reverse && !cell.style.underline
    }
    var bottom = height
    while bottom > 1, (0..<width).allSatisfy({ isBlank(self[$0, bottom - 1]) }) { bottom -= 1 }
    var right = width
    while right > 1, (0..<bottom).allSatisfy({ isBlank(self[right - 1, $0]) }) { right -= 1 }
    return cropped(to: Rect(x: 0, y: 0, width: right, height: bottom))
  }
}
