import ConvEngine
import Foundation

// MARK: - Seeded test tensors

/// Deterministic tensors for engine tests: the same seed gives the same values on every run.
public enum TestTensors {
  /// A tensor of `shape` with values uniform in `range`, drawn from SplitMix64(`seed`).
  public static func random(_ shape: Shape, seed: UInt64, in range: ClosedRange<Float> = -1...1) -> Tensor {
    let t = Tensor(zeros: shape)
    fill(t, seed: seed, in: range)
    return t
  }

  /// Overwrites every element of `tensor` with a uniform value in `range`.
  public static func fill(_ tensor: Tensor, seed: UInt64, in range: ClosedRange<Float> = -1...1) {
    var rng = SplitMix64(seed: seed)
    for i in 0..<tensor.count { tensor.pointer[i] = rng.uniform(range.lowerBound, range.upperBound) }
  }

  /// A tensor whose values are a shuffled arithmetic sequence centred on zero, `spacing` apart.
  ///
  /// Every value is distinct and at least `spacing` from every other, so a ±eps nudge with
  /// eps < spacing/2 can never change which element of a max-pool window wins.
  public static func distinct(_ shape: Shape, seed: UInt64, spacing: Float = 0.02) -> Tensor {
    var values = (0..<shape.count).map { (Float($0) - Float(shape.count - 1) / 2) * spacing }
    var rng = SplitMix64(seed: seed)
    rng.shuffle(&values)
    return Tensor(shape: shape, values: values)
  }

  /// A tensor with the same shape and values as `t` but its own storage.
  public static func copy(_ t: Tensor) -> Tensor { Tensor(shape: t.shape, values: t.array) }

  /// Σ a ⊙ b accumulated in Double (the gradient check's loss).
  public static func dot(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.count == b.count, "dot of \(a.shape) and \(b.shape)")
    var sum = 0.0
    for i in 0..<a.count { sum += Double(a.pointer[i]) * Double(b.pointer[i]) }
    return sum
  }

  /// Fills every parameter of `layer` uniformly in ±`scale` (then zeroes masked entries,
  /// as initialisation does), so gradient checks run on non-trivial weights.
  public static func randomizeParameters(of layer: any Layer, seed: UInt64, scale: Float = 0.5) {
    for (k, p) in layer.parameters.enumerated() {
      fill(p.value, seed: seed &+ UInt64(k) &* 7919, in: -scale...scale)
      p.applyMask()
    }
  }
}

// MARK: - Gradient check

/// Which finite-difference probes the gradient check leaves out.
public enum GradientCheckSkip: Sendable {
  /// Probe everything.
  case nothing
  /// Leave out any probe whose ±eps nudge flips the sign of a ReLU pre-activation or changes a
  /// max-pool winner: the loss is not differentiable across such a kink, so central
  /// differences there measure the kink, not the gradient. Layers without ReLU or max
  /// pooling are unaffected.
  case kinkCrossings
  /// Leave out the flat input positions for which the predicate is true (parameters are
  /// still probed, with kink-crossing detection).
  case inputPositions(@Sendable (Int) -> Bool)
}

/// One analytic gradient entry that disagrees with its finite-difference estimate.
public struct GradientMismatch: Sendable, CustomStringConvertible {
  /// Layer (or model) name.
  public var layer: String
  /// "input" or the parameter's contract name (`C3.weight`).
  public var tensor: String
  /// Flat index into that tensor.
  public var index: Int
  public var analytic: Double
  public var numeric: Double

  public var description: String {
    "\(layer) \(tensor)[\(index)]: analytic \(analytic) vs numeric \(numeric) (diff \(abs(analytic - numeric)))"
  }
}

/// The outcome of a gradient check: what was compared, what was skipped and what failed.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
  public var layer: String
  /// Entries whose analytic and numeric gradients disagree beyond the tolerance.
  public var mismatches: [GradientMismatch] = []
  /// Other broken expectations (shapes, accumulation, masked entries), as sentences.
  public var problems: [String] = []
  /// Probes compared, per tensor name.
  public var compared: [String: Int] = [:]
  /// Probes left out by the skip rule.
  public var skipped = 0
  /// Largest |analytic| seen among compared entries, per tensor (shows the check was not vacuous).
  public var largestAnalytic: [String: Double] = [:]

  public init(layer: String) { self.layer = layer }

  public var passed: Bool { mismatches.isEmpty && problems.isEmpty }
  public var totalCompared: Int { compared.values.reduce(0, +) }

  public var description: String {
    var lines = ["gradient check of \(layer): \(totalCompared) compared, \(skipped) skipped, "
      + "\(mismatches.count) mismatches, \(problems.count) other problems"]
    lines += problems
    lines += mismatches.prefix(12).map(\.description)
    if mismatches.count > 12 { lines.append("… and \(mismatches.count - 12) more mismatches") }
    return lines.joined(separator: "\n")
  }
}

/// Tolerances and probe budget shared by the layer and network checks.
public enum GradientCheck {
  /// The finite-difference step (Float32 values, so not much smaller).
  public static let defaultEpsilon: Float = 1e-3
  /// At most this many positions of any one tensor are probed (a seeded random subset).
  public static let defaultMaxPositions = 200

  /// |a − n| ≤ 1e-2·max(|a|, |n|) + 2e-3.
  public static func agrees(_ analytic: Double, _ numeric: Double) -> Bool {
    abs(analytic - numeric) <= 1e-2 * max(abs(analytic), abs(numeric)) + 2e-3
  }

  /// All of `candidates`, or a seeded random subset of `limit` of them (sorted) when there are more.
  public static func positions(_ candidates: [Int], limit: Int, seed: UInt64) -> [Int] {
    guard candidates.count > limit else { return candidates }
    var shuffled = candidates
    var rng = SplitMix64(seed: seed)
    rng.shuffle(&shuffled)
    return Array(shuffled.prefix(limit)).sorted()
  }

  /// The layer's non-differentiable decisions after its last forward pass: the sign of each
  /// ReLU pre-activation and each max-pool winner. Equal states ⇒ same linear piece.
  public static func kinkState(of layer: any Layer) -> [Int32] {
    if let pool = layer as? Pool2D, pool.kind == .max { return pool.argmax }
    if let l = layer as? any PreActivationProviding, l.spec.activation == .relu, let pre = l.preActivation {
      return pre.array.map { $0 > 0 ? 1 : 0 }
    }
    return []
  }

  /// Central difference (L(v + eps) − L(v − eps)) / (actual step) at `pointer`, restoring the
  /// value; `kinked` is true when the ±eps states differ from `baseState`.
  public static func centralDifference(
    at pointer: UnsafeMutablePointer<Float>, eps: Float, baseState: [Int32],
    evaluate: () -> (loss: Double, state: [Int32])
  ) -> (numeric: Double, kinked: Bool) {
    let original = pointer.pointee
    pointer.pointee = original + eps
    let up = pointer.pointee
    let plus = evaluate()
    pointer.pointee = original - eps
    let down = pointer.pointee
    let minus = evaluate()
    pointer.pointee = original
    // The float step actually taken, not the nominal 2·eps (x ± eps rounds).
    let numeric = (plus.loss - minus.loss) / (Double(up) - Double(down))
    return (numeric, plus.state != baseState || minus.state != baseState)
  }

  /// Steps tried, in order, before a probe is given up as sitting on a kink: a smaller step
  /// often stays on one linear piece where the nominal one crossed into the next.
  public static let shrinkingSteps: [Float] = [1, 1.0 / 3, 1.0 / 10]

  /// The central difference with the largest step (eps·`shrinkingSteps`) whose ±nudges keep
  /// every ReLU sign and max-pool winner; nil when even the smallest crosses a kink.
  public static func kinkFreeDifference(
    at pointer: UnsafeMutablePointer<Float>, eps: Float, baseState: [Int32],
    evaluate: () -> (loss: Double, state: [Int32])
  ) -> Double? {
    for factor in shrinkingSteps {
      let (numeric, kinked) = centralDifference(at: pointer, eps: eps * factor, baseState: baseState, evaluate: evaluate)
      if !kinked { return numeric }
    }
    return nil
  }
}

/// Checks `layer.backward` against central differences of L = Σ out ⊙ R for a fixed random R.
///
/// Compares the input gradient at every input position (or a seeded random subset of at most
/// `maxPositions`) and every parameter's gradient at its free positions (mask ≠ 0; at most
/// `maxPositions` of them), with |a − n| ≤ 1e-2·max(|a|,|n|) + 2e-3. It also checks that a
/// second `backward` leaves the input gradient unchanged but doubles parameter gradients
/// (they accumulate), and that masked entries get exactly zero gradient.
///
/// - Parameters:
///   - inputShape: per-sample input shape (defaults to the layer's).
///   - batch: samples in the batch (use ≥ 2 so batch indexing is exercised).
///   - seed: seeds the input (unless `input` is given), R and the probe subsets.
///   - input: a prepared input (e.g. `TestTensors.distinct` for max pooling); it is copied.
///   - skip: which probes to leave out; by default those whose nudge crosses a ReLU or
///     max-pool kink even after shrinking the step (see `GradientCheck.shrinkingSteps`).
///   - inputRange: range of the random input values when `input` is nil.
///   - training: passed to `forward`.
///   - eps: the finite-difference step.
///   - maxPositions: most positions probed per tensor.
/// - Returns: a report; `report.passed` is the verdict and `description` says what failed.
public func checkLayerGradients(
  layer: any Layer, inputShape: Shape? = nil, batch: Int = 2, seed: UInt64 = 1,
  skip: GradientCheckSkip = .kinkCrossings, input: Tensor? = nil, inputRange: ClosedRange<Float> = -1...1,
  training: Bool = true, eps: Float = GradientCheck.defaultEpsilon, maxPositions: Int = GradientCheck.defaultMaxPositions
) -> GradientCheckReport {
  let name = layer.spec.name
  var report = GradientCheckReport(layer: name)
  let shape = (inputShape ?? layer.inputShape).batch(batch)
  let x = input.map(TestTensors.copy) ?? TestTensors.random(shape, seed: seed, in: inputRange)
  guard x.shape.perSample == layer.inputShape.perSample else {
    report.problems.append("input \(x.shape) does not match the layer's input \(layer.inputShape)")
    return report
  }
  let params = layer.parameters

  // Analytic pass: R has the output's shape; gradients start from zero.
  let firstOut = layer.forward(x, training: training)
  let r = TestTensors.random(firstOut.shape, seed: seed &+ 0x5EED)
  for p in params { p.grad.zero() }
  _ = layer.forward(x, training: training)
  let baseState = GradientCheck.kinkState(of: layer)
  guard let dxTensor = layer.backward(r, needInputGradient: true) else {
    report.problems.append("backward returned no input gradient although one was requested")
    return report
  }
  if dxTensor.shape != x.shape {
    report.problems.append("input gradient has shape \(dxTensor.shape), input has \(x.shape)")
    return report
  }
  let dx = dxTensor.array
  let grads = params.map(\.grad.array)

  // Accumulation: the same backward again adds the same parameter gradients once more,
  // while the input gradient is recomputed, not added to.
  if let dx2 = layer.backward(r, needInputGradient: true)?.array {
    if let i = dx.indices.first(where: { abs(dx2[$0] - dx[$0]) > 1e-6 * max(1, abs(dx[$0])) }) {
      report.problems.append("input gradient changed on a second backward: [\(i)] \(dx[i]) then \(dx2[i])")
    }
  }
  for (p, g) in zip(params, grads) {
    let twice = p.grad.array
    if let i = g.indices.first(where: { abs(twice[$0] - 2 * g[$0]) > 1e-5 * max(1, abs(2 * g[$0])) }) {
      report.problems.append("\(p.name) grad does not accumulate: [\(i)] \(g[i]) after one backward, "
        + "\(twice[i]) after two (expected \(2 * g[i]))")
    }
    if let mask = p.mask, let i = g.indices.first(where: { mask[$0] == 0 && g[$0] != 0 }) {
      report.problems.append("\(p.name) has gradient \(g[i]) at masked index \(i)")
    }
  }

  let skipsKinks: Bool
  if case .nothing = skip { skipsKinks = false } else { skipsKinks = true }
  let evaluate: () -> (loss: Double, state: [Int32]) = {
    let out = layer.forward(x, training: training)
    return (TestTensors.dot(out, r), GradientCheck.kinkState(of: layer))
  }
  func probe(_ tensor: String, _ pointer: UnsafeMutablePointer<Float>, index: Int, analytic: Float) {
    let numeric: Double
    if skipsKinks {
      guard let n = GradientCheck.kinkFreeDifference(at: pointer, eps: eps, baseState: baseState, evaluate: evaluate)
      else { report.skipped += 1; return }
      numeric = n
    } else {
      numeric = GradientCheck.centralDifference(at: pointer, eps: eps, baseState: baseState, evaluate: evaluate).numeric
    }
    report.compared[tensor, default: 0] += 1
    report.largestAnalytic[tensor] = max(report.largestAnalytic[tensor] ?? 0, abs(Double(analytic)))
    if !GradientCheck.agrees(Double(analytic), numeric) {
      report.mismatches.append(GradientMismatch(layer: name, tensor: tensor, index: index,
                                                analytic: Double(analytic), numeric: numeric))
    }
  }

  // Input gradient.
  for i in GradientCheck.positions(Array(0..<x.count), limit: maxPositions, seed: seed &+ 17) {
    if case .inputPositions(let excluded) = skip, excluded(i) { report.skipped += 1; continue }
    probe("input", x.pointer + i, index: i, analytic: dx[i])
  }
  // Parameter gradients, free entries only.
  for (k, (p, g)) in zip(params, grads).enumerated() {
    let free = (0..<p.count).filter { (p.mask?[$0] ?? 1) != 0 }
    for i in GradientCheck.positions(free, limit: maxPositions, seed: seed &+ 31 &+ UInt64(k)) {
      probe(p.name, p.value.pointer + i, index: i, analytic: g[i])
    }
  }
  // Leave the layer's buffers as the unperturbed input would.
  _ = layer.forward(x, training: training)
  return report
}

// MARK: - Whole-network gradient check

extension GradientCheck {
  /// The mean loss of a batch of `scores` under `head` (softmax cross-entropy or the RBF MAP
  /// criterion), writing d(mean loss)/d(scores) into `dscores` when given.
  public static func meanLoss(head: OutputHead, scores: Tensor, labels: [Int32], dscores: Tensor?) -> Double {
    labels.withUnsafeBufferPointer { lb in
      let n = scores.shape.n
      let result: LossResult
      switch head {
      case .softmax:
        result = Loss.softmaxCrossEntropy(logits: scores, labels: lb, total: n, dlogits: dscores)
      case .rbf(let j):
        result = Loss.rbfMAP(penalties: scores, labels: lb, j: j, total: n, dpenalties: dscores)
      }
      return result.lossSum / Double(n)
    }
  }
}

/// Checks `Network.forward`/`backward` parameter gradients against central differences of the
/// model's own mean loss, at `entriesPerParameter` random free entries of every parameter plus
/// the entry with the largest analytic gradient (so the check is not dominated by near-zeros).
public func checkNetworkGradients(
  network: Network, input x: Tensor, labels: [Int32], entriesPerParameter: Int = 4, seed: UInt64 = 1,
  eps: Float = GradientCheck.defaultEpsilon
) -> GradientCheckReport {
  var report = GradientCheckReport(layer: network.spec.name)
  network.zeroGradients()
  let scores = network.forward(x, training: true)
  let dscores = Tensor(zeros: scores.shape)
  _ = GradientCheck.meanLoss(head: network.spec.head, scores: scores, labels: labels, dscores: dscores)
  network.backward(dscores)
  let params = network.parameters
  let grads = params.map(\.grad.array)

  func state() -> [Int32] { network.layers.flatMap(GradientCheck.kinkState(of:)) }
  let baseState = state()
  let evaluate: () -> (loss: Double, state: [Int32]) = {
    let s = network.forward(x, training: true)
    return (GradientCheck.meanLoss(head: network.spec.head, scores: s, labels: labels, dscores: nil), state())
  }
  for (k, (p, g)) in zip(params, grads).enumerated() {
    if let mask = p.mask, let i = g.indices.first(where: { mask[$0] == 0 && g[$0] != 0 }) {
      report.problems.append("\(p.name) has gradient \(g[i]) at masked index \(i)")
    }
    let free = (0..<p.count).filter { (p.mask?[$0] ?? 1) != 0 }
    guard let largest = free.max(by: { abs(g[$0]) < abs(g[$1]) }) else { continue }
    var chosen = GradientCheck.positions(free, limit: entriesPerParameter, seed: seed &+ UInt64(k) &* 101)
    if !chosen.contains(largest) { chosen.append(largest) }
    for i in chosen {
      guard let numeric = GradientCheck.kinkFreeDifference(at: p.value.pointer + i, eps: eps,
                                                           baseState: baseState, evaluate: evaluate)
      else { report.skipped += 1; continue }
      report.compared[p.name, default: 0] += 1
      report.largestAnalytic[p.name] = max(report.largestAnalytic[p.name] ?? 0, abs(Double(g[i])))
      if !GradientCheck.agrees(Double(g[i]), numeric) {
        report.mismatches.append(GradientMismatch(layer: network.spec.name, tensor: p.name, index: i,
                                                  analytic: Double(g[i]), numeric: numeric))
      }
    }
  }
  _ = network.forward(x, training: true)
  return report
}
