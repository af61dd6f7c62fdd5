import ConvEngine

/// Performs `CompareRequest`s on the engine runner's thread.
enum CompareWork {
  /// Does the work off the UI thread (called from `EngineSession.perform`).
  static func perform(_ request: CompareRequest) -> EngineEvent {
    do {
      switch request {
      case .build(let left, let right):
        return .compare(.built(try ModelComparison.named(left, right)))
      case .measure(let left, let right):
        var comparison = try ModelComparison.named(left, right)
        try comparison.measureTiming(left: try ModelCatalog.spec(named: left), right: try ModelCatalog.spec(named: right))
        guard let timing = comparison.timing else {
          return .failed(.compare(request), message: "the timing did not run")
        }
        return .compare(.measured(timing))
      }
    } catch {
      return .failed(.compare(request), message: String(describing: error))
    }
  }
}
