import ConvEngine
import Foundation

/// The one line under a comparison that answers its question: who reached a test accuracy
/// first, e.g. "ReLU #1 reached 95% test accuracy at step 180, tanh #2 at step 310".
enum TrainVerdict {
  /// Accuracy levels the verdict speaks of, highest first.
  static let levels: [Double] = [0.99, 0.98, 0.97, 0.95, 0.9, 0.8, 0.5]

  /// The first step at which `run`'s checked test accuracy reached `level`.
  static func step(_ run: TrainProgress, reaching level: Double) -> Int? {
    run.testCurve.first { $0.accuracy >= level }?.step
  }

  /// The verdict for `runs` (two or more with accuracy checks), at the highest level every
  /// one of them reached, or else the highest any reached; nil without two measured runs.
  static func line(_ runs: [TrainProgress]) -> String? {
    let measured = runs.filter { !$0.testCurve.isEmpty }
    guard measured.count >= 2 else { return nil }
    let level = levels.first { l in measured.allSatisfy { step($0, reaching: l) != nil } }
      ?? levels.first { l in measured.contains { step($0, reaching: l) != nil } }
    guard let level else {
      let best = measured.map { $0.testCurve.map(\.accuracy).max() ?? 0 }.max() ?? 0
      return "No run has reached 50% test accuracy yet (best so far \(String(format: "%.1f%%", best * 100)))."
    }
    // Fastest first; runs that have not reached it yet last, with their best so far.
    let ordered = measured.sorted { (step($0, reaching: level) ?? .max) < (step($1, reaching: level) ?? .max) }
    let percent = String(format: "%g%%", level * 100)
    return ordered.enumerated().map { i, run in
      guard let s = step(run, reaching: level) else {
        let best = run.testCurve.map(\.accuracy).max() ?? 0
        return "\(run.shortTitle) not yet (best \(String(format: "%.1f%%", best * 100)))"
      }
      return i == 0 ? "\(run.shortTitle) reached \(percent) test accuracy at step \(s.grouped)" : "\(run.shortTitle) at step \(s.grouped)"
    }.joined(separator: ", ")
  }
}
