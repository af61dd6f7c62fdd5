/// Work the app asks the engine to do off the UI thread. Each request comes back as exactly
/// one `EngineEvent`, delivered through `Action.engineReported`.
public enum EngineRequest: Equatable, Sendable {
  /// Explore screen work: forward passes and inspector explanations.
  case explore(ExploreRequest)
  /// Compare screen work: the full comparison and its timing.
  case compare(CompareRequest)
  /// Train screen work: start a run, command it, collect its progress.
  case train(TrainRequest)
  /// A lesson check's measurement: how a layer's maps answer horizontal and vertical bars.
  case strokeProbe(StrokeProbeRequest)
}
