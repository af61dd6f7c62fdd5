import ConvEngine

/// The lesson checks' part of `update`: pure. After every action `regrade` copies what the
/// checks read into a `CheckSnapshot`; when it (or the lessons being read) changed, the tasks
/// of the lessons being read are graded again; a task newly met is saved (an effect) and
/// announced on the status line.
enum LessonChecks {
  static func update(_ state: inout AppState, _ action: LessonChecksAction) -> [Effect] {
    switch action {
    case .toggleTasks:
      state.lessonChecks.showsTasks.toggle()
      if state.lessonChecks.showsTasks, let lesson = state.lessons.lesson, lesson.tasks.isEmpty {
        state.statusMessage = "\(lesson.title) has no tasks."
      }
      // Graded afresh when shown, whatever changed since.
      state.lessonChecks.graded = nil
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

  /// The lessons whose tasks are graded: the one docked beside the screen and the one open
  /// on the Lessons tab (the student is following them).
  static func activeLessons(_ state: AppState) -> [Lesson] {
    var lessons: [Lesson] = []
    if state.lessonPane.isOpen, let docked = state.lessons.shelf.lesson(state.lessonPane.lessonID) { lessons.append(docked) }
    if let open = state.lessons.lesson, !lessons.contains(where: { $0.id == open.id }) { lessons.append(open) }
    return lessons.filter { !$0.tasks.isEmpty }
  }

  /// Grades the open tasks of the lessons being read if what they read changed.
  static func regrade(_ state: inout AppState) -> [Effect] {
    let lessons = activeLessons(state)
    let open = lessons.flatMap { lesson in
      lesson.tasks.filter { !state.lessonChecks.progress.isMet($0.id, in: lesson.id) }.map { (lesson, $0) }
    }
    guard !open.isEmpty else { return [] }
    let snapshot = CheckSnapshot(state)
    let key = LessonChecksState.GradedKey(snapshot: snapshot, lessons: lessons.map(\.id))
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
