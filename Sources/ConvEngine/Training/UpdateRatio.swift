import Foundation

/// How far the last optimiser step moved one layer's parameters, relative to their size:
/// ‖Δw‖ / ‖w‖ over all the layer's trainable tensors (weights and biases together), with w
/// taken before the step. The classic health check for training (CS231n's "about 1e-3").
public struct UpdateRatio: Sendable, Equatable {
  /// What the ratio says about the layer.
  public enum Health: Sendable, Equatable {
    /// No optimiser step has been taken yet.
    case noStep
    /// The layer is frozen: its parameters do not change.
    case frozen
    /// Its parameters are all zero, so there is no size to compare the step with.
    case zeroWeights
    /// Below `deadBelow`: the layer has all but stopped learning.
    case dead
    /// Between the two thresholds.
    case healthy
    /// Above `explodingAbove`: steps this large rarely settle.
    case exploding

    /// Whether the row should be flagged on screen.
    public var isFlagged: Bool { self == .dead || self == .exploding }
  }

  /// Why these thresholds: the usual healthy ratio is about 1e-3, i.e. a layer's weights
  /// change by their own size in about a thousand steps (half an epoch of MNIST at batch 32).
  /// At 1e-5 that takes about 100,000 steps, some fifty epochs: the layer is not learning in
  /// any run a student would wait for (a vanishing gradient, dead ReLUs, or a rate far too
  /// small). At 1e-1 every step rewrites a tenth of the weights, so ten steps could replace
  /// them: such a layer does not settle and the loss usually blows up soon after.
  public static let deadBelow = 1e-5
  public static let explodingAbove = 1e-1

  /// The layer's name (`C1`).
  public var layer: String
  /// ‖Δw‖ and ‖w‖ (before the step), over the layer's trainable tensors.
  public var updateNorm: Double
  public var weightNorm: Double
  public var health: Health

  public init(layer: String, updateNorm: Double, weightNorm: Double, health: Health) {
    self.layer = layer
    self.updateNorm = updateNorm
    self.weightNorm = weightNorm
    self.health = health
  }

  /// ‖Δw‖ / ‖w‖, when there was a step to measure and weights to compare it with.
  public var ratio: Double? {
    switch health {
    case .noStep, .frozen, .zeroWeights: return nil
    case .dead, .healthy, .exploding: return updateNorm / weightNorm
    }
  }

  /// The verdict for a measured ratio.
  public static func health(ratio: Double) -> Health {
    if ratio < deadBelow { return .dead }
    if ratio > explodingAbove { return .exploding }
    return .healthy
  }

  /// One sentence on what the ratio means for this layer.
  public var sentence: String {
    switch health {
    case .noStep: return "\(layer): no training step yet, so there is no update to measure."
    case .frozen: return "\(layer) is frozen: its weights do not change."
    case .zeroWeights: return "\(layer)'s weights are all zero, so there is no size to compare its update with."
    case .dead, .healthy, .exploding:
      let r = ratio ?? 0
      let part = r > 0 ? "1 part in \(Self.partsText(1 / r))" : "nothing"
      switch health {
      case .dead:
        return "\(layer)'s last step changed its weights by \(part), far under 1e-5: the layer has all but stopped "
          + "learning (a vanishing gradient, dead ReLUs or a learning rate far too small)."
      case .exploding:
        return "\(layer)'s last step changed its weights by \(part), over a tenth of their size: steps this large "
          + "rarely settle and usually make the loss blow up (lower the learning rate)."
      default:
        switch Pace(ratio: r) {
        case .steady:
          return "\(layer)'s last step changed its weights by \(part), near the usual 1 in 1,000 (1e-3): "
            + "it is learning at a steady pace."
        case .fast:
          return "\(layer)'s last step changed its weights by \(part), over ten times the usual 1 in 1,000 (1e-3) "
            + "but under a tenth: it is learning fast; if the loss jumps about, lower the learning rate."
        case .slow:
          return "\(layer)'s last step changed its weights by \(part), under a tenth of the usual 1 in 1,000 (1e-3) "
            + "but over 1e-5: it is learning slowly."
        }
      }
    }
  }

  /// The sentence in a few words, for a short panel (80×24): the same measure and verdict.
  public var shortSentence: String {
    let part = (ratio ?? 0) > 0 ? "1 part in \(Self.partsText(1 / ratio!))" : "nothing"
    switch health {
    case .noStep: return "\(layer): no step yet."
    case .frozen: return "\(layer) is frozen."
    case .zeroWeights: return "\(layer): weights all zero."
    case .dead: return "\(layer): \(part) a step, under 1e-5: it has all but stopped learning."
    case .exploding: return "\(layer): \(part) a step, over 1e-1: lower the learning rate."
    case .healthy:
      switch Pace(ratio: ratio ?? 0) {
      case .steady: return "\(layer): \(part) a step, near the usual 1e-3: learning steadily."
      case .fast: return "\(layer): \(part) a step, over 10× the usual 1e-3: learning fast."
      case .slow: return "\(layer): \(part) a step, under 1e-4: learning slowly."
      }
    }
  }

  /// Where a healthy (unflagged) ratio sits against the usual 1e-3, for the sentence only: the
  /// unflagged band is four orders of magnitude wide, and a ratio of 1.6e-2 (common in the first
  /// steps of a run) is not "near 1e-3". Within a factor of ten either side it is; beyond that
  /// the sentence says fast or slow, without flagging the row (the flags keep their thresholds).
  enum Pace {
    case slow, steady, fast
    init(ratio: Double) {
      self = ratio > 1e-2 ? .fast : ratio < 1e-4 ? .slow : .steady
    }
  }

  /// 1234.5 → "1,230"; 12.34 → "12": the "1 in N" of a sentence, to three figures.
  static func partsText(_ n: Double) -> String {
    guard n.isFinite else { return "∞" }
    if n < 100 { return NumberFormat.grouped(Int(n.rounded())) }
    let digits = Int(Foundation.log10(n).rounded(.down)) - 2
    let scale = Foundation.pow(10, Double(digits))
    return NumberFormat.grouped(Int((n / scale).rounded() * scale))
  }

  /// The ratios for `layers` after an optimiser step whose per-parameter updates are
  /// `updates` (Δw, flat, one per parameter in `parameters`' order; empty before any step),
  /// `parameters` holding the values after the step. `trainable[i]` false marks a frozen
  /// parameter. Layers without parameters are left out.
  public static func measure(
    layers: [(name: String, parameterCount: Int)], parameters: [Parameter], updates: [TensorStorage],
    trainable: [Bool]
  ) -> [UpdateRatio] {
    var rows: [UpdateRatio] = []
    var index = 0
    for (name, count) in layers where count > 0 {
      let range = index..<(index + count)
      index += count
      guard !updates.isEmpty else {
        rows.append(UpdateRatio(layer: name, updateNorm: 0, weightNorm: 0, health: .noStep))
        continue
      }
      guard range.contains(where: { trainable[$0] }) else {
        rows.append(UpdateRatio(layer: name, updateNorm: 0, weightNorm: 0, health: .frozen))
        continue
      }
      var update = 0.0, weight = 0.0
      for k in range where trainable[k] {
        let w = parameters[k].value.pointer, d = updates[k].pointer
        for i in 0..<parameters[k].count {
          let step = Double(d[i])
          let before = Double(w[i]) - step  // the value the step started from
          update += step * step
          weight += before * before
        }
      }
      let u = update.squareRoot(), w = weight.squareRoot()
      rows.append(UpdateRatio(layer: name, updateNorm: u, weightNorm: w,
                              health: w > 0 ? health(ratio: u / w) : .zeroWeights))
    }
    return rows
  }
}

extension Trainer {
  /// Every layer's update-to-weight ratio for the last step. SGD's velocity after a step is
  /// exactly the step's Δw (w ← w + v), so this needs no copy of the weights during training.
  /// Call it between steps, on the thread that trains.
  public func updateRatios() -> [UpdateRatio] {
    UpdateRatio.measure(layers: network.layers.map { ($0.spec.name, $0.parameters.count) },
                        parameters: primaryParameters, updates: step == 0 ? [] : optimizer.velocities,
                        trainable: trainable)
  }
}
