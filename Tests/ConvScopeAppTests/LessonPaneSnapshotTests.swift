import TerminalUI
import Testing

@testable import ConvScopeApp

/// Explore, Train and Compare with lesson 03 docked, at 100×30 (the pane below) and 160×45
/// (beside), drawn through `Terminal` into a `MemoryBackend`; and each screen's keys still
/// working on what it shows beside the pane.
@Suite struct LessonPaneSnapshotTests {
  static let sizes = [(100, 30), (160, 45)]

  /// `screen` showing real content, lesson 03 docked at "C3 and its connection table" with
  /// its first workbench link in that part focused, the screen holding the keys.
  static func state(_ screen: Screen, width: Int, height: Int) -> AppState {
    var state = LessonPaneTests.docked(screen, width: width, height: height)
    switch screen {
    case .explore:
      state.explore.trace = ExploreTests.lenetTrace
      state.explore.layer = 3
    case .train:
      _ = update(&state, .train(.start))
      _ = update(&state, .engineReported(.train(.progress(TrainScreenSnapshotTests.progress()))))
    case .compare:
      state.compare.comparison = ScreenSnapshotTests.comparison
    case .lessons:
      break
    }
    let lesson = testLessons.lesson(LessonPaneTests.lessonID)
    let section = lesson?.section("c3-and-its-connection-table")
    state.lessonPane.place = MarkdownPlace(block: section?.blockIndex ?? 0)
    _ = update(&state, .lessonPane(.moveLinkFocus(1)))
    _ = update(&state, .lessonPane(.switchFocus))
    return state
  }

  static func cases() -> [(Screen, Int, Int)] {
    [Screen.explore, .train, .compare].flatMap { screen in sizes.map { (screen, $0.0, $0.1) } }
  }

  @Test(arguments: cases()) func paneBesideEveryScreen(_ screen: Screen, width: Int, height: Int) throws {
    let state = Self.state(screen, width: width, height: height)
    let text = ScreenSnapshotTests.draw(state, width: width, height: height)
    let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let pane = LessonPaneLayout(state).pane
    // The pane's title on its top edge, saying how to give it the keys; the screen's own
    // heading at the top left; beside the screen the footer also names the focus key.
    #expect(rows[pane.y].contains("Lesson · LeNet-5 layer by layer · O: keys"))
    #expect(rows[1].contains(screen.title))
    #expect(rows[height - 1].contains("O focus") == (width >= 110))
    Snapshot.assert(text, named: "lesson-pane-\(screen.title.lowercased())-\(width)x\(height)")
  }

  @Test(arguments: sizes) func exploresKeysPageByTheSpaceBesideThePane(size: (Int, Int)) throws {
    var state = Self.state(.explore, width: size.0, height: size.1)
    let layer = try #require(state.explore.currentLayer)
    // Paging moves by as many maps as fit beside the pane (fewer than on the whole terminal).
    let beside = state.explore.mapsPerPage(size: state.size, pixelMode: state.pixelMode)
    let whole = state.explore.mapsPerPage(size: state.terminalSize, pixelMode: state.pixelMode)
    #expect(beside < whole || whole >= layer.channels)
    let action = try #require(InputRouter.action(for: .key(KeyEvent(.pageDown)), in: state))
    _ = update(&state, action)
    // With every map on one page there is no next page; otherwise the next page's first map.
    #expect(state.explore.selectedMap == (beside >= layer.channels ? 0 : beside))
    // Arrows step layers, as always.
    _ = update(&state, try #require(InputRouter.action(for: .key(KeyEvent(.right)), in: state)))
    #expect(state.explore.layer == 4)
  }

  /// Train's own keys act on its views beside the pane at both sizes: `a` switches the chart
  /// to accuracy, `v` the side panel, and the drawn screen changes with them.
  @Test(arguments: sizes) func trainsKeysWorkBesideThePane(size: (Int, Int)) throws {
    var state = Self.state(.train, width: size.0, height: size.1)
    let chart = state.train.chart, panel = state.train.panel
    let before = ScreenSnapshotTests.draw(state, width: size.0, height: size.1)
    _ = update(&state, try #require(InputRouter.action(for: .key(.char("a")), in: state)))
    _ = update(&state, try #require(InputRouter.action(for: .key(.char("v")), in: state)))
    #expect(state.train.chart != chart && state.train.panel != panel)
    #expect(ScreenSnapshotTests.draw(state, width: size.0, height: size.1) != before)
    #expect(state.lessonPane.isOpen && LessonPaneLayout(state).isShown)
  }

  @Test func comparesKeysScrollItsTablesBesideThePane() throws {
    var state = Self.state(.compare, width: 100, height: 30)
    _ = update(&state, try #require(InputRouter.action(for: .key(KeyEvent(.down)), in: state)))
    #expect(state.compare.scroll == 1)
  }
}
