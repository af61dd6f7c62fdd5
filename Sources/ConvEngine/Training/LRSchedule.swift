import Foundation

/// How the learning rate changes over a run.
public enum LRSchedule: Sendable, Hashable {
  /// The base rate throughout.
  case constant
  /// Multiply by `gamma` every `everyEpochs` epochs.
  case step(everyEpochs: Int, gamma: Float)
  /// Cosine decay from the base rate to 0 over the whole run, per step.
  case cosine

  /// Parses `constant`, `cosine`, `step` or `step:E:G` (e.g. `step:5:0.5`).
  public init?(_ text: String) {
    let parts = text.split(separator: ":").map(String.init)
    switch parts.first {
    case "constant": self = .constant
    case "cosine": self = .cosine
    case "step":
      let every = parts.count > 1 ? Int(parts[1]) : 5
      let gamma = parts.count > 2 ? Float(parts[2]) : 0.5
      guard let every, let gamma, every > 0 else { return nil }
      self = .step(everyEpochs: every, gamma: gamma)
    default: return nil
    }
  }

  /// The rate at `progress` epochs into a run of `totalEpochs`.
  public func rate(base: Float, progress: Double, totalEpochs: Int) -> Float {
    switch self {
    case .constant: return base
    case .step(let every, let gamma):
      return base * pow(gamma, Float(Int(progress) / every))
    case .cosine:
      let t = min(1, progress / Double(max(totalEpochs, 1)))
      return base * Float(0.5 * (1 + cos(Double.pi * t)))
    }
  }

  public var description: String {
    switch self {
    case .constant: return "constant"
    case .cosine: return "cosine"
    case .step(let e, let g): return "step:\(e):\(g)"
    }
  }
}
