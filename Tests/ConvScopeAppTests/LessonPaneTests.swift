import TerminalUI
import Testing

@testable import ConvScopeApp

/// The docked lesson: its layout as a function of the terminal, and its part of the pure
/// `update` (dock, focus, scroll, links, resize, mouse), table-tested.
@Suite struct LessonPaneTests {
  static let lessonID = "03-lenet5"

  /// Explore at `size` with lesson 03 open on the Lessons tab (not yet docked).
  static func state(_ screen: Screen = .explore, width: Int = 160, height: Int = 45) -> AppState {
    var state = AppState(size: Size(width: width, height: height), lessons: testLessons)
    state.lessons.lessonID = lessonID
    state.screen = screen
    return state
  }

  /// `state` with the lesson docked through `D`, as a user does it.
  static func docked(_ screen: Screen = .explore, width: Int = 160, height: Int = 45) -> AppState {
    var state = state(screen, width: width, height: height)
    _ = update(&state, .lessonPane(.toggle))
    return state
  }

  /// The index in the lesson's `links` of the link with `target`.
  static func link(_ target: String) -> Int? {
    testLessons.lesson(lessonID)?.links.firstIndex { $0.target == target }
  }

  /// The first line the pane shows, as drawn.
  static func top(_ state: AppState) -> Int? { LessonPane.reader(of: state)?.scroll }

  struct LayoutCase: Sendable, CustomTestStringConvertible {
    var terminal: Size
    var screen: Screen
    var arrangement: LessonPaneLayout.Arrangement
    var screenSize: Size
    var pane: Rect
    var testDescription: String { "\(terminal.width)x\(terminal.height) \(screen)" }
  }

  @Test(arguments: [
    // Below the screen under 110 columns: 40% of the rows, the screen keeping at least 16.
    LayoutCase(terminal: Size(width: 100, height: 30), screen: .explore, arrangement: .below,
               screenSize: Size(width: 100, height: 18), pane: Rect(x: 0, y: 17, width: 100, height: 12)),
    LayoutCase(terminal: Size(width: 80, height: 24), screen: .train, arrangement: .below,
               screenSize: Size(width: 80, height: 16), pane: Rect(x: 0, y: 15, width: 80, height: 8)),
    LayoutCase(terminal: Size(width: 109, height: 30), screen: .compare, arrangement: .below,
               screenSize: Size(width: 109, height: 18), pane: Rect(x: 0, y: 17, width: 109, height: 12)),
    // Beside it from 110 columns: 40% of the columns, between the tab bar and the footer.
    // The screen keeps 80 columns while the pane can have its 30.
    LayoutCase(terminal: Size(width: 110, height: 30), screen: .compare, arrangement: .beside,
               screenSize: Size(width: 80, height: 30), pane: Rect(x: 80, y: 1, width: 30, height: 28)),
    LayoutCase(terminal: Size(width: 120, height: 40), screen: .explore, arrangement: .beside,
               screenSize: Size(width: 80, height: 40), pane: Rect(x: 80, y: 1, width: 40, height: 38)),
    LayoutCase(terminal: Size(width: 160, height: 45), screen: .explore, arrangement: .beside,
               screenSize: Size(width: 96, height: 45), pane: Rect(x: 96, y: 1, width: 64, height: 43)),
    LayoutCase(terminal: Size(width: 200, height: 60), screen: .train, arrangement: .beside,
               screenSize: Size(width: 120, height: 60), pane: Rect(x: 120, y: 1, width: 80, height: 58)),
    // No room: the screen keeps the whole terminal; the Lessons tab never has a pane.
    LayoutCase(terminal: Size(width: 60, height: 16), screen: .explore, arrangement: .none,
               screenSize: Size(width: 60, height: 16), pane: Rect(x: 0, y: 0, width: 0, height: 0)),
    LayoutCase(terminal: Size(width: 160, height: 45), screen: .lessons, arrangement: .none,
               screenSize: Size(width: 160, height: 45), pane: Rect(x: 0, y: 0, width: 0, height: 0)),
  ])
  func layoutIsAFunctionOfTheTerminal(_ c: LayoutCase) {
    var pane = LessonPaneState()
    pane.isOpen = true
    let layout = LessonPaneLayout(terminal: c.terminal, pane: pane, screen: c.screen)
    #expect(layout.arrangement == c.arrangement)
    #expect(layout.screenSize == c.screenSize)
    #expect(layout.pane == c.pane)
    // Closed, the screen has the terminal to itself.
    let closed = LessonPaneLayout(terminal: c.terminal, pane: LessonPaneState(), screen: c.screen)
    #expect(closed.arrangement == .none && closed.screenSize == c.terminal)
  }

  /// On a terminal under 30 rows the pane with the keys grows over the screen, leaving it the
  /// tab bar and five rows; the screen keeps its size and layout underneath. With the keys
  /// back on the screen, or following a screen link, the pane is its own size again.
  @Test func theFocusedPaneGrowsOverTheScreenOnAShortTerminal() throws {
    var state = Self.docked(.explore, width: 80, height: 24)
    #expect(state.lessonPane.focus == .pane)
    let grown = LessonPaneLayout(state)
    #expect(grown.isGrown && grown.arrangement == .below)
    #expect(grown.pane == Rect(x: 0, y: 6, width: 80, height: 17))
    #expect(grown.text.height == 15)
    #expect(state.size == Size(width: 80, height: 16))
    _ = update(&state, .lessonPane(.switchFocus))
    let own = LessonPaneLayout(state)
    #expect(!own.isGrown && own.pane == Rect(x: 0, y: 15, width: 80, height: 8) && own.screenSize == grown.screenSize)
    // Not from 30 rows, nor beside the screen, nor while the edge is dragged.
    for size in [Size(width: 100, height: 30), Size(width: 160, height: 24)] {
      var other = Self.docked(.explore, width: size.width, height: size.height)
      #expect(other.lessonPane.focus == .pane && !LessonPaneLayout(other).isGrown, "\(size)")
      other.lessonPane.isDragging = true
      #expect(!LessonPaneLayout(other).isGrown)
    }
    // A screen link followed from the grown pane: the screen gets the keys and its room back.
    _ = update(&state, .lessonPane(.switchFocus))
    for _ in 0..<20 where LessonPane.reader(of: state)?.focusedTarget?.hasPrefix("convscope:") != true {
      _ = update(&state, .lessonPane(.moveLinkFocus(1)))
    }
    let target = try #require(LessonPane.reader(of: state)?.focusedTarget)
    #expect(target.hasPrefix("convscope:"))
    #expect(LessonPaneLayout(state).isGrown)
    _ = update(&state, .lessonPane(.followLink))
    #expect(state.lessonPane.focus == .screen && !LessonPaneLayout(state).isGrown)
  }

  @Test func theShareMovesTheEdgeWithinLimits() {
    var pane = LessonPaneState()
    pane.isOpen = true
    pane.share = 75
    // 75% of 160 would leave the screen 40 columns: it keeps its 80.
    #expect(LessonPaneLayout(terminal: Size(width: 160, height: 45), pane: pane, screen: .explore).pane.width == 80)
    pane.share = 20
    #expect(LessonPaneLayout(terminal: Size(width: 160, height: 45), pane: pane, screen: .explore).pane.width == 32)
    // 20% of 30 rows is 6: the smallest pane.
    #expect(LessonPaneLayout(terminal: Size(width: 100, height: 30), pane: pane, screen: .explore).pane.height == 6)
  }

  @Test func dockingTakesTheLessonsTabsLessonAndPlace() throws {
    var state = Self.state()
    // Read on the Lessons tab down to "## C3 and its connection table".
    let lesson = try #require(testLessons.lesson(Self.lessonID))
    let section = try #require(lesson.section("c3-and-its-connection-table"))
    state.lessons.scroll = try #require(lesson.line(ofSection: section.anchor, width: LessonsLayout.textArea(for: state.terminalSize).width))
    let effects = update(&state, .lessonPane(.toggle))
    #expect(effects.isEmpty)
    #expect(state.lessonPane.isOpen && state.lessonPane.focus == .pane)
    #expect(state.lessonPane.lessonID == Self.lessonID)
    #expect(state.lessonPane.place == MarkdownPlace(block: section.blockIndex, line: 0))
    #expect(state.size == Size(width: 96, height: 45))
    #expect(state.isLessonPaneFocused)
    // The pane's first line is the section's heading at the pane's own width.
    #expect(Self.top(state) == lesson.line(ofSection: section.anchor, width: LessonPaneLayout(state).text.width))
    // D again closes it, and the keys go back to the screen.
    _ = update(&state, .lessonPane(.toggle))
    #expect(!state.lessonPane.isOpen && state.lessonPane.focus == .screen)
    #expect(state.size == Size(width: 160, height: 45))
    #expect(!state.isLessonPaneFocused)
  }

  @Test func reopeningTheSameLessonKeepsItsPlace() {
    var state = Self.docked()
    _ = update(&state, .lessonPane(.scroll(7)))
    let place = state.lessonPane.place
    #expect(place != MarkdownPlace())
    _ = update(&state, .lessonPane(.toggle))
    _ = update(&state, .lessonPane(.toggle))
    #expect(state.lessonPane.place == place)
    #expect(Self.top(state) == 7)
  }

  @Test func focusMovesWithOneKeyAndEscGivesItBack() {
    var state = Self.docked()
    #expect(state.lessonPane.focus == .pane)
    _ = update(&state, .lessonPane(.switchFocus))
    #expect(state.lessonPane.focus == .screen)
    _ = update(&state, .lessonPane(.switchFocus))
    #expect(state.lessonPane.focus == .pane)
    let explore = state.explore
    _ = update(&state, .closeOverlay)
    #expect(state.lessonPane.focus == .screen)
    #expect(state.explore == explore)
    // With no pane, O says how to get one.
    var closed = Self.state()
    _ = update(&closed, .lessonPane(.switchFocus))
    #expect(closed.lessonPane.focus == .screen)
    #expect(closed.statusMessage == "No lesson docked: D docks the open lesson.")
  }

  @Test func scrollingAndPagingStayInTheLesson() throws {
    var state = Self.docked()
    _ = update(&state, .lessonPane(.scroll(-5)))
    #expect(Self.top(state) == 0)
    _ = update(&state, .lessonPane(.scroll(3)))
    #expect(Self.top(state) == 3)
    let height = LessonPaneLayout(state).text.height
    _ = update(&state, .lessonPane(.page(1)))
    #expect(Self.top(state) == 3 + height - 1)
    _ = update(&state, .lessonPane(.page(1000)))
    let reader = try #require(LessonPane.reader(of: state))
    #expect(Self.top(state) == reader.view.maxScroll(in: reader.area))
    #expect(Self.top(state)! > 0)
  }

  @Test func keysGoToTheSideThatHasTheFocus() {
    var state = Self.docked()
    let down = InputEvent.key(KeyEvent(.down)), right = InputEvent.key(KeyEvent(.right))
    #expect(InputRouter.action(for: down, in: state) == .lessonPane(.scroll(1)))
    #expect(InputRouter.action(for: .key(.char("]")), in: state) == .lessonPane(.moveLinkFocus(1)))
    #expect(InputRouter.action(for: .key(KeyEvent(.enter)), in: state) == .lessonPane(.followLink))
    // The screen's keys wait while the pane has the keys; the general ones still work.
    #expect(InputRouter.action(for: right, in: state) == nil)
    #expect(InputRouter.action(for: .key(.char("2")), in: state) == .selectScreen(.train))
    #expect(InputRouter.action(for: .key(.char("O")), in: state) == .lessonPane(.switchFocus))
    #expect(InputRouter.action(for: .key(.char("+")), in: state) == .lessonPane(.resize(1)))
    #expect(InputRouter.action(for: .key(.char("-")), in: state) == .lessonPane(.resize(-1)))
    _ = update(&state, .lessonPane(.switchFocus))
    #expect(InputRouter.action(for: down, in: state) == .explore(.move(dx: 0, dy: 1)))
    #expect(InputRouter.action(for: right, in: state) == .explore(.move(dx: 1, dy: 0)))
    #expect(InputRouter.action(for: .key(KeyEvent(.enter)), in: state) == .explore(.toggleZoom))
    // The size keys belong to the pane: with the screen focused they are the screen's.
    #expect(InputRouter.action(for: .key(.char("+")), in: state) == .explore(.cyclePen))
    // Train and Compare the same way.
    state.screen = .compare
    #expect(InputRouter.action(for: down, in: state) == .compare(.scroll(1)))
    state.screen = .train
    #expect(InputRouter.action(for: .key(.char(" ")), in: state) == .train(.togglePause))
    _ = update(&state, .lessonPane(.switchFocus))
    #expect(InputRouter.action(for: .key(.char(" ")), in: state) == .lessonPane(.page(1)))
  }

  @Test func aLinkInThePaneActsOnTheScreenAndTheLessonStays() throws {
    var state = Self.docked()
    _ = update(&state, .lessonPane(.scroll(40)))
    let link = try #require(Self.link("convscope:compare?models=lenet5,lenet5-modern"))
    state.lessonPane.focusedLink = link
    let before = state.lessonPane
    _ = update(&state, .lessonPane(.followLink))
    #expect(state.screen == .compare)
    #expect(state.statusMessage == "Compare: lenet5 vs lenet5-modern")
    // The pane is where it was, with the same link focused and the keys.
    #expect(state.lessonPane == before)
    #expect(LessonPaneLayout(state).isShown)
    // An Explore link sets Explore up beside the same pane.
    let explore = try #require(Self.link("convscope:explore?model=lenet5&layer=C3&input=mnist:test:0"))
    state.lessonPane.focusedLink = explore
    let effects = update(&state, .lessonPane(.followLink))
    #expect(state.screen == .explore)
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: .dataset("mnist", index: 0))))])
    #expect(state.lessonPane.place == before.place)
  }

  @Test func aLessonLinkOpensInThePaneAndAQuizOnTheLessonsTab() throws {
    var state = Self.docked(.train)
    let lessonLink = try #require(Self.link("01-convolution.md"))
    state.lessonPane.focusedLink = lessonLink
    _ = update(&state, .lessonPane(.followLink))
    #expect(state.screen == .train)
    #expect(state.lessonPane.lessonID == "01-convolution")
    #expect(state.lessonPane.place == MarkdownPlace())
    #expect(state.lessonPane.focusedLink == nil)
    // The Lessons tab did not move.
    #expect(state.lessons.lessonID == Self.lessonID)
    var quiz = Self.docked(.compare)
    let quizLink = try #require(Self.link("convscope:quiz?id=03-lenet5"))
    quiz.lessonPane.focusedLink = quizLink
    _ = update(&quiz, .lessonPane(.followLink))
    #expect(quiz.screen == .lessons)
    #expect(quiz.lessons.quiz?.lessonID == Self.lessonID)
  }

  @Test func followingALinkOnTheLessonsTabDocksTheLesson() throws {
    var state = Self.state(.lessons, width: 100, height: 30)
    let link = try #require(Self.link("convscope:explore?model=lenet5&layer=C1&input=mnist:test:0"))
    state.lessons.focusedLink = link
    let lesson = try #require(testLessons.lesson(Self.lessonID))
    let width = LessonsLayout.textArea(for: state.terminalSize).width
    let line = try #require(MarkdownView(document: lesson.document).line(ofLink: link, width: width))
    state.lessons.scroll = line - 2
    _ = update(&state, .lessons(.followLink))
    #expect(state.screen == .explore)
    #expect(state.lessonPane.isOpen && state.lessonPane.focus == .pane)
    #expect(state.lessonPane.lessonID == Self.lessonID)
    #expect(state.lessonPane.focusedLink == link)
    #expect(state.lessonPane.place == MarkdownView(document: lesson.document).place(atLine: line - 2, width: width))
    #expect(LessonPaneLayout(state).arrangement == .below)
    #expect(state.size == Size(width: 100, height: 18))
    // On a tall terminal the tab shows far more than the pane: the followed link is scrolled
    // into the pane's view.
    var tall = Self.state(.lessons, width: 200, height: 60)
    tall.lessons.focusedLink = link
    _ = update(&tall, .lessons(.followLink))
    let reader = try #require(LessonPane.reader(of: tall))
    let shown = try #require(reader.view.line(ofLink: link, width: reader.area.width))
    #expect(reader.scroll > 0)
    #expect((reader.scroll..<reader.scroll + reader.area.height).contains(shown))
    // A link to another lesson stays on the Lessons tab, with no pane.
    var other = Self.state(.lessons)
    let pooling = try #require(Self.link("02-pooling.md"))
    other.lessons.focusedLink = pooling
    _ = update(&other, .lessons(.followLink))
    #expect(other.screen == .lessons && other.lessons.lessonID == "02-pooling")
    #expect(!other.lessonPane.isOpen)
  }

  @Test func linkFocusMovesThroughTheWorkbenchLinks() throws {
    var state = Self.docked()
    _ = update(&state, .lessonPane(.moveLinkFocus(1)))
    let lesson = try #require(testLessons.lesson(Self.lessonID))
    let first = try #require(lesson.actionLinks.first)
    #expect(state.lessonPane.focusedLink == first.index)
    #expect(state.statusMessage == first.link.target)
    _ = update(&state, .lessonPane(.moveLinkFocus(-1)))
    let last = try #require(lesson.actionLinks.last)
    #expect(state.lessonPane.focusedLink == last.index)
    // The last link is near the end: the pane scrolled to it.
    let reader = try #require(LessonPane.reader(of: state))
    let line = try #require(reader.view.line(ofLink: last.index, width: reader.area.width))
    #expect((reader.scroll..<reader.scroll + reader.area.height).contains(line))
  }

  @Test func resizingKeepsThePlace() throws {
    var state = Self.docked()
    _ = update(&state, .lessonPane(.scroll(30)))
    let place = state.lessonPane.place
    _ = update(&state, .lessonPane(.resize(1)))
    #expect(state.lessonPane.share == 45)
    #expect(LessonPaneLayout(state).pane.width == 72)
    for _ in 0..<20 { _ = update(&state, .lessonPane(.resize(-1))) }
    #expect(state.lessonPane.share == LessonPaneState.shareRange.lowerBound)
    for _ in 0..<20 { _ = update(&state, .lessonPane(.resize(1))) }
    #expect(state.lessonPane.share == LessonPaneState.shareRange.upperBound)
    // A narrower terminal puts the pane below, at the same place in the lesson.
    _ = update(&state, .resized(Size(width: 100, height: 30)))
    #expect(LessonPaneLayout(state).arrangement == .below)
    #expect(state.lessonPane.place == place)
    let reader = try #require(LessonPane.reader(of: state))
    #expect(reader.view.place(atLine: reader.scroll, width: reader.area.width).block == place.block)
  }

  @Test func theMouseDragsTheEdgeScrollsAndFollowsLinks() throws {
    var state = Self.docked()
    let edge = LessonPaneLayout(state).edge
    #expect(edge == Rect(x: 96, y: 1, width: 1, height: 43))
    func send(_ mouse: MouseEvent) {
      if let action = InputRouter.action(for: .mouse(mouse), in: state) { _ = update(&state, action) }
    }
    send(MouseEvent(x: 96, y: 10, button: .left))
    #expect(state.lessonPane.isDragging)
    // Dragged left to column 80: the pane is 80 of 160 columns.
    send(MouseEvent(x: 80, y: 12, button: .left, kind: .drag))
    send(MouseEvent(x: 80, y: 12, button: .left, kind: .release))
    #expect(!state.lessonPane.isDragging)
    #expect(state.lessonPane.share == 50)
    #expect(LessonPaneLayout(state).pane.x == 80)
    send(MouseEvent(x: 100, y: 20, button: .wheelDown))
    #expect(Self.top(state) == 3)
    // A click on a workbench link follows it.
    _ = update(&state, .lessonPane(.switchFocus))
    let target = "convscope:compare?models=lenet5,lenet5-modern"
    let link = try #require(Self.link(target))
    var reader = try #require(LessonPane.reader(of: state))
    reader.scroll(to: try #require(reader.view.line(ofLink: link, width: reader.area.width)))
    state.lessonPane.place = reader.view.place(atLine: reader.scroll, width: reader.area.width)
    let shown = try #require(LessonPane.reader(of: state))
    let hit = try #require(shown.view.linkHits(in: shown.area)[link].rects.first)
    send(MouseEvent(x: hit.x, y: hit.y, button: .left))
    #expect(state.screen == .compare)
    #expect(state.lessonPane.focus == .pane)
    #expect(state.lessonPane.focusedLink == link)
    // A click on the screen is the screen's: the pane is not involved.
    #expect(InputRouter.action(for: .mouse(MouseEvent(x: 2, y: 0, button: .left)), in: state) == .selectScreen(.explore))
  }
}
