/// A backend that passes everything through to another one and records what is drawn as an
/// asciicast v2 stream: a header line, then one output event per frame (the frame's changed
/// cells as escape sequences, `ANSIUpdate`) and a resize event when the size changes.
///
/// Lines go to `write` as soon as they are complete, one call per line, so a recording that
/// is interrupted holds every frame up to the last one written (the file is only ever
/// appended to; see README "Recording and replay" for why it is not written to a temporary
/// file and renamed). When `write` fails the recording stops — the session goes on — and
/// `failure` says so, for the caller to report once the terminal is back.
public final class RecordingBackend<Inner: TerminalBackend>: TerminalBackend {
  public let inner: Inner
  /// What went wrong writing the recording, if it stopped early.
  public private(set) var failure: String?
  /// How many events were written (header not counted).
  public private(set) var eventCount = 0

  private let write: (String) -> String?
  private let clock: () -> Double
  private let start: Double
  /// The size of the frames recorded so far (the header's at first).
  private var recordedSize: Size
  private var pending = ""
  private var pendingClear = false

  /// Starts recording `inner` by writing `header` (with `inner`'s size). `write` appends one line
  /// (newline included) and returns nil, or a description of why it could not. `clock` gives
  /// seconds on any monotonic scale; event times are measured from now.
  public init(
    _ inner: Inner, header: AsciicastHeader, write: @escaping (String) -> String?,
    clock: @escaping () -> Double = MonotonicClock.seconds
  ) {
    self.inner = inner
    self.write = write
    self.clock = clock
    start = clock()
    // The header's size is the terminal's: a recording states the size it was made at.
    recordedSize = inner.size
    var header = header
    header.width = recordedSize.width
    header.height = recordedSize.height
    emit(header.jsonLine)
  }

  public var size: Size { inner.size }
  public var colorDepth: ColorDepth { inner.colorDepth }
  public var unicode: Bool { inner.unicode }

  public func draw(_ changes: [CellChange]) {
    inner.draw(changes)
    let now = inner.size
    if now != recordedSize {
      recordedSize = now
      emitEvent(.resize, "\(now.width)x\(now.height)")
      pendingClear = true
    }
    pending += ANSIUpdate.text(for: changes, clearingFirst: pendingClear)
    pendingClear = false
  }

  public func flush() {
    inner.flush()
    guard !pending.isEmpty else { return }
    // The first frame hides the cursor, as the workbench does on a real terminal.
    let prefix = eventCount == 0 ? "\u{1B}[?25l" : ""
    emitEvent(.output, prefix + pending)
    pending = ""
  }

  /// The real terminal is handed over; what the other program draws is not recorded.
  public func suspended<T>(_ body: () throws -> T) rethrows -> T { try inner.suspended(body) }

  public func nextEvent(timeout milliseconds: Int) -> InputEvent? {
    inner.nextEvent(timeout: milliseconds)
  }

  private func emitEvent(_ code: AsciicastEvent.Code, _ data: String) {
    // Times never go back, even if the clock's readings were to.
    let time = max(0, clock() - start)
    emit(AsciicastEvent(time: time, code: code, data: data).jsonLine)
    if failure == nil { eventCount += 1 }
  }

  private func emit(_ line: String) {
    guard failure == nil else { return }
    failure = write(line + "\n").map { "the recording stopped after \(eventCount) events: \($0)" }
  }
}
