/// Something that happened during a run at a known step, for the curve to mark: a setting
/// changed live, the run was resumed from a checkpoint, or training diverged.
public struct TrainerEvent: Sendable, Hashable, Codable {
  /// What kind of moment this is.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case learningRate, momentum, weightDecay, batchSize, frozenLayers, resumed, diverged, note
  }

  /// Optimiser steps completed when it happened; a changed setting applies from step `step + 1` on.
  public var step: Int
  /// The epoch (1-based) the next step belongs to.
  public var epoch: Int
  public var kind: Kind
  /// The setting's value before and after, for numeric settings.
  public var oldValue: Double?
  public var newValue: Double?
  /// One line for people, e.g. "learning rate 0.01 → 0.001".
  public var message: String

  public init(step: Int, epoch: Int, kind: Kind, oldValue: Double? = nil, newValue: Double? = nil, message: String) {
    self.step = step
    self.epoch = epoch
    self.kind = kind
    self.oldValue = oldValue
    self.newValue = newValue
    self.message = message
  }
}
