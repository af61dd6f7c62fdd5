/// The Train screen's state. The screen is not built yet, so nothing ever starts a run and
/// `isRunning` stays false; quitting already honours it (it asks before stopping a run).
public struct TrainState: Equatable, Sendable {
  /// Whether a training run is in progress in the background.
  public var isRunning: Bool

  public init(isRunning: Bool = false) {
    self.isRunning = isRunning
  }
}
