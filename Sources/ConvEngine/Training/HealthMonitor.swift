import Foundation

/// Watches the loss step by step and says when training has gone wrong, and what to try.
///
/// The rule, chosen to catch real blow-ups without crying wolf on noisy batches:
/// - a NaN or infinite loss diverges at once;
/// - otherwise each step's loss is replaced by the (lower) median of the last `window`
///   losses, so one terrible batch changes nothing, and that is smoothed by an exponential
///   moving average (`smoothing` is the newest value's weight);
/// - the start is the first loss, or the median of the first `window` losses when lower
///   (about chance level for a fresh net); once `warmUpSteps` steps have been seen, the run diverges when the smoothed loss
///   is over `riseFactor` × the start (it got clearly worse than untrained: a bounded loss
///   such as LeNet-5's RBF criterion stalls there when the steps are far too large), or
///   over `explosionFactor` × its lowest value *and* above the start (it had learnt, then
///   blew up);
/// - at any step, warm-up included, a median loss over `ceilingFactor` × the first loss
///   diverges, so a loss that explodes in the first few steps is caught early.
///
/// A monitor that starts watching a run part-way (after a resume) should be given the run's
/// first loss as `startLoss`, or it takes the current, already low loss as the start.
/// Once diverged the monitor keeps saying so until `reset()`.
public struct HealthMonitor: Sendable, Equatable {
  /// The monitor's judgement of the run so far.
  public enum Verdict: Sendable, Equatable {
    case ok
    /// `reason`: what happened; `hint`: what to try.
    case diverged(reason: String, hint: String)

    public var isDiverged: Bool { if case .diverged = self { return true } else { return false } }
  }

  public var warmUpSteps: Int
  public var window: Int
  public var smoothing: Double
  public var riseFactor: Double
  public var explosionFactor: Double
  public var ceilingFactor: Double
  /// The smoothed loss and its lowest value (nil before any step).
  public private(set) var smoothedLoss: Double?
  public private(set) var lowestSmoothedLoss: Double?
  /// The first loss seen, and the run's starting loss (unless given: the first loss, or the
  /// median of the first `window` losses when lower).
  public private(set) var firstLoss: Double?
  public private(set) var startLoss: Double?
  private var startGiven: Bool
  /// The last `window` raw losses, oldest first.
  private var recent: [Double] = []
  /// Steps observed since the start or the last `reset()`.
  public private(set) var observed = 0
  /// The step at which divergence was found, and the verdict given then.
  public private(set) var divergedAtStep: Int?
  public private(set) var verdict: Verdict = .ok

  public init(startLoss: Double? = nil, warmUpSteps: Int = 20, window: Int = 5, smoothing: Double = 0.1,
              riseFactor: Double = 1.5, explosionFactor: Double = 10, ceilingFactor: Double = 100) {
    self.startLoss = startLoss
    self.startGiven = startLoss != nil
    self.warmUpSteps = warmUpSteps
    self.window = max(1, window)
    self.smoothing = smoothing
    self.riseFactor = riseFactor
    self.explosionFactor = explosionFactor
    self.ceilingFactor = ceilingFactor
  }

  /// Forgets the history (e.g. after restoring an earlier state with a lower learning rate);
  /// a start loss given at creation is kept.
  public mutating func reset() {
    self = HealthMonitor(startLoss: startGiven ? startLoss : nil, warmUpSteps: warmUpSteps, window: window,
                         smoothing: smoothing, riseFactor: riseFactor, explosionFactor: explosionFactor,
                         ceilingFactor: ceilingFactor)
  }

  /// Takes in one step and returns the verdict so far.
  @discardableResult
  public mutating func observe(_ report: StepReport) -> Verdict {
    guard !verdict.isDiverged else { return verdict }
    observed += 1
    let loss = report.loss
    let lr = report.learningRate
    guard loss.isFinite else {
      return diverge(at: report.step, reason: "the loss became \(loss.isNaN ? "NaN" : "infinite") at step \(report.step)",
                     learningRate: lr)
    }
    let first = firstLoss ?? loss
    firstLoss = first
    if recent.count == window { recent.removeFirst() }
    recent.append(loss)
    let median = Self.lowerMedian(recent)
    // Steps far too large can raise the loss from the second step on, so the first loss caps
    // the start; the median guards against one unusually bad first batch.
    if !startGiven && observed <= window { startLoss = min(first, median) }
    let start = startLoss ?? median
    let smoothed = smoothedLoss.map { $0 + smoothing * (median - $0) } ?? median
    smoothedLoss = smoothed
    let lowest = min(lowestSmoothedLoss ?? smoothed, smoothed)
    lowestSmoothedLoss = lowest
    let s = NumberFormat.significant
    if median > ceilingFactor * first {
      return diverge(at: report.step, reason: "the loss exploded to \(s(median)) at step \(report.step), "
        + "over \(s(ceilingFactor))× its first value (\(s(first)))", learningRate: lr)
    }
    guard observed > warmUpSteps else { return .ok }
    if smoothed > riseFactor * start {
      return diverge(at: report.step, reason: "the loss rose to \(s(smoothed)) at step \(report.step), "
        + "\(s(smoothed / start))× where it started (\(s(start)))", learningRate: lr)
    }
    if smoothed > explosionFactor * lowest && smoothed > start {
      return diverge(at: report.step, reason: "the loss climbed to \(s(smoothed)) at step \(report.step), "
        + "over \(s(explosionFactor))× its best (\(s(lowest))) and back above where it started (\(s(start)))",
        learningRate: lr)
    }
    return .ok
  }

  private mutating func diverge(at step: Int, reason: String, learningRate: Float) -> Verdict {
    divergedAtStep = step
    verdict = .diverged(
      reason: reason,
      hint: "the learning rate (\(learningRate)) is probably too high: try a lower learning rate, e.g. "
        + "\(learningRate / 10), and resume from the last checkpoint; a smaller momentum or a larger batch "
        + "also steadies training")
    return verdict
  }

  /// The lower middle value: with an even count the smaller of the two, so a spike needs a
  /// strict majority of the window to move it.
  static func lowerMedian(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[(sorted.count - 1) / 2]
  }
}
