import ConvEngine
import TerminalUI
import Testing

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

    init(width: Int = 160, height: Int = 45) {
      backend = MemoryBackend(width: width, height: height, colorDepth: .c256)
      var state = AppState(lessons: testLessons)
      state.tour.shelf = TourPlayTests.tours
      // Training is only recorded (`runner.started`): the runs are seeded, so what they
      // would draw is the engine's to test; here it is which runs a step starts.
      let runner = InlineEngineRunner { request in
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
