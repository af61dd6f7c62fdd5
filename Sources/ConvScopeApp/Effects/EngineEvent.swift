/// A result coming back from the engine (the bubbletea idea: background work returns as a
/// message, so `update` stays the only place where state changes).
public enum EngineEvent: Equatable, Sendable {
  /// A request failed; `message` is one line meant for the user.
  case failed(EngineRequest, message: String)
  /// The result of an `.explore` request.
  case explore(ExploreEvent)
  /// The result of a `.compare` request.
  case compare(CompareEvent)
  /// The result of a `.train` request.
  case train(TrainEvent)
  /// The result of a `.strokeProbe` request.
  case strokeProbe(StrokeProbe)
}
