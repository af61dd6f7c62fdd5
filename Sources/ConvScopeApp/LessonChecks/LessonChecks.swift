import ConvEngine

/// The lesson checks' part of `update`: pure. After an action that changed what the checks
/// read, `regrade` copies it into a `CheckSnapshot`; when that (or the tasks being followed)
/// changed, those tasks are graded again; a task newly met is saved (an effect) and
/// announced on the status line.
enum LessonChecks {
  static func update(_ state: inout AppState, _ action: LessonChecksAction) -> [Effect] {
    switch action {
    case .toggleTasks:
      state.lessonChecks.showsTasks.toggle()
      if state.lessonChecks.showsTasks, let lesson = state.lessons.lesson, lesson.tasks.isEmpty {
        state.statusMessage = "\(lesson.title) has no tasks."
      }
      // Graded afresh when shown, whatever changed since; the list starts at its top.
      state.lessonChecks.graded = nil
      state.lessonChecks.taskScroll = 0
      return []
    case .reset:
      guard let lesson = state.lessons.lesson else { return [] }
      state.lessonChecks.progress.reset(lesson.id)
      state.lessonChecks.graded = nil
      state.statusMessage = "Progress of \(lesson.id) reset: its \(lesson.tasks.count) task\(lesson.tasks.count == 1 ? "" : "s") are open again."
      return save(state)
    case .saveFailed(let message):
      state.statusMessage = "Progress not saved: \(message)"
      return []
    }
  }

  /// Stores a finished stroke probe; a failed one is said and not asked for again.
  static func apply(_ probe: StrokeProbe, to state: inout AppState) {
    state.lessonChecks.probes.removeAll { $0.model == probe.model && $0.layer == probe.layer }
    state.lessonChecks.probes.append(probe)
  }

  /// Tasks being graded: a lesson's, or a tour's (progress is kept under the tour's
  /// `progressID`), with the id progress is saved under.
  struct Graded: Equatable {
    var id: String
    var tasks: [LessonTask]
  }

  /// The tasks being graded, and only those the student is following: while a tour plays,
  /// the step on show (what a tour sets up is not the student's doing, so no lesson is graded
  /// from it); otherwise the lesson docked beside the screen, and the one open on the Lessons
  /// tab once the tab has shown it (lesson 01 is open there from the start, unread: a task
  /// of it must not be met before the student has seen it).
  static func gradedTasks(_ state: AppState) -> [Graded] {
    if state.tour.isPlaying {
      guard let tour = state.tour.playing, let step = state.tour.current, !step.tasks.isEmpty else { return [] }
      return [Graded(id: tour.progressID, tasks: step.tasks)]
    }
    var lessons: [Lesson] = []
    if state.lessonPane.isOpen, let docked = state.lessons.shelf.lesson(state.lessonPane.lessonID) { lessons.append(docked) }
    if state.lessons.isRead, let open = state.lessons.lesson, !lessons.contains(where: { $0.id == open.id }) {
      lessons.append(open)
    }
    return lessons.filter { !$0.tasks.isEmpty }.map { Graded(id: $0.id, tasks: $0.tasks) }
  }

  /// Grades the open tasks being followed if what they read changed. Whether it changed is
  /// first asked of `CheckInputs` (the parts of the state the snapshot is made from, compared
  /// mostly by their storage), so the snapshot is built only after an action that changed one
  /// of them, not on every loop turn.
  static func regrade(_ state: inout AppState) -> [Effect] {
    let graded = gradedTasks(state)
    let open = graded.flatMap { lesson in
      lesson.tasks.filter { !state.lessonChecks.progress.isMet($0.id, in: lesson.id) }.map { (lesson, $0) }
    }
    guard !open.isEmpty else { return [] }
    let lessons = open.map { "\($0.0.id)#\($0.1.id)" }
    let inputs = CheckInputs(state)
    if let last = state.lessonChecks.graded, last.lessons == lessons, state.lessonChecks.gradedInputs == inputs { return [] }
    state.lessonChecks.gradedInputs = inputs
    let snapshot = CheckSnapshot(state)
    let key = LessonChecksState.GradedKey(snapshot: snapshot, lessons: lessons)
    guard key != state.lessonChecks.graded else { return [] }
    state.lessonChecks.graded = key
    var effects: [Effect] = []
    var announced: [String] = []
    for (lesson, task) in open {
      if let probe = LessonCheckGrader.probeNeeded(task.check, snapshot), !state.lessonChecks.requestedProbes.contains(probe) {
        state.lessonChecks.requestedProbes.append(probe)
        effects.append(.startEngineWork(.strokeProbe(probe)))
      }
      let result = LessonCheckGrader.grade(task.check, snapshot)
      let slot = LessonChecksState.key(lesson: lesson.id, task: task.id)
      if result.isMet {
        state.lessonChecks.results[slot] = nil
        state.lessonChecks.progress.markMet(task.id, in: lesson.id)
        announced.append("\(lesson.id): \(task.text) (\(result.feedback))")
      } else {
        state.lessonChecks.results[slot] = result
      }
    }
    if let first = announced.first {
      state.statusMessage = "Task met ✓ " + first + (announced.count > 1 ? " and \(announced.count - 1) more" : "")
      effects += save(state)
    }
    return effects
  }

  /// The effect that saves the progress, when there is a file to save it to.
  static func save(_ state: AppState) -> [Effect] {
    state.lessonChecks.progressFile.map { [.saveLessonProgress(state.lessonChecks.progress, path: $0)] } ?? []
  }
}

extension CheckSnapshot {
  /// What the checks read from `state`.
  init(_ state: AppState) {
    runs = state.train.allRuns.map { run in
      Run(id: run.runID, model: run.setup.model, dataset: run.dataset,
          epochs: run.epochResults.map { Epoch(epoch: $0.epoch, train: $0.trainAccuracy, test: $0.testAccuracy) })
    }
    explore = Self.explore(state.explore)
    compare = state.compare.comparison.map { comparison in
      let layers = ComparePick.layers(of: comparison)
      return Compare(layers: layers, picked: state.compare.pick.flatMap { layers.indices.contains($0) ? layers[$0] : nil })
    }
    probes = state.lessonChecks.probes
  }

  /// Explore as the checks see it: only a pass that has arrived for the model and input shown.
  private static func explore(_ e: ExploreState) -> Explore? {
    guard let trace = e.trace, !e.isLoading, (trace.requestedModel ?? trace.model) == e.model,
      trace.layers.indices.contains(e.layer)
    else { return nil }
    var testImage: Int?
    if case .dataset("mnist", let index) = e.input { testImage = index }
    return Explore(
      model: e.model, shippedWeights: e.weightsFile == nil && !trace.isUntrained && trace.live == nil, testImage: testImage,
      layer: trace.layers[e.layer].name, isOutputLayer: e.layer == trace.layers.count - 1, selectedMap: e.selectedMap,
      isInspectorOpen: e.isInspectorOpen, predicted: trace.predicted, label: trace.trueLabel)
  }
}
