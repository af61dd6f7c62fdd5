import ConvEngine

/// Engine work for the Explore screen.
public enum ExploreRequest: Equatable, Sendable {
  /// Run `model` on `input` and report the prepared trace; `weights` is a weights file to
  /// load instead of the shipped or seeded ones (`assets:` names one under the assets folder);
  /// `spec` is a model file's network as the screen last read it (a cached network built from
  /// another version of the file is rebuilt), nil to read the file here.
  case forward(model: String, input: ExploreInput, weights: String? = nil, spec: ModelSpec? = nil)
  /// Explain one value of the last pass of `model` on `input` (layer indices as in the trace:
  /// 1 is the first network layer), its text laid out for `width` columns.
  case explain(model: String, input: ExploreInput, key: ExploreValueKey, width: Int, weights: String? = nil)
}
