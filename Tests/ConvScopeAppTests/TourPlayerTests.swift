import TerminalUI
import Testing

@testable import ConvScopeApp

/// The tour's part of `update`, action by action: which step shows, the clock, the keys.
@Suite struct TourPlayerTests {
  static let text = """
    # Two steps

    ## One
    <!-- show: convscope:compare?models=lenet5,alexnet -->
    <!-- advance: 2s -->
    First.

    ## Two
    <!-- show: convscope:compare?models=lenet5,alexnet -->
    Second.
    """

  static func state() throws -> AppState {
    var state = AppState(size: Size(width: 100, height: 30), lessons: testLessons)
    state.tour.shelf = TourShelf(tours: [try Tour(id: "two-steps", text: text)])
    return state
  }

  @Test func playingShowsTheFirstStepInThePane() throws {
    var state = try Self.state()
    state.lessonPane.lessonID = "03-lenet5"
    let effects = update(&state, .tour(.play("two")))
    #expect(state.tour.playing?.id == "two-steps")
    #expect(state.tour.step == 0)
    #expect(state.screen == .compare)
    // The comparison is asked for once: the Compare step needs it.
    #expect(effects.count == 1)
    let reader = try #require(LessonPane.reader(of: state))
    #expect(reader.lesson.title == "Two steps · 1/2 · next in 2 s")
    #expect(reader.lesson.document.blocks.count == 3)
    #expect(state.statusMessage == "Tour · step 1 of 2: One")
  }

  @Test func theClockMovesOnAfterItsSecondsUnlessPaused() throws {
    var state = try Self.state()
    _ = update(&state, .tour(.play("two-steps")))
    _ = update(&state, .tour(.togglePause))
    for _ in 0..<40 { _ = update(&state, .tick) }
    #expect(state.tour.step == 0)
    #expect(LessonPane.reader(of: state)?.lesson.title == "Two steps · 1/2 · paused")
    _ = update(&state, .tour(.togglePause))
    for _ in 0..<39 { _ = update(&state, .tick) }
    #expect(state.tour.step == 0)
    _ = update(&state, .tick)
    #expect(state.tour.step == 1)
    // The last step waits for a key, whatever the clock.
    for _ in 0..<100 { _ = update(&state, .tick) }
    #expect(state.tour.step == 1)
  }

  @Test func stepsStopAtBothEnds() throws {
    var state = try Self.state()
    _ = update(&state, .tour(.play("two-steps")))
    _ = update(&state, .tour(.step(-1)))
    #expect(state.tour.step == 0)
    #expect(state.statusMessage == "This is the first step.")
    _ = update(&state, .tour(.step(1)))
    _ = update(&state, .tour(.step(1)))
    #expect(state.tour.step == 1)
    #expect(state.statusMessage == "That was the last step: esc leaves the tour.")
  }

  @Test func leavingPutsTheDockedLessonBack() throws {
    var state = try Self.state()
    state.lessonPane.lessonID = "03-lenet5"
    state.lessonPane.place = MarkdownPlace(block: 7)
    let before = state.lessonPane
    _ = update(&state, .tour(.play("two-steps")))
    #expect(state.lessonPane.isOpen)
    _ = update(&state, .tour(.leave))
    #expect(!state.tour.isPlaying)
    #expect(state.lessonPane == before)
    #expect(state.tour.shelf.tours.count == 1)
    #expect(state.statusMessage == "Left the tour \"Two steps\".")
  }

  @Test func anUnknownTourSaysWhichThereAre() throws {
    var state = try Self.state()
    #expect(update(&state, .tour(.play("nope"))).isEmpty)
    #expect(!state.tour.isPlaying)
    #expect(state.statusMessage == "No tour nope; tours: two-steps")
  }

  /// The tour's keys win over the screen's and the pane's while it plays, and only then.
  @Test(arguments: [
    (KeyEvent.char(" "), Action.tour(.step(1))), (KeyEvent(.right), .tour(.step(1))),
    (KeyEvent(.left), .tour(.step(-1))), (.char("p"), .tour(.togglePause)), (KeyEvent(.escape), .tour(.leave)),
  ])
  func theTourKeysSteerItOnAnySide(_ key: KeyEvent, _ action: Action) throws {
    var state = try Self.state()
    #expect(KeyMap.action(for: key, in: state) != action)
    _ = update(&state, .tour(.play("two-steps")))
    #expect(KeyMap.action(for: key, in: state) == action)
    _ = update(&state, .lessonPane(.switchFocus))
    #expect(state.isLessonPaneFocused)
    #expect(KeyMap.action(for: key, in: state) == action)
    // Under the help they are the help's.
    state.isHelpVisible = true
    #expect(KeyMap.action(for: key, in: state) != action)
  }

  @Test func capitalTOnTheLessonsTabPlaysTheOpenLessonsTour() throws {
    var state = try Self.state()
    state.screen = .lessons
    let action = KeyMap.action(for: .char("T"), in: state)
    #expect(action == .tour(.playForOpenLesson))
    _ = update(&state, .tour(.playForOpenLesson))
    #expect(state.tour.playing?.id == "two-steps")
    let keys = KeyMap.footerHints(for: state).map(\.key)
    #expect(keys.filter { ["space/→", "←", "p", "esc", "T"].contains($0) } == ["space/→", "←", "p", "esc"])
  }
}
