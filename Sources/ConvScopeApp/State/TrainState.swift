/// The Train screen's state: what to train next, and the run in progress as its worker last
/// summarised it. The trainer itself lives with the worker (`TrainSession`); only the small
/// summary lives here, so the state stays `Equatable` and cheap.
public struct TrainState: Equatable, Sendable {
  /// The models and datasets the keys cycle through.
  public static let models = ["lenet5", "lenet5-modern"]
  public static let datasets = ["mnist", "fashion-mnist"]

  /// Whether a training run is in progress in the background (paused counts: quitting would
  /// still throw it away).
  public var isRunning: Bool
  public var model = "lenet5"
  public var dataset = "mnist"
  /// Whether the run is paused (space, `s`, `n`, or the health monitor).
  public var isPaused = false
  /// The settings the user asked for; taken from the first summary, then changed by keys.
  public var learningRate: Float?
  public var momentum: Float?
  public var batchSize: Int?
  /// The worker's latest summary; nil before the first one.
  public var progress: TrainProgress?
  /// Whether a poll is on its way (one at a time, so polls never pile up).
  public var isPolling = false
  /// The last thing the screen wants to say (saved checkpoint, errors).
  public var message: String?

  public init(isRunning: Bool = false) {
    self.isRunning = isRunning
  }
}
