import ConvEngine

/// A training run as Explore's live view sees it: a copy of every weight as it stood after
/// one step, taken by the run's worker between steps (so never half of one step and half of
/// the next), with that step's update-to-weight ratios.
struct LiveSnapshot: @unchecked Sendable {
  let runID: Int
  /// Optimiser steps done when the copy was taken (0: the initial weights).
  let step: Int
  /// The run's model and data.
  let spec: ModelSpec
  let dataset: String
  let classNames: [String]
  /// `Network.savedParameters` values, in that order (copies).
  let weights: [[Float]]
  /// The last step's ‖Δw‖/‖w‖ per layer with parameters.
  let ratios: [UpdateRatio]
  /// Whether the run has stopped for good (finished or ended): its weights will not change.
  let isFinal: Bool

  /// Copies `trainer`'s weights and ratios; call on the thread that trains, between steps.
  init(trainer: Trainer, runID: Int, dataset: String, classNames: [String], isFinal: Bool) {
    self.runID = runID
    step = trainer.step
    spec = trainer.network.spec
    self.dataset = dataset
    self.classNames = classNames
    weights = trainer.network.savedParameters.map(\.value.array)
    ratios = trainer.updateRatios()
    self.isFinal = isFinal
  }

  /// Writes the weights into `network` (built from `spec`).
  func load(into network: Network) {
    let parameters = network.savedParameters
    precondition(parameters.count == weights.count, "a \(spec.name) snapshot for another network")
    for (p, values) in zip(parameters, weights) {
      precondition(p.count == values.count, "\(p.name): \(values.count) values for \(p.count)")
      values.withUnsafeBufferPointer { p.value.pointer.update(from: $0.baseAddress!, count: values.count) }
    }
  }
}
