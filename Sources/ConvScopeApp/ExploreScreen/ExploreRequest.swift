/// Engine work for the Explore screen.
public enum ExploreRequest: Equatable, Sendable {
  /// Run `model` on `input` and report the prepared trace; `weights` is a weights file to
  /// load instead of the shipped or seeded ones (`assets:` names one under the assets folder).
  case forward(model: String, input: ExploreInput, weights: String? = nil)
  /// Explain one value of the last pass of `model` on `input` (layer indices as in the trace:
  /// 1 is the first network layer), its text laid out for `width` columns.
  case explain(model: String, input: ExploreInput, key: ExploreValueKey, width: Int, weights: String? = nil)
}
