/// Plays a recording: the screen as it was at any moment, forwards or backwards.
///
/// Output events are fed to a `VirtualTerminal` of the recorded size; resize events resize
/// it; input and marker events change nothing on screen. Moving forward feeds the events
/// in between; moving back starts again from the nearest saved screen (a keyframe, kept every
/// `keyframeEvery` events), so seeking costs at most that many events, however long the
/// recording.
public struct AsciicastPlayer: Sendable {
  public let header: AsciicastHeader
  /// The events with their play times (after `idleLimit` shortened long pauses).
  public let events: [AsciicastEvent]
  /// The screen at `time`.
  public private(set) var terminal: VirtualTerminal
  /// The play position, in seconds.
  public private(set) var time = 0.0
  /// How many events the terminal has been fed.
  public private(set) var applied = 0
  /// (events applied, screen after them), in order; the first is the blank screen.
  private var keyframes: [(applied: Int, terminal: VirtualTerminal)]
  private let keyframeEvery: Int

  /// `idleLimit` (seconds): pauses between events longer than this are shortened to it;
  /// nil uses the header's `idle_time_limit`, if any.
  public init(header: AsciicastHeader, events: [AsciicastEvent], idleLimit: Double? = nil, keyframeEvery: Int = 200) {
    self.header = header
    self.keyframeEvery = max(1, keyframeEvery)
    var shifted: [AsciicastEvent] = []
    shifted.reserveCapacity(events.count)
    let limit = idleLimit ?? header.idleTimeLimit
    var previousRecorded = 0.0, previousPlayed = 0.0
    for event in events {
      var gap = max(0, event.time - previousRecorded)
      if let limit { gap = min(gap, limit) }
      previousRecorded = event.time
      previousPlayed += gap
      shifted.append(AsciicastEvent(time: previousPlayed, code: event.code, data: event.data))
    }
    self.events = shifted
    terminal = VirtualTerminal(width: header.width, height: header.height)
    keyframes = [(0, terminal)]
  }

  /// The time of the last event: how long playback takes at speed 1.
  public var duration: Double { events.last?.time ?? 0 }

  /// Moves the play position to `target` (clamped to the recording) and updates the screen.
  public mutating func seek(to target: Double) {
    let target = min(max(0, target), duration)
    // Every event at or before `target` is shown.
    let wanted = events.partitioningIndex { $0.time > target }
    if wanted < applied {
      let key = keyframes.last { $0.applied <= wanted } ?? keyframes[0]
      terminal = key.terminal
      applied = key.applied
    }
    while applied < wanted {
      apply(events[applied])
      applied += 1
      // Keyframes are saved the first time playback passes a multiple of `keyframeEvery`.
      if applied % keyframeEvery == 0, applied > (keyframes.last?.applied ?? 0) {
        keyframes.append((applied, terminal))
      }
    }
    time = target
  }

  private mutating func apply(_ event: AsciicastEvent) {
    switch event.code {
    case .output: terminal.feed(event.data)
    case .resize: if let size = event.resizedTo { terminal.resize(to: size) }
    case .input, .marker: break
    }
  }
}

extension Array {
  /// The index of the first element for which `isAfter` holds, in an array where it holds for
  /// a suffix (binary search).
  fileprivate func partitioningIndex(where isAfter: (Element) -> Bool) -> Int {
    var low = 0, high = count
    while low < high {
      let mid = (low + high) / 2
      if isAfter(self[mid]) { high = mid } else { low = mid + 1 }
    }
    return low
  }
}
