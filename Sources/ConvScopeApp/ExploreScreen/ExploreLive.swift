import ConvEngine

/// What a pass on a training run's weights adds to the trace: which run and step, the loss
/// the gradient maps are of, and the run's update-to-weight ratios at that step.
public struct ExploreLive: Equatable, Sendable {
  public var runID: Int
  /// Optimiser steps the run had done when its weights were copied.
  public var step: Int
  /// Whether the run has stopped for good (its weights no longer change).
  public var isFinal: Bool
  /// The class the gradient maps' loss is taken against (the true label, else the prediction).
  public var label: Int
  /// The loss on this one input.
  public var loss: Double
  /// ‖Δw‖/‖w‖ of the last step, one row per layer with parameters.
  public var ratios: [UpdateRatio]

  public init(runID: Int, step: Int, isFinal: Bool, label: Int, loss: Double, ratios: [UpdateRatio]) {
    self.runID = runID
    self.step = step
    self.isFinal = isFinal
    self.label = label
    self.loss = loss
    self.ratios = ratios
  }

  /// The row the screen explains: the first flagged one (dead or exploding), else the one of
  /// `layer` when it has parameters, else the first.
  public func explainedRatio(layer: String?) -> UpdateRatio? {
    ratios.first { $0.health.isFlagged } ?? ratios.first { $0.layer == layer } ?? ratios.first
  }
}
