import ConvEngine

/// The Compare screen's part of `update`.
enum CompareScreen {
  /// The pair on screen.
  static let pair = (left: ModelComparison.defaultModels.0, right: ModelComparison.defaultModels.1)

  static func update(_ state: inout AppState, _ action: CompareAction) -> [Effect] {
    switch action {
    case .scroll(let lines):
      scroll(to: state.compare.scroll + lines, in: &state)
      return []
    case .page(let pages):
      let area = CompareView.area(for: state.size)
      let count = CompareView.lines(state.compare, width: area.width, unicode: true).count
      // A page keeps one line of the last for context.
      let step = max(1, CompareView.visibleRows(lineCount: count, height: area.height) - 1)
      scroll(to: state.compare.scroll + pages * step, in: &state)
      return []
    case .scrollToEnd(let top):
      scroll(to: top ? 0 : Int.max / 2, in: &state)
      return []
    case .remeasure:
      guard state.compare.comparison != nil else { return requestComparisonIfNeeded(&state) }
      let effects = requestTiming(&state)
      // Jump to the speed section, where the progress shows and the results land.
      let area = CompareView.area(for: state.size)
      if let line = CompareView.timingLine(state.compare, width: area.width) { scroll(to: line, in: &state) }
      return effects
    case .movePick(let step):
      ComparePick.move(step, in: &state)
      // Bring the picked row into view (with two lines above it) when it is not.
      let area = CompareView.area(for: state.size)
      let lines = CompareView.lines(state.compare, width: area.width, unicode: true)
      if let row = lines.firstIndex(where: { $0.contains { $0.style.reverse } }) {
        let rows = CompareView.visibleRows(lineCount: lines.count, height: area.height)
        if row < state.compare.scroll || row >= state.compare.scroll + rows { scroll(to: row - 2, in: &state) }
      }
      return []
    }
  }

  /// Scrolls to `line`, kept between the top and the last useful position (the same
  /// rectangle and lines as drawn).
  static func scroll(to line: Int, in state: inout AppState) {
    let area = CompareView.area(for: state.size)
    let count = CompareView.lines(state.compare, width: area.width, unicode: true).count
    state.compare.scroll = min(max(0, line), CompareView.maxScroll(lineCount: count, height: area.height))
  }

  /// A loop turn: the measuring spinner turns.
  static func tick(_ state: inout AppState) {
    if state.compare.isMeasuring { state.compare.measureTicks += 1 }
  }

  /// Asks for the comparison unless it is there, on its way, or failed (then `r` asks
  /// again: coming back to the tab must not retry in a loop).
  static func requestComparisonIfNeeded(_ state: inout AppState) -> [Effect] {
    guard state.compare.comparison == nil, !state.compare.isBuilding, state.compare.comparisonError == nil else { return [] }
    state.compare.isBuilding = true
    return [.startEngineWork(.compare(.build(left: pair.left, right: pair.right)))]
  }

  private static func requestTiming(_ state: inout AppState) -> [Effect] {
    guard !state.compare.isMeasuring else { return [] }
    state.compare.isMeasuring = true
    state.compare.measureTicks = 0
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
