import ConvEngine
import Foundation

/// A training run as Explore's live view sees it: a copy of every weight as it stood after
/// one step, taken by the run's worker between steps (so never half of one step and half of
/// the next), with that step's update-to-weight ratios.
///
/// One per run, refilled in place at each copy: the buffers (one per parameter, each the
/// parameter's size) are allocated at the first copy and reused, because first touching
/// fresh memory costs more than the copy itself on these machines (a full AlexNet's 61 M
/// weights are 244 MB), and the copies come several times a second while Explore watches.
/// A lock keeps a copy being written from being read half-old, half-new.
final class LiveSnapshot: @unchecked Sendable {
  /// What one copy says besides the weights: the step it is of, and that step's ratios.
  struct Copy: Equatable {
    /// Optimiser steps done when the copy was taken (0: the initial weights).
    var step: Int
    /// The last step's ‖Δw‖/‖w‖ per layer with parameters.
    var ratios: [UpdateRatio]
    /// Whether the run has stopped for good (finished or ended): its weights will not change.
    var isFinal: Bool
  }

  let runID: Int
  /// The run's model and data.
  let spec: ModelSpec
  let dataset: String
  let classNames: [String]
  private let lock = NSLock()
  /// `Network.savedParameters` values, in that order: [parameter][its values], reused.
  private var weights: [[Float]]
  private var copy: Copy

  /// The buffers for `trainer`'s network, filled with its weights now; call on the thread
  /// that trains, between steps.
  init(trainer: Trainer, runID: Int, dataset: String, classNames: [String], isFinal: Bool) {
    self.runID = runID
    spec = trainer.network.spec
    self.dataset = dataset
    self.classNames = classNames
    weights = trainer.network.savedParameters.map { [Float](repeating: 0, count: $0.count) }
    copy = Copy(step: -1, ratios: [], isFinal: false)
    take(from: trainer, isFinal: isFinal)
  }

  /// The newest copy's step, ratios and whether it is final.
  var latest: Copy { lock.withLock { copy } }

  /// Refills the buffers with `trainer`'s weights and ratios as they are now; call on the
  /// thread that trains, between steps.
  func take(from trainer: Trainer, isFinal: Bool) {
    let parameters = trainer.network.savedParameters
    let ratios = trainer.updateRatios()
    lock.withLock {
      precondition(parameters.count == weights.count, "run \(runID): the network changed its parameters")
      for i in weights.indices {
        let p = parameters[i]
        precondition(p.count == weights[i].count, "\(p.name): \(p.count) values for \(weights[i].count)")
        weights[i].withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: p.value.pointer, count: p.count) }
      }
      copy = Copy(step: trainer.step, ratios: ratios, isFinal: isFinal)
    }
  }

  /// Writes the newest copy's weights into `network` (built from `spec`) and says which
  /// step they are of (the worker may have copied a newer one since `latest` was read).
  func load(into network: Network) -> Copy {
    let parameters = network.savedParameters
    return lock.withLock {
      precondition(parameters.count == weights.count, "a \(spec.name) snapshot for another network")
      for (p, values) in zip(parameters, weights) {
        precondition(p.count == values.count, "\(p.name): \(values.count) values for \(p.count)")
        values.withUnsafeBufferPointer { p.value.pointer.update(from: $0.baseAddress!, count: values.count) }
      }
      return copy
    }
  }
}
