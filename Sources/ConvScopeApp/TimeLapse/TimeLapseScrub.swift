import ConvEngine

/// Where a screen's time-lapse scrubber is: a kept frame of the run's history, or none (the
/// screen shows the run as it is now), and whether it plays. Pure: the screens' `update`
/// applies `TimeLapseAction`s and quiet turns to it, knowing how many frames there are.
public struct TimeLapseScrub: Equatable, Sendable {
  /// The kept frame shown (an index into `TimeLapse.frames`); nil: the run as it is now.
  public var frame: Int?
  /// Whether quiet turns move it on (`P`).
  public var isPlaying = false
  /// Quiet turns since the last frame while playing.
  public var ticks = 0

  /// Quiet turns (50 ms each) per frame while playing: about seven frames a second, quick
  /// enough to see filters form, slow enough to follow one.
  public static let ticksPerFrame = 3

  public init(frame: Int? = nil, isPlaying: Bool = false) {
    self.frame = frame
    self.isPlaying = isPlaying
  }

  /// Whether the screen shows a kept frame (rather than the run now).
  public var isActive: Bool { frame != nil }

  /// The frame shown, clamped to the `count` kept (the time-lapse may have thinned since it
  /// was picked); nil when it shows the run now or there are no frames.
  public func shown(count: Int) -> Int? {
    guard let frame, count > 0 else { return nil }
    return min(max(0, frame), count - 1)
  }

  /// Applies `action` for a time-lapse of `count` frames; returns a message when there is
  /// nothing to scrub.
  public mutating func apply(_ action: TimeLapseAction, count: Int) -> String? {
    guard count > 0 else {
      self = TimeLapseScrub()
      return Self.noFrames
    }
    switch action {
    case .step(let delta):
      isPlaying = false
      // "Now" sits after the last kept frame: one back from it is the newest kept frame.
      let next = (shown(count: count) ?? count) + delta
      frame = next >= count ? nil : min(max(0, next), count - 1)
    case .jump(let index):
      isPlaying = false
      frame = min(max(0, index), count - 1)
    case .togglePlay:
      if isPlaying {
        isPlaying = false
      } else {
        // From "now" or the last frame, play from the start.
        if frame == nil || shown(count: count) == count - 1 { frame = 0 }
        isPlaying = true
        ticks = 0
      }
    }
    return nil
  }

  /// A quiet turn: while playing, every `ticksPerFrame` turns the next frame; after the last
  /// one the screen shows the run as it is now again.
  public mutating func tick(count: Int) {
    guard isPlaying else { return }
    guard count > 0 else {
      self = TimeLapseScrub()
      return
    }
    ticks += 1
    guard ticks >= Self.ticksPerFrame else { return }
    ticks = 0
    let next = (shown(count: count) ?? -1) + 1
    if next >= count {
      self = TimeLapseScrub()
    } else {
      frame = next
    }
  }

  static let noFrames = "No time-lapse here: a training run keeps one (Train screen, or train --timelapse with --save)."
}
