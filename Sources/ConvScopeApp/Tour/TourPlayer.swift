import ConvEngine
import TerminalUI

/// The tours' part of `update`: pure, like the rest of it. Showing a step applies the step's
/// whole state (a fresh Explore for its model, its runs from a fresh start, Compare from the
/// top), never a change from the step before, so ← shows a step exactly as → did.
enum TourPlayer {
  static func update(_ state: inout AppState, _ action: TourAction) -> [Effect] {
    switch action {
    case .play(let id):
      guard let tour = state.tour.shelf.tour(id) else {
        let known = state.tour.shelf.tours.map(\.id).joined(separator: ", ")
        state.statusMessage = "No tour \(id)" + (known.isEmpty ? "." : "; tours: \(known)")
        return []
      }
      return play(tour, in: &state)
    case .playForOpenLesson:
      let lesson = state.lessons.lesson?.id
      guard let tour = state.tour.shelf.tours.first(where: { $0.lessonID == lesson }) ?? state.tour.shelf.tours.first else {
        state.statusMessage = state.tour.shelf.problems.first.map { "No tours: \($0)" } ?? "No tours found (lessons/tours/)."
        return []
      }
      return play(tour, in: &state)
    case .step(let delta):
      guard let tour = state.tour.playing else { return [] }
      let target = state.tour.step + delta
      guard tour.steps.indices.contains(target) else {
        state.statusMessage = delta > 0 ? "That was the last step: esc leaves the tour." : "This is the first step."
        return []
      }
      return show(target, in: &state)
    case .togglePause:
      guard state.tour.isPlaying else { return [] }
      state.tour.isPaused.toggle()
      state.statusMessage = state.tour.isPaused ? "Tour paused: p goes on." : "Tour goes on."
      return []
    case .leave:
      return leave(&state)
    }
  }

  /// Starts `tour` at its first step, remembering the docked lesson and the screens to put
  /// them back later (a tour started during another keeps the first one's).
  private static func play(_ tour: Tour, in state: inout AppState) -> [Effect] {
    if !state.tour.isPlaying {
      state.tour.paneBefore = state.lessonPane
      state.tour.screensBefore = TourState.ScreensBefore(state)
    }
    state.tour.playing = tour
    state.tour.isPaused = false
    // Another tour's training steps are not this one's.
    state.tour.trainRuns = nil
    state.tour.trainStates = [:]
    return show(0, in: &state)
  }

  /// Ends the tour: the docked lesson and the screens are back as they were before it, and
  /// what the tour trained stops (a student leaving a tour expects to find their own work,
  /// not the tour's runs still taking the cores).
  private static func leave(_ state: inout AppState) -> [Effect] {
    guard let tour = state.tour.playing else { return [] }
    state.lessonPane = state.tour.paneBefore ?? LessonPaneState()
    let touchedTrain = state.tour.trainRuns != nil
    let stopsTraining = touchedTrain && state.train.isRunning
    let effects = state.tour.screensBefore.map { restore($0, touchedTrain: touchedTrain, in: &state) } ?? []
    let shelf = state.tour.shelf
    state.tour = TourState()
    state.tour.shelf = shelf
    state.statusMessage = "Left the tour \"\(tour.title)\"" + (stopsTraining ? "; its training stopped." : ".")
    return effects
  }

  /// Puts the screens back as `before` has them. The Train screen only when a step of the
  /// tour trained: its runs stop, and the student's runs are back under their numbers (a run
  /// the tour's training stopped shows as ended there); run numbers keep growing.
  private static func restore(_ before: TourState.ScreensBefore, touchedTrain: Bool, in state: inout AppState) -> [Effect] {
    (state.screen, state.lastScreen) = (before.screen, before.lastScreen)
    var effects: [Effect] = []
    // A pass the tour asked for may still come for the same model, and one the view was
    // waiting for may have come during the tour: the view's own is asked for after them, so
    // the last answer is the view's.
    let passInFlight = state.explore.isLoading && state.explore.model == before.explore.model
    state.explore = before.explore
    if passInFlight || state.explore.isLoading { effects += ExploreScreen.requestForward(&state.explore) }
    // Likewise a comparison or timing Compare was waiting for (the pair is always the same,
    // so what came during the tour is the screen's): asked for again if it is still missing.
    let (built, timed) = (state.compare.comparison, state.compare.timing)
    state.compare = before.compare
    state.compare.comparison = state.compare.comparison ?? built
    state.compare.timing = state.compare.timing ?? timed
    (state.compare.isBuilding, state.compare.isMeasuring) = (false, false)
    if state.compare.comparison == nil, state.screen == .compare { effects += CompareScreen.requestComparisonIfNeeded(&state) }
    guard touchedTrain else { return effects }
    effects += TrainScreen.stopRun(&state)
    var train = before.train
    train.runCount = max(train.runCount, state.train.runCount)
    train.queue = []
    train.isPolling = false
    if train.isRunning, let id = train.progress?.runID {
      train.isRunning = false
      train.progress?.isFinished = true
      train.progress?.wasStopped = true
      train.progress?.epochETA = nil
      train.message = "Run \(id) stopped when the tour trained its own runs."
    }
    state.train = train
    return effects
  }

  /// Shows step `index`: its screen set up from scratch, its text in the pane.
  static func show(_ index: Int, in state: inout AppState) -> [Effect] {
    guard let tour = state.tour.playing, tour.steps.indices.contains(index) else { return [] }
    let step = tour.steps[index]
    state.tour.step = index
    state.tour.ticks = 0
    state.tour.pendingView = step.view == .plain ? nil : step.view
    state.isHelpVisible = false
    // The pane shows the step from its top, the keys stay with the screen (the tour's own
    // keys work on both sides).
    state.lessonPane.isOpen = true
    state.lessonPane.place = MarkdownPlace()
    state.lessonPane.focusedLink = nil
    state.lessonPane.focus = .screen
    var effects: [Effect] = []
    switch step.show {
    case .explore(let link):
      // A fresh Explore (the command line's weights kept), so nothing a step before left
      // behind (zoom, transforms, a drawing, the random pick) shows through.
      state.explore = ExploreState(model: ExploreSetup(link).model, userWeights: state.explore.userWeights)
      effects = LessonLinkFollower.follow(step.show, in: &state)
    case .train:
      effects = showTraining(index, step, in: &state)
    case .compare, .lesson, .quiz:
      state.compare.scroll = 0
      effects = LessonLinkFollower.follow(step.show, in: &state)
    }
    state.statusMessage = "Tour · step \(index + 1) of \(tour.steps.count): \(step.title)"
    return effects + settle(&state)
  }

  /// A training step: its runs as they are if the Train screen still shows them, as they
  /// ended if a later step's runs took the screen since, else from a fresh start. Runs are
  /// never trained twice under new numbers (Run 2, 3 …) just because the reader went back;
  /// only runs a later step stopped before they ended start again.
  private static func showTraining(_ index: Int, _ step: TourStep, in state: inout AppState) -> [Effect] {
    let shown = state.tour.trainRuns.map { $0.isShown(in: state.train) } ?? false
    if shown, state.tour.trainRuns?.step == index {
      return ConvScopeApp.update(&state, .selectScreen(.train))
    }
    // The runs on the Train screen are another step's: kept for going back if they ended.
    if shown, let owner = state.tour.trainRuns, !state.train.isRunning, state.train.queue.isEmpty {
      state.tour.trainStates[owner.step] = state.train
    }
    if let kept = state.tour.trainStates[index], let first = kept.allRuns.first?.runID, let last = kept.allRuns.last?.runID {
      let stop = TrainScreen.stopRun(&state)
      // Run numbers only grow: the next run the student starts gets a number of its own.
      let count = max(state.train.runCount, kept.runCount)
      state.train = kept
      state.train.runCount = count
      state.tour.trainRuns = TourState.StepRuns(step: index, ids: first...last)
      return stop + ConvScopeApp.update(&state, .selectScreen(.train))
    }
    // The step's runs from a fresh start, seeded, with no earlier runs overlaid.
    state.train.runs = []
    state.train.progress = nil
    state.train.compared = []
    state.train.selectedRun = nil
    state.train.selectedMistake = nil
    state.train.scrub = TimeLapseScrub()
    let first = state.train.runCount + 1
    state.tour.trainRuns = TourState.StepRuns(step: index, ids: first...(first + max(0, step.runs.count - 1)))
    return LessonLinkFollower.follow(step.show, in: &state)
  }

  /// A quiet turn: the step frames its screen if the data has come, and the auto-advance
  /// clock runs.
  static func tick(_ state: inout AppState) -> [Effect] {
    guard let step = state.tour.current else { return [] }
    var effects = settle(&state)
    guard !state.tour.isPaused, let limit = step.advance.ticks else { return effects }
    state.tour.ticks += 1
    if state.tour.ticks >= limit, let tour = state.tour.playing, state.tour.step + 1 < tour.steps.count {
      effects += show(state.tour.step + 1, in: &state)
    }
    return effects
  }

  /// Frames the screen as the step asks once what it frames is there: the zoomed map and
  /// inspector cell when the step's forward pass has arrived and its layer is selected, the
  /// Compare row when the comparison has been built.
  static func settle(_ state: inout AppState) -> [Effect] {
    guard let view = state.tour.pendingView else { return [] }
    switch view {
    case .plain:
      state.tour.pendingView = nil
      return []
    case .zoom(let row, let column, let inspect):
      let e = state.explore
      guard e.trace != nil, !e.isLoading, e.pendingLayer == nil, e.pendingMap == nil, let layer = e.currentLayer else { return [] }
      state.tour.pendingView = nil
      var effects: [Effect] = []
      if !e.isZoomed { effects += ExploreScreen.update(&state, .toggleZoom) }
      state.explore.cursorY = min(row, max(0, layer.height - 1))
      state.explore.cursorX = min(column, max(0, layer.width - 1))
      if inspect, !state.explore.isInspectorOpen { effects += ExploreScreen.update(&state, .toggleInspector) }
      return effects
    case .compareRow(let text):
      guard state.compare.comparison != nil else { return [] }
      state.tour.pendingView = nil
      let area = CompareView.area(for: state.size)
      let lines = CompareView.lines(state.compare, width: area.width, unicode: true)
      guard let line = lines.firstIndex(where: { $0.map(\.text).joined().contains(text) }) else {
        state.statusMessage = "Compare shows no line with \"\(text)\"."
        return []
      }
      CompareScreen.scroll(to: line, in: &state)
      return []
    }
  }

  /// The pane's lesson while a tour plays: the step's text as a lesson of its own, titled
  /// with the tour and where it is.
  static func paneLesson(_ state: AppState) -> Lesson? {
    guard let tour = state.tour.playing, let step = state.tour.current else { return nil }
    let where_ = "\(state.tour.step + 1)/\(tour.steps.count)"
    var clock = ""
    if let limit = step.advance.ticks, state.tour.step + 1 < tour.steps.count {
      clock = state.tour.isPaused ? " · paused" : " · next in \((limit - state.tour.ticks + 19) / 20) s"
    }
    // Each task's grade under the text: "✓ Task: done." or "☐ Task: still missing: …".
    let taskLines = step.tasks.map { task in
      let (met, grade) = LessonChecksView.grade(task, of: tour.progressID, state.lessonChecks)
      return "**\(LessonChecksView.mark(met: met)) Task:** \(grade)" + (met ? "." : "")
    }
    return Lesson(tourStep: step, of: tour, title: "\(tour.title) · \(where_)\(clock)",
                  text: step.paneText(number: state.tour.step + 1, of: tour.steps.count, taskLines: taskLines))
  }
}
