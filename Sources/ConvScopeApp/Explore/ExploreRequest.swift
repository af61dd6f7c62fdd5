/// Engine work for the Explore screen.
public enum ExploreRequest: Equatable, Sendable {
  /// Run `model` on `input` and report the prepared trace.
  case forward(model: String, input: ExploreInput)
  /// Explain one value of the last pass of `model` on `input` (layer indices as in the trace:
  /// 1 is the first network layer).
  case explain(model: String, input: ExploreInput, layer: Int, channel: Int, y: Int, x: Int, width: Int)
}
