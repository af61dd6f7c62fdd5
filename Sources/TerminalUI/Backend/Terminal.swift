/// Draws frames on a backend, sending only the cells that changed since the last frame.
///
/// The pipeline is ratatui's: resize check → render into a fresh buffer → diff against the
/// previous frame → `backend.draw(changes)` → `backend.flush()` → keep the frame.
public struct Terminal<Backend: TerminalBackend> {
  public let backend: Backend
  /// The last frame sent to the backend (what the screen shows).
  public private(set) var previous: ScreenBuffer
  /// How many cells the most recent `draw` sent.
  public private(set) var lastChangeCount = 0

  public init(backend: Backend) {
    self.backend = backend
    // An empty previous frame differs in size from any real one, so the first draw is full.
    self.previous = ScreenBuffer(width: 0, height: 0)
  }

  public var size: Size { backend.size }

  /// Renders one frame with `body` and sends the difference to the backend.
  ///
  /// Colours are approximated to the backend's depth here, once, so widgets may use RGB
  /// freely and backends only ever see colours they declared they can show.
  @discardableResult
  public mutating func draw(_ body: (inout Frame) -> Void) -> [CellChange] {
    var frame = Frame(
      buffer: ScreenBuffer(size: backend.size), colorDepth: backend.colorDepth,
      unicode: backend.unicode)
    body(&frame)
    var changes = frame.buffer.diff(from: previous)
    if backend.colorDepth != .direct {
      for i in changes.indices {
        changes[i].cell.style = backend.colorDepth.approximate(changes[i].cell.style)
      }
    }
    backend.draw(changes)
    backend.flush()
    previous = frame.buffer
    lastChangeCount = changes.count
    return changes
  }

  /// Like `draw`, but shows a "terminal too small" notice instead of `body` when the screen
  /// is smaller than `minimum`, so a cramped layout never renders as garbage.
  @discardableResult
  public mutating func draw(
    requiring minimum: Size, _ body: (inout Frame) -> Void
  ) -> [CellChange] {
    if backend.size.fits(minimum) { return draw(body) }
    return drawTooSmall(needs: minimum)
  }

  /// Draws only the centred "terminal too small (needs W×H, have w×h)" notice.
  @discardableResult
  public mutating func drawTooSmall(needs minimum: Size) -> [CellChange] {
    let have = backend.size
    return draw { frame in frame.render(TooSmallNotice(needs: minimum, have: have)) }
  }

  /// Forgets the previous frame so the next draw repaints every cell (e.g. after another
  /// program scribbled on the screen).
  public mutating func invalidate() {
    previous = ScreenBuffer(width: 0, height: 0)
  }

  /// Forwards to the backend: the next input event, or nil after `milliseconds`.
  public func nextEvent(timeout milliseconds: Int) -> InputEvent? {
    backend.nextEvent(timeout: milliseconds)
  }
}
