/// Applies `action` to `state` and returns what must happen outside it.
///
/// This is the only function that changes the app's state. It is pure: no I/O, no clocks, no
/// threads, so tests drive it directly with actions and compare states and effects.
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
  switch action {
  case .nextScreen:
    return select(state.screen.next, in: &state)
  case .previousScreen:
    return select(state.screen.previous, in: &state)
  case .selectScreen(let screen):
    return select(screen, in: &state)
  case .toggleHelp:
    state.isHelpVisible.toggle()
    return []
  case .closeOverlay:
    if state.isQuitPending {
      return update(&state, .cancelQuit)
    }
    state.isHelpVisible = false
    return []
  case .quit:
    guard state.isTrainingRunning else { return [.quitApp] }
    // Quitting would throw away a run in progress: ask first.
    state.isQuitPending = true
    return []
  case .confirmQuit:
    return [.quitApp]
  case .cancelQuit:
    state.isQuitPending = false
    return []
  case .resized(let size):
    state.size = size
    return []
  case .tick:
    return []
  case .reloadComparison:
    state.compare = CompareState()
    return requestSummariesIfNeeded(&state)
  case .engineReported(let event):
    return apply(event, to: &state)
  }
}

/// Switches tabs and starts whatever the new screen needs from the engine.
private func select(_ screen: Screen, in state: inout AppState) -> [Effect] {
  state.screen = screen
  guard screen == .compare else { return [] }
  return requestSummariesIfNeeded(&state)
}

/// Asks the engine for the Compare screen's totals unless they are there or on their way.
private func requestSummariesIfNeeded(_ state: inout AppState) -> [Effect] {
  guard state.compare.needsSummaries else { return [] }
  state.compare.isLoading = true
  return [.startEngineWork(.summarize(models: CompareState.models))]
}

/// Stores an engine result where the screens will find it.
private func apply(_ event: EngineEvent, to state: inout AppState) -> [Effect] {
  switch event {
  case .summaries(let summaries):
    state.compare = CompareState(summaries: summaries)
    state.statusMessage = nil
  case .failed(.summarize, let message):
    state.compare = CompareState(error: message)
    state.statusMessage = message
  }
  return []
}
