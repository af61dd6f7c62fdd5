import ConvEngine

/// The Compare screen's part of `update` and of the engine work.
enum CompareScreen {
  /// The pair on screen.
  static let pair = (left: ModelComparison.defaultModels.0, right: ModelComparison.defaultModels.1)

  static func update(_ state: inout AppState, _ action: CompareScreenAction) -> [Effect] {
    switch action {
    case .scroll(let lines):
      // The same rectangle ScreenBody gives the view: inside the box, below the purpose line.
      let width = state.size.width - 6, height = state.size.height - 7
      let count = CompareScreenView.lines(state.compare, width: width, unicode: true).count
      state.compare.scroll = min(max(0, state.compare.scroll + lines), max(0, count - height))
      return []
    case .remeasure:
      guard state.compare.comparison != nil else { return requestComparisonIfNeeded(&state) }
      return requestTiming(&state)
    }
  }

  /// Asks for the comparison unless it is there or on its way.
  static func requestComparisonIfNeeded(_ state: inout AppState) -> [Effect] {
    guard state.compare.comparison == nil, !state.compare.isBuilding else { return [] }
    state.compare.isBuilding = true
    return [.startEngineWork(.compareScreen(.build(left: pair.left, right: pair.right)))]
  }

  private static func requestTiming(_ state: inout AppState) -> [Effect] {
    guard !state.compare.isMeasuring else { return [] }
    state.compare.isMeasuring = true
    state.compare.timingError = nil
    return [.startEngineWork(.compareScreen(.measure(left: pair.left, right: pair.right)))]
  }

  /// Stores a result. Timing waits for `m`: it runs AlexNet for several seconds on every core,
  /// which a user merely opening the tab (or a lesson link passing through) did not ask for.
  static func apply(_ event: CompareScreenEvent, to state: inout AppState) -> [Effect] {
    switch event {
    case .built(let comparison):
      state.compare.comparison = comparison
      state.compare.isBuilding = false
      return []
    case .measured(let timing):
      state.compare.timing = timing
      state.compare.isMeasuring = false
      return []
    }
  }

  /// A failed request: the screen says which part is missing and why.
  static func failed(_ request: CompareScreenRequest, message: String, in state: inout AppState) -> [Effect] {
    switch request {
    case .build:
      state.compare.isBuilding = false
      state.compare.comparisonError = message
    case .measure:
      state.compare.isMeasuring = false
      state.compare.timingError = message
    }
    state.statusMessage = message
    return []
  }

  /// Does the work off the UI thread (called from `EngineWork.perform`).
  static func perform(_ request: CompareScreenRequest) -> EngineEvent {
    do {
      switch request {
      case .build(let left, let right):
        return .compareScreen(.built(try ModelComparison.named(left, right)))
      case .measure(let left, let right):
        var comparison = try ModelComparison.named(left, right)
        try comparison.measureTiming(left: try ModelCatalog.spec(named: left), right: try ModelCatalog.spec(named: right))
        guard let timing = comparison.timing else {
          return .failed(.compareScreen(request), message: "the timing did not run")
        }
        return .compareScreen(.measured(timing))
      }
    } catch {
      return .failed(.compareScreen(request), message: String(describing: error))
    }
  }
}
