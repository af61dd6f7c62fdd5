import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The lesson checks inside the app: `update` grades the tasks of the lessons being read when
/// what they read changes, saves and announces a met task, asks the engine for stroke probes,
/// resets on `X`; the Lessons tab and the docked pane show the status.
@Suite struct LessonChecksAppTests {
  static let progressFile = "/nonexistent/convscope/lesson-progress.json"

  /// Lesson `id` open on the Lessons tab, progress saved to `progressFile` (effects only: nothing is written).
  static func state(_ id: String = "03-lenet5", width: Int = 100, height: Int = 30) -> AppState {
    var state = AppState(size: Size(width: width, height: height), lessons: testLessons)
    state.lessonChecks = LessonChecksState(progressFile: progressFile)
    state.screen = .lessons
    _ = update(&state, .lessons(.open(id: id, section: nil)))
    return state
  }

  static func run(_ id: Int, _ model: ModelChoice, train: Double, test: Double) -> TrainProgress {
    var p = TrainProgress(model: model.name, dataset: "mnist")
    p.runID = id
    p.setup = TrainSetup(model: model)
    p.epochResults = [RunRecord.Epoch(epoch: 1, step: 938, trainLoss: 0.1, trainAccuracy: train, testLoss: 0.1,
                                      testAccuracy: test, seconds: 10)]
    return p
  }

  @Test func aMetTaskIsSavedAndAnnouncedOnce() {
    var state = Self.state()
    state.train.runs = [Self.run(1, ModelChoice(name: "lenet5"), train: 0.99, test: 0.9843)]
    let effects = update(&state, .tick)
    var expected = LessonProgress()
    expected.markMet("lenet5-98", in: "03-lenet5")
    #expect(state.lessonChecks.progress == expected)
    #expect(effects == [.saveLessonProgress(expected, path: Self.progressFile)])
    #expect(state.statusMessage == "Task met ✓ 03-lenet5: Task: train LeNet-5 until it gets at least 98 of every 100 test digits right. "
      + "(lenet5 reached 98.43% test accuracy (run 1, epoch 1))")
    // Nothing changed: nothing graded, saved or said again.
    state.statusMessage = nil
    #expect(update(&state, .tick).isEmpty)
    #expect(state.statusMessage == nil)
    // A met task stays met even when the run that met it is gone.
    state.train.runs = []
    #expect(update(&state, .tick).isEmpty)
    #expect(state.lessonChecks.progress == expected)
  }

  @Test func anOpenTaskKeepsItsFeedbackAndNothingIsSaved() {
    var state = Self.state()
    state.train.runs = [Self.run(1, ModelChoice(name: "lenet5"), train: 0.96, test: 0.955)]
    #expect(update(&state, .tick).isEmpty)
    #expect(state.lessonChecks.progress == LessonProgress())
    #expect(state.lessonChecks.result(lesson: "03-lenet5", task: "lenet5-98")
      == CheckResult(isMet: false, feedback: "best lenet5 test accuracy so far 95.50% (run 1, epoch 1); 2.50 points to go to 98.00%"))
    // Tasks of lessons nobody reads are not graded.
    #expect(state.lessonChecks.result(lesson: "10-assignment", task: "lenet5-98") == nil)
  }

  @Test func resetForgetsTheOpenLessonAndSaves() {
    var state = Self.state()
    state.lessonChecks.progress.markMet("wrong-digit", in: "03-lenet5")
    state.lessonChecks.progress.markMet("biggest-layer", in: "04-scaling-up")
    let key = KeyMap.action(for: .char("X"), in: state)
    #expect(key == .lessonChecks(.reset))
    let effects = update(&state, .lessonChecks(.reset))
    #expect(state.lessonChecks.progress.lessons == ["04-scaling-up": ["biggest-layer"]])
    #expect(effects == [.saveLessonProgress(state.lessonChecks.progress, path: Self.progressFile)])
    #expect(state.statusMessage == "Progress of 03-lenet5 reset: its 3 tasks are open again.")
    _ = update(&state, .lessonChecks(.saveFailed("/x: cannot write")))
    #expect(state.statusMessage == "Progress not saved: /x: cannot write")
  }

  @Test func theStrokeTaskAsksTheEngineOnceAndIsGradedOnItsAnswer() throws {
    var state = LessonPaneTests.docked(.explore, width: 160, height: 45)
    state.lessonChecks = LessonChecksState(progressFile: Self.progressFile)
    state.explore.trace = ExploreTests.lenetTrace
    state.explore.layer = 3
    #expect(state.explore.currentLayer?.name == "C3")
    let effects = update(&state, .resized(Size(width: 160, height: 45)))
    #expect(effects == [.startEngineWork(.strokeProbe(StrokeProbeRequest(model: "lenet5", layer: "C3")))])
    // Moving to another map of the layer does not ask again.
    let again = update(&state, .explore(.selectMap(1)))
    #expect(!again.contains { if case .startEngineWork(.strokeProbe) = $0 { true } else { false } })
    // The engine's real answer: pick a map that passes.
    let probe = try StrokeProbeWork.perform(StrokeProbeRequest(model: "lenet5", layer: "C3"), networks: EngineSession().networks)
    let check = LessonCheck.strokeMap(model: "lenet5", layer: "C3", stroke: .horizontal, ratio: 2)
    let good = try #require((0..<16).first { map in
      LessonCheckGrader.grade(check, CheckStateFixtures.snapshot(exploreLayer: "C3", map: map, probes: [probe])).isMet
    })
    state.explore.selectedMap = good
    let saved = update(&state, .engineReported(.strokeProbe(probe)))
    #expect(state.lessonChecks.progress.isMet("c3-horizontal", in: "03-lenet5"))
    #expect(saved.contains(.saveLessonProgress(state.lessonChecks.progress, path: Self.progressFile)))
    #expect(state.statusMessage?.hasPrefix("Task met ✓ 03-lenet5: Task: find a C3 map") == true)
  }

  @Test func pickingTheBiggestLayerInCompareMeetsLesson4() throws {
    var state = Self.state("04-scaling-up")
    state.compare.comparison = ScreenSnapshotTests.comparison
    state.screen = .compare
    #expect(KeyMap.action(for: .char(">"), in: state) == .compare(.movePick(1)))
    _ = update(&state, .compare(.movePick(1)))
    #expect(state.statusMessage == "Picked input of lenet5: 0 parameters")
    #expect(state.lessonChecks.result(lesson: "04-scaling-up", task: "biggest-layer")?.feedback
      == "input of lenet5 has 0 parameters; another of the layers of both models has more")
    let layers = ComparePick.layers(of: try #require(state.compare.comparison))
    let fc6 = try #require(layers.firstIndex { $0.name == "fc6" })
    var effects: [Effect] = []
    for _ in 0..<fc6 { effects += update(&state, .compare(.movePick(1))) }
    #expect(state.compare.pick == fc6)
    #expect(state.lessonChecks.progress.isMet("biggest-layer", in: "04-scaling-up"))
    #expect(effects.contains(.saveLessonProgress(state.lessonChecks.progress, path: Self.progressFile)))
    // The picked row is drawn reversed in the stage table.
    let lines = CompareView.lines(state.compare, width: 100, unicode: true)
    let picked = lines.filter { $0.contains { $0.style.reverse } }
    #expect(picked.count == 1)
    #expect(picked.first?.map(\.text).joined().contains("fc6") == true)
  }

  @Test func theTasksViewAndTheListShowTheStatus() {
    var state = Self.state()
    state.lessonChecks.progress.markMet("wrong-digit", in: "03-lenet5")
    state.train.runs = [Self.run(1, ModelChoice(name: "lenet5"), train: 0.96, test: 0.955)]
    _ = update(&state, .lessonChecks(.toggleTasks))
    #expect(state.lessonChecks.showsTasks)
    let text = ScreenSnapshotTests.draw(state)
    #expect(text.contains("03 LeNet-5 layer by  1/3"))
    #expect(text.contains("tasks 1/3: c"))
    #expect(text.contains("still missing: best lenet5 test accuracy so far 95.50%"))
    Snapshot.assert(text, named: "lesson-tasks-100x30")
    Snapshot.assert(ScreenSnapshotTests.draw(state, width: 80, height: 24, depth: .mono, unicode: false),
                    named: "lesson-tasks-80x24-ascii-mono")
    // Every task met: "3/3 ✓" in the list.
    for task in ["c3-horizontal", "lenet5-98"] { state.lessonChecks.progress.markMet(task, in: "03-lenet5") }
    #expect(ScreenSnapshotTests.draw(state).contains("03 LeNet-5 layer b 3/3 ✓"))
    #expect(ScreenSnapshotTests.draw(state, unicode: false).contains("03 LeNet-5 layer  3/3 ok"))
  }

  @Test func theDockedPaneNamesTheNextTaskAndWhatItMisses() {
    var state = LessonPaneTests.docked(.train, width: 160, height: 45)
    state.train.runs = [Self.run(1, ModelChoice(name: "lenet5"), train: 0.96, test: 0.955)]
    state.lessonChecks.progress.markMet("c3-horizontal", in: "03-lenet5")
    state.lessonChecks.progress.markMet("wrong-digit", in: "03-lenet5")
    _ = update(&state, .tick)
    let rows = ScreenSnapshotTests.draw(state, width: 160, height: 45).split(separator: "\n").map(String.init)
    let pane = LessonPaneLayout(state).pane
    // Cut to the room left of the position, with an ellipsis.
    #expect(rows[pane.bottom - 1].contains("tasks 2/3 · best lenet5 test accuracy so fa… "), "\(rows[pane.bottom - 1])")
  }

  /// At 80×24 lesson 3's task list is taller than its room: it scrolls with the lesson keys,
  /// its last row says which lines show, and the last line of the list can be reached.
  @Test func theTaskListScrollsAt80x24() throws {
    var state = Self.state(width: 80, height: 24)
    _ = update(&state, .lessonChecks(.toggleTasks))
    func rows() -> [String] {
      ScreenSnapshotTests.draw(state, width: 80, height: 24).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    let top = rows()
    let area = LessonsLayout.textArea(for: Size(width: 80, height: 24))
    #expect(top[area.bottom - 1].contains("lines 1–\(area.height - 1) of"), "\(top[area.bottom - 1])")
    #expect(!top.joined().contains("X: reset this lesson's tasks."))
    let down = try #require(KeyMap.action(for: KeyEvent(.down), in: state))
    _ = update(&state, down)
    #expect(state.lessonChecks.taskScroll == 1)
    #expect(rows()[area.bottom - 1].contains("lines 2–\(area.height) of"))
    // Paging stops at the end: the list's last line in view, the position saying so.
    for _ in 0..<5 { _ = update(&state, try #require(KeyMap.action(for: KeyEvent(.pageDown), in: state))) }
    let lesson = try #require(state.lessons.lesson)
    let most = LessonChecksView.maxScroll(lesson, state.lessonChecks, size: Size(width: 80, height: 24))
    #expect(most > 1 && state.lessonChecks.taskScroll == most)
    let end = rows()
    #expect(end.joined().contains("X: reset this lesson's"), "\(end.joined(separator: "\n"))")
    Snapshot.assert(ScreenSnapshotTests.draw(state, width: 80, height: 24), named: "lesson-tasks-80x24-end")
    // Up again, and a fresh `c` starts at the top.
    _ = update(&state, try #require(KeyMap.action(for: KeyEvent(.up), in: state)))
    #expect(state.lessonChecks.taskScroll == most - 1)
    _ = update(&state, .lessonChecks(.toggleTasks))
    _ = update(&state, .lessonChecks(.toggleTasks))
    #expect(state.lessonChecks.taskScroll == 0)
  }

  /// Lesson 01 is open on the Lessons tab from the start, but its task is graded only once
  /// the tab has shown it (or it is docked).
  @Test func anUnreadLessonIsNotGraded() {
    var state = AppState(size: Size(width: 100, height: 30), lessons: testLessons)
    state.lessonChecks = LessonChecksState(progressFile: Self.progressFile)
    _ = update(&state, .tick)
    #expect(LessonChecks.gradedTasks(state).isEmpty)
    #expect(state.lessonChecks.results.isEmpty && state.lessonChecks.graded == nil)
    _ = update(&state, .selectScreen(.lessons))
    _ = update(&state, .selectScreen(.explore))
    #expect(LessonChecks.gradedTasks(state).map(\.id) == ["01-convolution"])
    #expect(state.lessonChecks.result(lesson: "01-convolution", task: "c1-horizontal") != nil)
  }

  /// What the checks read is compared before a snapshot is built: a training poll that moves
  /// the step but ends no epoch leaves it equal (no snapshot, no grading); an epoch's end does not.
  @Test func onlyAChangeOfWhatTheChecksReadBuildsASnapshot() {
    var state = Self.state()
    var run = Self.run(1, ModelChoice(name: "lenet5"), train: 0.9, test: 0.9)
    run.step = 100
    state.train.progress = run
    _ = update(&state, .tick)
    let graded = state.lessonChecks.graded
    #expect(graded != nil && state.lessonChecks.gradedInputs == CheckInputs(state))
    run.step = 150
    run.curve.append(TrainProgress.CurvePoint(step: 150, epochs: 0.16, loss: 0.3))
    state.train.progress = run
    #expect(state.lessonChecks.gradedInputs == CheckInputs(state))
    _ = update(&state, .tick)
    #expect(state.lessonChecks.graded == graded)
    run.epochResults.append(RunRecord.Epoch(epoch: 2, step: 1876, trainLoss: 0.05, trainAccuracy: 0.99, testLoss: 0.05,
                                            testAccuracy: 0.985, seconds: 10))
    state.train.progress = run
    #expect(state.lessonChecks.gradedInputs != CheckInputs(state))
    _ = update(&state, .tick)
    #expect(state.lessonChecks.progress.isMet("lenet5-98", in: "03-lenet5"))
  }
}
