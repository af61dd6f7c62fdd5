import ConvEngine

/// Results of `CompareRequest` (`EngineEvent.compare`).
public enum CompareEvent: Equatable, Sendable {
  case built(ModelComparison)
  case measured(ComparisonTiming)
}
