/// A terminal in memory for tests and headless rendering: it records what was drawn and
/// replays scripted input.
public final class MemoryBackend: TerminalBackend {
  /// What the "screen" currently shows.
  public private(set) var buffer: ScreenBuffer
  /// How many times `flush()` was called.
  public private(set) var flushCount = 0
  /// The changes received by the most recent `draw` call.
  public private(set) var lastChanges: [CellChange] = []
  /// Scripted input, consumed front to back by `nextEvent`.
  public var pendingEvents: [InputEvent]
  public var colorDepth: ColorDepth
  public var unicode: Bool
  /// Setting the size directly does not enqueue an event; use `resize(to:)` for that.
  public var size: Size

  public init(
    width: Int, height: Int, colorDepth: ColorDepth = .direct, unicode: Bool = true,
    events: [InputEvent] = []
  ) {
    self.size = Size(width: width, height: height)
    self.buffer = ScreenBuffer(width: width, height: height)
    self.colorDepth = colorDepth
    self.unicode = unicode
    self.pendingEvents = events
  }

  public func draw(_ changes: [CellChange]) {
    // A real terminal reflows on resize; mimic that by starting from a blank screen.
    if buffer.size != size { buffer = ScreenBuffer(size: size) }
    buffer.apply(changes)
    lastChanges = changes
  }

  public func flush() {
    flushCount += 1
  }

  /// Returns the next scripted event, or nil at once when the script is used up, so test
  /// loops end instead of waiting out the timeout.
  public func nextEvent(timeout milliseconds: Int) -> InputEvent? {
    pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
  }

  /// Queues events after those already pending.
  public func enqueue(_ events: InputEvent...) {
    pendingEvents += events
  }

  /// Changes the size and queues the `.resize` event a real terminal would send.
  public func resize(to newSize: Size) {
    size = newSize
    pendingEvents.append(.resize(newSize))
  }
}
