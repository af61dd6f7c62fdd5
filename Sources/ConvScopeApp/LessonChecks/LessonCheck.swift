import ConvEngine

/// What a lesson task asks the student to do, as the engine can grade it from the workbench's
/// live state (never from a typed answer). Written in a lesson as the kind and its
/// `key=value` parameters in a task comment (`LessonTask`); `LessonCheckGrader` grades it.
public enum LessonCheck: Sendable, Hashable {
  /// `test-accuracy`: a Train run of `model` on `dataset` reached `atLeast` (a fraction) test
  /// accuracy at the end of some epoch (the engine's evaluation on the whole test set).
  case testAccuracy(model: ModelChoice, dataset: DatasetKind, atLeast: Double)
  /// `wrong-digit`: Explore shows a shipped-weights test image that `model` classifies wrongly,
  /// with the inspector open on the output layer.
  case wrongDigit(model: String)
  /// `overfit`: a Train run of `model` whose train accuracy is at least `gap` (a fraction:
  /// 0.10 is 10 points) above its test accuracy at the end of the same epoch.
  case overfit(model: ModelChoice, gap: Double)
  /// `stroke-map`: Explore has a map of `layer` (shipped `model` weights) selected whose
  /// response to a `stroke` bar is at least `ratio` times its response to the crossing bar,
  /// measured by running the engine on both bars (`StrokeProbe`).
  case strokeMap(model: String, layer: String, stroke: Stroke, ratio: Double)
  /// `most-parameters`: the layer picked on the Compare screen is the one with the most
  /// trainable parameters, among `model`'s layers or, when nil, among both models shown.
  case mostParameters(model: String?)

  /// The word written in a task comment for each kind, in the order `lessons/README.md` lists them.
  public static let kinds = ["test-accuracy", "wrong-digit", "overfit", "stroke-map", "most-parameters"]

  /// The kind's word (`test-accuracy`, …).
  public var kind: String {
    switch self {
    case .testAccuracy: "test-accuracy"
    case .wrongDigit: "wrong-digit"
    case .overfit: "overfit"
    case .strokeMap: "stroke-map"
    case .mostParameters: "most-parameters"
    }
  }
}

/// A bar drawn across the input: the two orientations a stroke probe compares.
public enum Stroke: String, Sendable, Hashable, CaseIterable {
  case horizontal, vertical

  /// The other orientation, the one the map must answer less.
  public var crossing: Stroke { self == .horizontal ? .vertical : .horizontal }
}
