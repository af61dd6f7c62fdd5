import ConvEngine

/// The Compare screen's part of `update`.
enum CompareScreen {
  /// The pair on screen.
  static let pair = (left: ModelComparison.defaultModels.0, right: ModelComparison.defaultModels.1)

  static func update(_ state: inout AppState, _ action: CompareAction) -> [Effect] {
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
    return [.startEngineWork(.compare(.build(left: pair.left, right: pair.right)))]
  }

  private static func requestTiming(_ state: inout AppState) -> [Effect] {
    guard !state.compare.isMeasuring else { return [] }
    state.compare.isMeasuring = true
    state.compare.timingError = nil
    return [.startEngineWork(.compare(.measure(left: pair.left, right: pair.right)))]
  }

  /// Stores a result. Timing waits for `m`: it runs AlexNet for several seconds on every core,
  /// which a user merely opening the tab (or a lesson link passing through) did not ask for.
  static func apply(_ event: CompareEvent, to state: inout AppState) -> [Effect] {
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
  static func failed(_ request: CompareRequest, message: String, in state: inout AppState) -> [Effect] {
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
}
