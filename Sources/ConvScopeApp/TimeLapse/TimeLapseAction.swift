/// What the time-lapse scrubber does (the same keys and clicks on Explore and Train).
public enum TimeLapseAction: Equatable, Sendable {
  /// One kept frame back (−1) or on (+1); on from the last frame returns to the run as it is now.
  case step(Int)
  /// Show the kept frame at this index (a click on the track).
  case jump(Int)
  /// Play the time-lapse from its first frame (or go on from the one shown), or stop playing.
  case togglePlay
}
