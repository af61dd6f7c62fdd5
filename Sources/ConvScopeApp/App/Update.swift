/// Applies `action` to `state` and returns what must happen outside it.
///
/// This is the only function that changes the app's state. It is pure: no I/O, no clocks, no
/// threads, so tests drive it directly with actions and compare states and effects.
/// After every action the lesson tasks being followed are graded again if what they read changed.
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
  let effects = reduce(&state, action)
  // The lesson open on the Lessons tab is being read once the tab has shown it.
  if state.screen == .lessons { state.lessons.isRead = true }
  return effects + LessonChecks.regrade(&state)
}

private func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
  switch action {
  case .nextScreen:
    return select(state.screen.next, in: &state)
  case .previousScreen:
    return select(state.screen.previous, in: &state)
  case .selectScreen(let screen):
    return select(screen, in: &state)
  case .toggleHelp:
    state.isHelpVisible.toggle()
    state.helpScroll = 0
    return []
  case .togglePresenter:
    state.isPresenting.toggle()
    state.statusMessage = state.isPresenting ? "presenter mode, palette \(state.palette.name) (F5: normal view)"
      : "normal view, palette \(state.palette.name)"
    return []
  case .cyclePalette:
    state.chosenPalette = state.palette.next
    state.statusMessage = "palette: \(state.palette.name) (\(state.palette.purpose))"
    return []
  case .scrollHelp(let rows):
    HelpKeys.scroll(&state, by: rows)
    return []
  case .closeOverlay:
    if state.isQuitPending {
      return update(&state, .cancelQuit)
    }
    if !state.isHelpVisible, state.isLessonPaneFocused {
      // Esc in the docked lesson hands the keys back to the screen.
      state.lessonPane.focus = .screen
      return []
    }
    if !state.isHelpVisible, state.screen == .explore {
      // Esc on Explore leaves zoom or drawing (the one Esc binding stays the general one).
      return ExploreScreen.update(&state, .back)
    }
    state.isHelpVisible = false
    return []
  case .quit:
    guard TrainScreen.quitNeedsAsking(state) else { return [.quitApp] }
    // Quitting would throw away a run in progress, or runs not saved: ask first.
    state.isQuitPending = true
    return []
  case .confirmQuit:
    return TrainScreen.stopRun(&state) + [.quitApp]
  case .cancelQuit:
    state.isQuitPending = false
    return []
  case .resized(let size):
    state.terminalSize = size
    return []
  case .tick:
    CompareScreen.tick(&state)
    // The app opens on Explore: its first pass starts on the first quiet turn.
    return (state.screen == .explore ? ExploreScreen.update(&state, .open) : []) + TrainScreen.tick(&state)
      + TourPlayer.tick(&state)
  case .reloadComparison:
    state.compare = CompareState()
    return CompareScreen.requestComparisonIfNeeded(&state)
  case .engineReported(let event):
    // A tour step frames its screen as soon as the data it frames has come.
    return apply(event, to: &state) + TourPlayer.settle(&state)
  case .explore(let action):
    return ExploreScreen.update(&state, action)
  case .lessons(let action):
    return LessonsScreen.update(&state, action)
  case .compare(let action):
    return CompareScreen.update(&state, action)
  case .train(let action):
    return TrainScreen.update(&state, action)
  case .lessonPane(let action):
    return LessonPane.update(&state, action)
  case .tour(let action):
    return TourPlayer.update(&state, action)
  case .exportPicture(let scope):
    return [.exportPicture(scope)]
  case .pictureExported(let message):
    state.statusMessage = message
    return []
  case .lessonChecks(let action):
    return LessonChecks.update(&state, action)
  case .modelFile(let action):
    return ModelFiles.update(&state, action)
  }
}

/// Switches tabs and starts whatever the new screen needs from the engine.
private func select(_ screen: Screen, in state: inout AppState) -> [Effect] {
  state.screen = screen
  if screen.canDockLesson { state.lastScreen = screen }
  if screen == .explore { return ExploreScreen.update(&state, .open) }
  guard screen == .compare else { return [] }
  return CompareScreen.requestComparisonIfNeeded(&state)
}

/// Stores an engine result where the screens will find it.
private func apply(_ event: EngineEvent, to state: inout AppState) -> [Effect] {
  switch event {
  case .failed(.explore, let message):
    state.explore.isLoading = false
    state.statusMessage = message
  case .explore(let event):
    return ExploreScreen.apply(event, to: &state)
  case .failed(.compare(let request), let message):
    return CompareScreen.failed(request, message: message, in: &state)
  case .compare(let event):
    return CompareScreen.apply(event, to: &state)
  case .train(let event):
    return TrainScreen.apply(event, to: &state)
  case .failed(.train, let message):
    return TrainScreen.apply(.failed(message), to: &state)
  case .strokeProbe(let probe):
    LessonChecks.apply(probe, to: &state)
  case .failed(.strokeProbe, let message):
    state.statusMessage = message
  }
  return []
}
