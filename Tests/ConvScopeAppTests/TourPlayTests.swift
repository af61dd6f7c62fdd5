import Foundation
import ConvEngine
import TerminalUI
import Testing
import TestSupport

@testable import ConvScopeApp

/// Every shipped tour played headless: the real loop on a `MemoryBackend`, the real engine
/// for Explore and Compare (training is only asked for, not run), each step's screen checked
/// forwards, then backwards against what it showed the first time.
@Suite struct TourPlayTests {
  static let tours = TourShelf.load()

  /// What a step left on screen, to compare a step reached backwards with the same step
  /// reached forwards.
  /// Only the step's own screen counts: a Compare step reached backwards may leave Explore as
  /// a later step set it, which is not on show.
  struct Shown: Equatable {
    var screen: Screen
    var explore: [String] = []
    var trace: ExploreTrace?
    var explanation: ExploreExplanation?
    var compareScroll: Int?
    var trainStart: TrainSetup?
    var queue: [TrainSetup] = []
    var paneTitle: String?
    var screenText: String
  }

  /// The workbench loop on a terminal in memory, answering Explore and Compare requests with
  /// the real engine and recording the training runs asked for.
  final class Player {
    let backend: MemoryBackend
    let loop: AppLoop<MemoryBackend>
    var trainStarts: [TrainSetup] = []

    /// `finishesRuns`: a started run answers at once as ended (one epoch, its setup's
    /// model), so the Train screen holds ended runs as after a real one; otherwise no run
    /// starts. `configure` sets the state up before the loop starts.
    /// `keepsRunning`: a started run reports itself under way (step 1, on every poll too), so
    /// it stays running until stopped.
    init(width: Int = 160, height: Int = 45, finishesRuns: Bool = false, keepsRunning: Bool = false,
         configure: (inout AppState) -> Void = { _ in }) {
      backend = MemoryBackend(width: width, height: height, colorDepth: .c256)
      var state = AppState(lessons: testLessons)
      state.tour.shelf = TourPlayTests.tours
      configure(&state)
      // Training is only recorded (`runner.started`): the runs are seeded, so what they
      // would draw is the engine's to test; here it is which runs a step starts.
      let current = RunningRun()
      let runner = InlineEngineRunner { request in
        if case .train(.start(let setup, let runID)) = request, finishesRuns {
          return .train(.progress(TourPlayTests.endedRun(setup, id: runID)))
        }
        // Every answer of a `keepsRunning` worker is its current run, under way (an answer
        // about a run the screen has moved on from changes nothing).
        if keepsRunning, case .train(let train) = request {
          if case .start(let setup, let runID) = train { current.run = (setup, runID) }
          if let (setup, id) = current.run { return .train(.progress(TourPlayTests.endedRun(setup, id: id).underWay)) }
        }
        if case .train = request { return .train(.noSession) }
        return testEngine.perform(request)
      }
      loop = AppLoop(backend: backend, engine: runner, state: state, pollTimeout: 0)
      self.runner = runner
    }

    private let runner: InlineEngineRunner

    /// Dispatches `action`, then runs quiet turns until the engine's answers are in and the
    /// step has framed its screen.
    func press(_ action: Action) {
      let before = runner.started.count
      loop.dispatch(action)
      for _ in 0..<12 { loop.turn() }
      trainStarts = runner.started.dropFirst(before).compactMap {
        if case .train(.start(let setup, _)) = $0 { return setup } else { return nil }
      }
    }

    var state: AppState { loop.state }

    var screenText: String { backend.buffer.snapshot() }

    func shown() -> Shown {
      let e = state.explore
      var shown = Shown(screen: state.screen, paneTitle: LessonPane.reader(of: state)?.lesson.title, screenText: screenText)
      switch state.screen {
      case .explore:
        shown.explore = [e.model, "\(e.input)", "\(e.layer)", "\(e.selectedMap)", "\(e.page)", "\(e.isZoomed)",
                         "\(e.cursorY)", "\(e.cursorX)", "\(e.isInspectorOpen)", "\(e.isOverview)", "\(e.showsKernels)"]
        (shown.trace, shown.explanation) = (e.trace, e.explanation)
      case .compare:
        shown.compareScroll = state.compare.scroll
      case .train:
        // Training is not run here, so the Train screen's text is not compared; the runs are.
        (shown.trainStart, shown.queue, shown.screenText) = (trainStarts.first, state.train.queue, "")
      case .lessons:
        break
      }
      return shown
    }
  }

  @Test func everyShippedTourParsesAndGoesWithALesson() throws {
    #expect(Self.tours.problems.isEmpty, "\(Self.tours.problems)")
    #expect(Self.tours.tours.map(\.id) == ["from-lenet5-to-alexnet", "lenet5-in-five-minutes", "watch-a-cnn-learn"])
    #expect(Self.tours.tours.map(\.steps.count) == [6, 5, 3])
    let context = try #require(LessonTests.context)
    for tour in Self.tours.tours {
      let lesson = try #require(tour.lessonID)
      #expect(testLessons.lessons.contains { $0.id == lesson }, "\(tour.id): no lesson \(lesson)")
      for step in tour.steps {
        // Every file and test image a step names exists; training stays short.
        #expect(throws: Never.self, "\(tour.id):\(step.line)") { try context.resolve(step.showText) }
        for run in step.runs { #expect(TourStep.trainingSteps(run) <= 100, "\(tour.id):\(step.line)") }
      }
    }
  }

  @Test(arguments: tours.tours.map(\.id)) func everyStepShowsItsStateForwardsAndBackwards(_ id: String) throws {
    let tour = try #require(Self.tours.tour(id))
    let player = Player()
    player.press(.tour(.play(id)))
    var forwards: [Shown] = []
    for (i, step) in tour.steps.enumerated() {
      if i > 0 { player.press(.tour(.step(1))) }
      try Self.check(step, number: i + 1, of: tour, in: player)
      forwards.append(player.shown())
    }
    for i in stride(from: tour.steps.count - 2, through: 0, by: -1) {
      player.press(.tour(.step(-1)))
      try Self.check(tour.steps[i], number: i + 1, of: tour, in: player)
      // Compared as one value (a failure would otherwise print whole traces).
      let same = player.shown() == forwards[i]
      #expect(same, "\(id) step \(i + 1) backwards differs from forwards")
    }
    player.press(.tour(.leave))
    #expect(!player.state.tour.isPlaying)
  }

  /// The run the worker of a `keepsRunning` player is training.
  final class RunningRun: @unchecked Sendable {
    var run: (TrainSetup, Int)?
  }

  /// A run of `setup` as the worker reports it once it has ended: one epoch, its numbers made
  /// up but told apart by the run's id.
  static func endedRun(_ setup: TrainSetup, id: Int) -> TrainProgress {
    var p = TrainProgress(model: setup.model.name, dataset: setup.dataset.rawValue)
    p.runID = id
    p.setup = setup
    p.step = 50
    p.isFinished = true
    p.epochResults = [RunRecord.Epoch(epoch: 1, step: 50, trainLoss: 1.0 / Double(id), trainAccuracy: 0.5, testLoss: 0.9,
                                      testAccuracy: 0.6, seconds: 1)]
    return p
  }

  /// Going back to a training step shows its ended runs as they were, under the same
  /// numbers, and trains nothing; forwards again, the later step's runs are back too.
  @Test func trainingStepsAreRestoredNotTrainedAgain() throws {
    let player = Player(finishesRuns: true)
    player.press(.tour(.play("watch-a-cnn-learn")))
    #expect(player.trainStarts.count == 1)
    let first = player.state.train
    #expect(first.progress?.runID == 1 && first.progress?.isFinished == true && first.runs.isEmpty)
    player.press(.tour(.step(1)))
    player.press(.tour(.step(1)))
    // ReLU against tanh: runs 2 and 3, the second started when the first ended.
    #expect(player.trainStarts.count == 2)
    let third = player.state.train
    #expect(third.runs.map(\.runID) == [2] && third.progress?.runID == 3 && third.runCount == 3)
    player.press(.tour(.step(-1)))
    player.press(.tour(.step(-1)))
    #expect(player.trainStarts.isEmpty, "going back trained again: \(player.trainStarts)")
    var back = player.state.train
    #expect(back.runCount == 3, "run numbers only grow")
    back.runCount = first.runCount
    #expect(back == first)
    #expect(player.state.screen == .train && player.state.train.progress?.runID == 1)
    // Forwards again: the ReLU/tanh runs as they ended.
    player.press(.tour(.step(1)))
    player.press(.tour(.step(1)))
    #expect(player.trainStarts.isEmpty)
    #expect(player.state.train == third)
    // A run of the student's own after the tour's gets the next number.
    player.press(.tour(.leave))
    player.press(.train(.start))
    #expect(player.state.train.progress?.runID == 4)
  }

  /// A tour step's task is graded from the live state while the step shows: its grade under
  /// the step's text, met by picking fc6 on Compare, saved under the tour's id; a lesson read
  /// before the tour is not graded from what the tour set up.
  @Test func aStepsTaskIsGradedWhileItShows() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/convscope/lesson-progress.json"
    let player = Player { state in
      state.lessonChecks = LessonChecksState(progressFile: file)
      // Lesson 04, whose task is the same pick, open and read on the Lessons tab.
      state.lessons.lessonID = "04-scaling-up"
      state.lessons.isRead = true
    }
    player.press(.tour(.play("from-lenet5-to-alexnet")))
    player.press(.tour(.step(1)))
    #expect(!player.screenText.contains("Task:"), "step 2 has no task")
    player.press(.tour(.step(1)))
    let tour = "tour:from-lenet5-to-alexnet"
    #expect(player.screenText.contains("☐ Task: still missing: pick a layer in Compare's table"), "\(player.screenText)")
    #expect(player.screenText.contains("tasks 0/1"))
    // `<` from no pick picks the last row, then moves up to fc6.
    var moves = 0
    while player.state.lessonChecks.progress.isMet("biggest-layer", in: tour) == false, moves < 12 {
      player.press(try #require(KeyMap.action(for: .char("<"), in: player.state)))
      moves += 1
    }
    #expect(player.state.lessonChecks.progress.lessons == [tour: ["biggest-layer"]])
    #expect(player.state.statusMessage?.hasPrefix("Task met ✓ \(tour): Task: pick the layer with the most parameters") == true)
    #expect(player.screenText.contains("✓ Task: done."))
    #expect(LessonProgressStore.load(path: file).progress == player.state.lessonChecks.progress)
    // Away and back, the step still shows it met.
    player.press(.tour(.step(-1)))
    player.press(.tour(.step(1)))
    #expect(player.screenText.contains("✓ Task: done.") && player.screenText.contains("tasks 1/1 ✓"))
    // After the tour, Compare is back as it was (no pick): lesson 04, graded again, is not
    // met by what the tour's step picked.
    player.press(.tour(.leave))
    #expect(player.state.compare.pick == nil)
    #expect(!player.state.lessonChecks.progress.isMet("biggest-layer", in: "04-scaling-up"))
  }

  /// The workbench names a corrupt progress file on the status line at start, goes on with
  /// nothing met, and the first save (a tour step's task met) replaces it with a good file.
  @Test func aCorruptProgressFileIsNamedThenReplaced() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/convscope/lesson-progress.json"
    try FileManager.default.createDirectory(atPath: folder + "/convscope", withIntermediateDirectories: true)
    try "{ not json".write(toFile: file, atomically: true, encoding: .utf8)
    let player = Player { $0.loadLessonProgress(environment: ["XDG_DATA_HOME": folder]) }
    #expect(player.state.statusMessage == "\(file): not a lesson progress file (bad JSON); starting afresh (it will be replaced)")
    #expect(player.state.lessonChecks.progress == LessonProgress())
    player.press(.tour(.play("from-lenet5-to-alexnet")))
    player.press(.tour(.step(1)))
    player.press(.tour(.step(1)))
    for _ in 0..<12 where !player.state.lessonChecks.progress.isMet("biggest-layer", in: "tour:from-lenet5-to-alexnet") {
      player.press(try #require(KeyMap.action(for: .char("<"), in: player.state)))
    }
    #expect(LessonProgressStore.load(path: file) == .init(progress: player.state.lessonChecks.progress, problem: nil))
    #expect(player.state.lessonChecks.progress.lessons == ["tour:from-lenet5-to-alexnet": ["biggest-layer"]])
  }

  /// Esc puts the screens back as they were before the tour: the tab, Explore's view, Compare,
  /// and the Train screen with the student's own runs; the tour's training stops.
  @Test func leavingPutsTheScreensBackAndStopsTheToursTraining() throws {
    let player = Player(keepsRunning: true) { state in
      state.screen = .compare
      state.lastScreen = .compare
      state.explore.layer = 2
      state.compare.pick = 3
    }
    // The student's own run, ended, then one still training when the tour starts.
    player.press(.train(.start))
    player.press(.engineReported(.train(.progress(Self.endedRun(player.state.train.next, id: 1)))))
    player.press(.train(.start))
    player.press(.selectScreen(.compare))
    let before = player.state
    #expect(before.train.isRunning && before.train.progress?.runID == 2 && before.train.runs.map(\.runID) == [1])
    // A tour that trains, left on its training step with its run still going.
    player.press(.tour(.play("watch-a-cnn-learn")))
    #expect(player.state.screen == .train && player.state.train.isRunning && player.state.train.progress?.runID == 3)
    player.press(.tour(.leave))
    let after = player.state
    #expect(after.statusMessage == "Left the tour \"Watch a CNN learn\"; its training stopped.")
    #expect(after.screen == .compare && after.lastScreen == .compare)
    #expect(after.compare == before.compare && after.explore == before.explore)
    // The student's runs are back under their numbers; the run the tour stopped shows as ended.
    let train = after.train
    #expect(!train.isRunning && train.queue.isEmpty)
    #expect(train.runs.map(\.runID) == [1] && train.progress?.runID == 2)
    #expect(train.progress?.wasStopped == true && train.progress?.isFinished == true)
    #expect(train.message == "Run 2 stopped when the tour trained its own runs.")
    #expect(train.runCount == 3, "the tour's run 3 keeps its number")
    // The next run is the student's run 4.
    player.press(.train(.start))
    #expect(player.state.train.isRunning && player.state.train.progress?.runID == 4)
  }

  /// A tour that never trains leaves the Train screen alone: a run the student started keeps
  /// training through the tour and after it.
  @Test func aTourWithoutTrainingLeavesTheStudentsRunAlone() throws {
    let player = Player(keepsRunning: true)
    player.press(.train(.start))
    #expect(player.state.train.isRunning)
    player.press(.tour(.play("lenet5-in-five-minutes")))
    player.press(.tour(.step(1)))
    player.press(.tour(.leave))
    #expect(player.state.train.isRunning && player.state.train.runCount == 1)
    #expect(player.state.statusMessage == "Left the tour \"LeNet-5 in five minutes\".")
    #expect(player.state.screen == .explore && player.state.explore.layer == 0 && !player.state.explore.isZoomed)
  }

  /// The screen step `number` must show.
  static func check(_ step: TourStep, number: Int, of tour: Tour, in player: Player) throws {
    let state = player.state
    let at = "\(tour.id) step \(number)"
    #expect(state.tour.step == number - 1, "\(at)")
    #expect(state.screen == step.screen, "\(at)")
    // The pane shows the step's heading under the tour's title.
    let text = player.screenText
    #expect(text.contains("Tour · \(tour.title) · \(number)/\(tour.steps.count)"), "\(at)")
    #expect(text.contains(step.title), "\(at)")
    switch step.show {
    case .explore(let link):
      let e = state.explore
      #expect(e.model == link.model.text, "\(at)")
      #expect(e.error == nil && !e.isLoading, "\(at): \(e.error ?? "still loading")")
      if let input = link.input { #expect(e.input == ExploreSetup.input(input) && e.trace?.input == e.input, "\(at)") }
      #expect(e.currentLayer?.name == (link.layer ?? e.trace?.layers.first?.name), "\(at)")
      #expect(e.selectedMap == (link.map ?? 0), "\(at)")
      switch step.view {
      case .zoom(let row, let column, let inspect):
        #expect(e.isZoomed && e.cursorY == row && e.cursorX == column, "\(at)")
        #expect(e.isInspectorOpen == inspect, "\(at)")
        if inspect { #expect(e.explanation?.key == e.requestedExplain?.key && e.explanation?.key.y == row, "\(at)") }
      default:
        #expect(!e.isZoomed && !e.isInspectorOpen, "\(at)")
      }
    case .train:
      let runs = step.runs
      #expect(player.trainStarts.first == runs.first, "\(at)")
      #expect(state.train.runs.isEmpty, "\(at): earlier runs are not overlaid")
    case .compare:
      let c = state.compare
      #expect(c.comparison != nil, "\(at)")
      if case .compareRow(let row) = step.view {
        let area = CompareView.area(for: state.size)
        let lines = CompareView.lines(c, width: area.width, unicode: true)
        let top = lines[c.scroll].map(\.text).joined()
        #expect(c.scroll > 0 && top.contains(row), "\(at): top line \(top)")
      } else {
        #expect(c.scroll == 0, "\(at)")
      }
    case .lesson, .quiz:
      Issue.record("\(at): not a screen step")
    }
  }

  /// At 80×24 the footer keeps the tour's keys (next, leave, and pause on a step that moves
  /// on by itself) and quit, even beside a long status line.
  @Test func theTourFooterFitsEightyColumns() throws {
    let player = Player(width: 80, height: 24)
    player.press(.tour(.play("lenet5-in-five-minutes")))
    let footer = try #require(player.screenText.split(separator: "\n").last.map(String.init))
    for hint in ["q quit", "space/→ next", "p pause", "esc leave"] { #expect(footer.contains(hint), "\(footer)") }
    #expect(footer.contains("Tour · step 1 of 5"))
    player.press(.tour(.play("from-lenet5-to-alexnet")))
    let keyed = try #require(player.screenText.split(separator: "\n").last.map(String.init))
    for hint in ["q quit", "space/→ next", "← back", "esc leave"] { #expect(keyed.contains(hint), "\(keyed)") }
    Snapshot.assert(player.backend.buffer.snapshot() + "\n\n" + player.backend.buffer.styleSnapshot(), named: "tour-step-80x24")
  }

  /// At 80×24 the tour's pane reads six lines at a time beside the screen; given the keys
  /// (`O`) it grows over the screen and reads fifteen, the tour's keys still working; `O`
  /// gives the screen its rows back.
  @Test func atEightyByTwentyFourTheTourPaneGrowsWithTheKeys() throws {
    let player = Player(width: 80, height: 24)
    player.press(.tour(.play("lenet5-in-five-minutes")))
    player.press(.tour(.step(1)))
    #expect(LessonPaneLayout(player.state).text.height == 6)
    player.press(try #require(KeyMap.action(for: .char("O"), in: player.state)))
    let layout = LessonPaneLayout(player.state)
    #expect(layout.isGrown && layout.text.height == 15)
    let rows = player.screenText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(rows[6].contains("Tour · LeNet-5 in five minutes · 2/5"))
    // The screen's top rows are still in view above the pane.
    #expect(rows[1].contains("Explore"))
    Snapshot.assert(player.backend.buffer.snapshot() + "\n\n" + player.backend.buffer.styleSnapshot(), named: "tour-step-80x24-pane-focused")
    // The tour's keys work from the grown pane; the next step starts with the keys on the screen.
    player.press(.tour(.step(1)))
    #expect(player.state.tour.step == 2 && !LessonPaneLayout(player.state).isGrown)
  }

  /// A tour step beside Explore at both pane sizes: C3's connection table in the explain
  /// view, the step's text in the pane (below at 100×30, beside at 160×45).
  @Test(arguments: [(100, 30), (160, 45)]) func aTourStepSnapshot(size: (Int, Int)) throws {
    let player = Player(width: size.0, height: size.1)
    player.press(.tour(.play("lenet5-in-five-minutes")))
    for _ in 0..<3 { player.press(.tour(.step(1))) }
    #expect(player.state.explore.currentLayer?.name == "C3")
    let rows = player.screenText.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(rows.last?.contains("space/→ next") == true)
    Snapshot.assert(player.backend.buffer.snapshot() + "\n\n" + player.backend.buffer.styleSnapshot(),
                    named: "tour-step-\(size.0)x\(size.1)")
  }
}

extension TrainProgress {
  /// The run still under way: at its first step, no epoch ended.
  var underWay: TrainProgress {
    var p = self
    (p.step, p.isFinished, p.epochResults) = (1, false, [])
    return p
  }
}
