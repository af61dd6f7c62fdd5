import ConvEngine
import Foundation

/// How a check stands on a snapshot: met or not, and one line saying what is done or what is
/// still missing.
public struct CheckResult: Equatable, Sendable {
  public var isMet: Bool
  public var feedback: String

  public init(isMet: Bool, feedback: String) {
    self.isMet = isMet
    self.feedback = feedback
  }

  static func met(_ feedback: String) -> CheckResult { CheckResult(isMet: true, feedback: feedback) }
  static func missing(_ feedback: String) -> CheckResult { CheckResult(isMet: false, feedback: feedback) }
}

/// Grades lesson checks: a pure function of the check and a `CheckSnapshot`, so every case
/// is a row of a table test.
public enum LessonCheckGrader {
  public static func grade(_ check: LessonCheck, _ snapshot: CheckSnapshot) -> CheckResult {
    switch check {
    case .testAccuracy(let model, let dataset, let atLeast):
      testAccuracy(model, dataset, atLeast, snapshot)
    case .wrongDigit(let model):
      wrongDigit(model, snapshot)
    case .overfit(let model, let gap):
      overfit(model, gap, snapshot)
    case .strokeMap(let model, let layer, let stroke, let ratio):
      strokeMap(model, layer, stroke, ratio, snapshot)
    case .mostParameters(let model):
      mostParameters(model, snapshot)
    }
  }

  /// The probe `check` needs now (Explore shows its model and layer) and the snapshot does
  /// not hold yet: the app asks the engine for it.
  public static func probeNeeded(_ check: LessonCheck, _ snapshot: CheckSnapshot) -> StrokeProbeRequest? {
    guard case .strokeMap(let model, let layer, _, _) = check, let e = snapshot.explore, e.model == model, e.layer == layer,
      !snapshot.probes.contains(where: { $0.model == model && $0.layer == layer })
    else { return nil }
    return StrokeProbeRequest(model: model, layer: layer)
  }

  // MARK: - Kinds

  private static func testAccuracy(_ model: ModelChoice, _ dataset: DatasetKind, _ atLeast: Double,
                                   _ snapshot: CheckSnapshot) -> CheckResult {
    let name = title(model)
    let runs = snapshot.runs.filter { matches($0.model, model) && $0.dataset == dataset.rawValue }
    let tested = runs.flatMap { run in run.epochs.compactMap { e in e.test.map { (run: run.id, epoch: e.epoch, test: $0) } } }
    guard let best = tested.max(by: { $0.test < $1.test }) else {
      return .missing(runs.isEmpty
        ? "no \(name) run on \(dataset.rawValue) yet: set one up on Train (m model, t dataset) and start it"
        : "no epoch of a \(name) run has finished yet; the test accuracy is measured at each epoch's end")
    }
    let where_ = "run \(best.run), epoch \(best.epoch)"
    if best.test >= atLeast {
      return .met("\(name) reached \(percent(best.test)) test accuracy (\(where_))")
    }
    return .missing("best \(name) test accuracy so far \(percent(best.test)) (\(where_)); "
      + "\(points(atLeast - best.test)) to go to \(percent(atLeast))")
  }

  private static func wrongDigit(_ model: String, _ snapshot: CheckSnapshot) -> CheckResult {
    guard let e = snapshot.explore, e.model == model else {
      return .missing("open \(model) on Explore (its shipped weights)")
    }
    guard e.shippedWeights else { return .missing("Explore runs other weights: use the shipped \(model) (R leaves a run's)") }
    guard let index = e.testImage, let label = e.label, let predicted = e.predicted else {
      return .missing("show an MNIST test digit on Explore (not a drawing or an edited image)")
    }
    guard predicted != label else {
      return .missing("\(model) reads test digit #\(index) correctly (\(label)): find one it gets wrong "
        + "(Train's mistakes panel lists some)")
    }
    guard e.isOutputLayer else {
      return .missing("\(model) reads test digit #\(index) (a \(label)) as \(predicted): now go to the output layer")
    }
    guard e.isInspectorOpen else {
      return .missing("test digit #\(index) (a \(label)) is read as \(predicted): open the inspector on the output")
    }
    return .met("test digit #\(index) is a \(label) that \(model) reads as \(predicted); the inspector shows why")
  }

  private static func overfit(_ model: ModelChoice, _ gap: Double, _ snapshot: CheckSnapshot) -> CheckResult {
    let name = title(model)
    let runs = snapshot.runs.filter { matches($0.model, model) }
    let gaps = runs.flatMap { run in
      run.epochs.compactMap { e in e.test.map { (run: run.id, epoch: e.epoch, train: e.train, test: $0) } }
    }
    guard let best = gaps.max(by: { $0.train - $0.test < $1.train - $1.test }) else {
      return .missing(runs.isEmpty
        ? "no \(name) run yet: set one up on Train (m model; l trains on fewer images) and start it"
        : "no epoch of a \(name) run has finished yet")
    }
    let figures = "train \(percent(best.train)) vs test \(percent(best.test)) (run \(best.run), epoch \(best.epoch))"
    if best.train - best.test >= gap {
      return .met("\(name) overfits: \(figures)")
    }
    return .missing("widest gap so far: \(figures), \(points(best.train - best.test)) of the \(points(gap)) asked for")
  }

  private static func strokeMap(_ model: String, _ layer: String, _ stroke: Stroke, _ ratio: Double,
                                _ snapshot: CheckSnapshot) -> CheckResult {
    guard let e = snapshot.explore, e.model == model, e.shippedWeights else {
      return .missing("open \(model) on Explore with its shipped weights")
    }
    guard e.layer == layer else { return .missing("go to layer \(layer) on Explore (now at \(e.layer))") }
    guard let probe = snapshot.probes.last(where: { $0.model == model && $0.layer == layer }) else {
      return .missing("measuring \(layer)'s maps on a \(stroke.rawValue) and a \(stroke.crossing.rawValue) bar…")
    }
    guard let wanted = probe.response(stroke, map: e.selectedMap), let other = probe.response(stroke.crossing, map: e.selectedMap)
    else { return .missing("map \(e.selectedMap) is not a map of \(layer)") }
    let figures = "map \(e.selectedMap): \(value(wanted)) on a \(stroke.rawValue) bar, \(value(other)) on a \(stroke.crossing.rawValue) one"
    guard wanted > 0, Double(wanted) >= ratio * Double(max(other, 0)) else {
      return .missing("\(figures); look for a map that answers the \(stroke.rawValue) bar at least \(value(Float(ratio)))× as much")
    }
    let floor = probe.floor(stroke)
    guard wanted >= floor else {
      return .missing("\(figures): too weak (the layer's strongest answer is \(value(floor / StrokeProbe.floorShare))); try another map")
    }
    return .met("\(figures): it answers \(stroke.rawValue) strokes")
  }

  private static func mostParameters(_ model: String?, _ snapshot: CheckSnapshot) -> CheckResult {
    guard let c = snapshot.compare, !c.layers.isEmpty else { return .missing("open Compare and wait for its table") }
    let candidates = c.layers.filter { model == nil || $0.model == model }
    guard let top = candidates.max(by: { $0.parameters < $1.parameters }) else {
      return .missing("Compare does not show \(model ?? "a model") now")
    }
    let among = model.map { "\($0)'s layers" } ?? "the layers of both models"
    guard let picked = c.picked else {
      return .missing("pick a layer in Compare's table (</> move the pick) — the one with the most parameters among \(among)")
    }
    let pickedText = "\(picked.name) of \(picked.model) has \(NumberFormat.grouped(picked.parameters)) parameters"
    if picked == top {
      return .met("\(pickedText), the most among \(among)")
    }
    if let model, picked.model != model { return .missing("\(pickedText), but the task is about \(model)'s layers") }
    return .missing("\(pickedText); another of \(among) has more")
  }

  // MARK: - Wording

  /// Whether a run's model is the one the task names (width and input size as far as the task says).
  static func matches(_ run: ModelChoice, _ task: ModelChoice) -> Bool {
    run.name == task.name && (run.width ?? 1) == (task.width ?? 1) && (task.inputSize == nil || run.inputSize == task.inputSize)
  }

  /// The Train screen's name for the model ("alexnet ×0.25 67px").
  static func title(_ model: ModelChoice) -> String { TrainSetup(model: model).modelName }
  static func percent(_ x: Double) -> String { NumberFormat.percent(x, decimals: 2) }
  static func points(_ x: Double) -> String { String(format: "%.2f points", x * 100) }
  static func value(_ x: Float) -> String { String(format: "%.3g", Double(x)) }
}
