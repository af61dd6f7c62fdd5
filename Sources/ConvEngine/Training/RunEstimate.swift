/// How long a run will take, from a quick measurement of a few of its steps and one timed
/// test pass: what the Train screen shows (and asks about) before a long run.
///
/// The first step of a run allocates its buffers and is left out of the measurement; the
/// estimate then assumes every later step takes as long as the measured ones did.
public struct RunEstimate: Codable, Equatable, Sendable {
  /// Steps timed, and their mean wall time in seconds.
  public var measuredSteps: Int
  public var secondsPerStep: Double
  /// Training seconds in one epoch: its steps × `secondsPerStep`.
  public var epochSeconds: Double
  /// Testing seconds per epoch: the end-of-epoch test plus the checks during the epoch, at
  /// the measured seconds per test image.
  public var testSeconds: Double
  /// Seconds left in the run from the measurement on (training and testing).
  public var remainingSeconds: Double

  /// `stepsPerEpoch` steps an epoch; `epochsLeft` epochs (fractional) still to train;
  /// `testImagesPerEpoch` test images classified per epoch at `secondsPerTestImage`.
  public init(measuredSteps: Int, measuredSeconds: Double, stepsPerEpoch: Int, epochsLeft: Double,
              testImagesPerEpoch: Int, secondsPerTestImage: Double) {
    self.measuredSteps = measuredSteps
    secondsPerStep = measuredSeconds / Double(max(1, measuredSteps))
    epochSeconds = secondsPerStep * Double(stepsPerEpoch)
    testSeconds = secondsPerTestImage * Double(testImagesPerEpoch)
    remainingSeconds = max(0, epochsLeft) * (epochSeconds + testSeconds)
  }
}

/// Times the first steps of a run for a `RunEstimate`: skips the first (warm-up) step, then
/// collects until at least `minimumSteps` steps and `minimumSeconds` seconds are in (cheap
/// steps need many for a steady figure; a slow model's few steps are already seconds), or
/// `maximumSteps`.
public struct StepTimer: Sendable {
  public var minimumSteps = 3
  public var minimumSeconds = 0.5
  public var maximumSteps = 50
  /// Steps seen so far, including the skipped first one.
  public private(set) var seen = 0
  public private(set) var steps = 0
  public private(set) var seconds = 0.0

  public init() {}

  /// Adds one step's wall time; true once the measurement is complete.
  public mutating func add(_ stepSeconds: Double) -> Bool {
    seen += 1
    guard seen > 1 else { return false }
    steps += 1
    seconds += stepSeconds
    return (steps >= minimumSteps && seconds >= minimumSeconds) || steps >= maximumSteps
  }
}
