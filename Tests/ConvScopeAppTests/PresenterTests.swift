import ConvEngine
import Foundation
import TerminalUI
import Testing

@testable import ConvScopeApp

/// Presenter mode (`--present`, F5): each screen at 80×24 and 100×30 shows one thing, large,
/// in the contrast palette; a tour's pane stays beside it; the footer keeps one key.
@Suite struct PresenterTests {
  static let sizes = [(80, 24), (100, 30)]

  static func presenting(_ state: AppState, _ size: (Int, Int)) -> AppState {
    var state = state
    state.isPresenting = true
    state.size = Size(width: size.0, height: size.1)
    return state
  }

  static func draw(_ state: AppState) -> String {
    ScreenSnapshotTests.draw(state, width: state.terminalSize.width, height: state.terminalSize.height)
  }

  /// The screen's rows without the style runs that follow them in a snapshot.
  static func rows(_ snapshot: String) -> [String] {
    Array(snapshot.components(separatedBy: "\n\n")[0].split(separator: "\n").map(String.init))
  }

  /// The footer's text (the last row, without the snapshot's quotes).
  static func footer(_ snapshot: String) -> String {
    rows(snapshot).last!.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).trimmingCharacters(in: .whitespaces)
  }

  /// Explore: the selected map alone, larger than the grid draws it, no side panel. (C3: its
  /// sixteen 10×10 maps share the pane at 1×; one alone is 3× at 80×24. C1's 28×28 maps are
  /// 1× either way there: 2× would need 28 rows.)
  @Test(arguments: sizes) func explore(size: (Int, Int)) throws {
    var state = ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: size.0, height: size.1)
    state.explore.selectedMap = 2
    let normal = Self.draw(state)
    let text = Self.draw(Self.presenting(state, size))
    #expect(text.contains("map 2 of 16 (↑/↓)"))
    #expect(!text.contains("#1") && !text.contains("Prediction") && !text.contains("true label"))
    // Rows of half blocks: the one map is taller than the grid's maps.
    func mapRows(_ s: String) -> Int { Self.rows(s).filter { $0.contains("▀▀▀▀") }.count }
    #expect(mapRows(text) > mapRows(normal))
    #expect(Self.footer(text) == "←/→ layer  F5 normal view")
    Snapshot.assert(text, named: "present-explore-\(size.0)x\(size.1)")
  }

  /// Train: the curve across the whole width; no settings line, no side panel.
  @Test(arguments: sizes) func train(size: (Int, Int)) {
    var state = AppState(size: Size(width: size.0, height: size.1))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(TrainScreenSnapshotTests.progress()))))
    let normal = Self.draw(state)
    let text = Self.draw(Self.presenting(state, size))
    #expect(normal.contains("momentum") && !text.contains("momentum"))
    #expect(normal.contains("kernels") && !text.contains("kernels"))
    #expect(text.contains("epoch 3/20"))
    Snapshot.assert(text, named: "present-train-\(size.0)x\(size.1)")
  }

  /// Compare: three totals with their ratios, a row apart; nothing of the rest.
  @Test(arguments: sizes) func compare(size: (Int, Int)) throws {
    let state = try CompareScreenTests.state(width: size.0, height: size.1)
    let text = Self.draw(Self.presenting(state, size))
    let c = try #require(state.compare.comparison)
    #expect(text.contains(c.left.parameters.grouped) && text.contains(c.right.macs.grouped))
    #expect(text.contains(CompareText.ratio(c.ratios.parameters)))
    #expect(!text.contains("weight layers") && !text.contains("Stage by stage") && !text.contains(ScreenBody.comparePurpose))
    Snapshot.assert(text, named: "present-compare-\(size.0)x\(size.1)")
  }

  /// Lessons: the open lesson across the whole width, without the list of lessons.
  @Test(arguments: sizes) func lessons(size: (Int, Int)) {
    let state = ScreenSnapshotTests.state(.lessons)
    var plain = Self.presenting(state, size)
    plain.isPresenting = false
    let normal = Self.draw(plain)
    let text = Self.draw(Self.presenting(state, size))
    #expect(normal.contains("02 Pooling") && !text.contains("02 Pooling"))
    #expect(text.contains("Convolution"))
    Snapshot.assert(text, named: "present-lessons-\(size.0)x\(size.1)")
  }

  /// A tour in presenter mode: its pane stays (below the screen at these sizes), and the
  /// footer is only "space/→ next".
  @Test(arguments: sizes) func tour(size: (Int, Int)) throws {
    let player = TourPlayTests.Player(width: size.0, height: size.1, configure: { $0.isPresenting = true })
    player.press(.tour(.play("lenet5-in-five-minutes")))
    #expect(player.state.tour.isPlaying && player.state.palette == .contrast)
    let text = player.backend.buffer.snapshot()
    // The hints: space alone (the status line's step title follows at the right).
    #expect(KeyMap.footerHints(for: player.state).map(\.key) == ["space/→"])
    #expect(Self.footer(text).hasPrefix("space/→ next  "))
    #expect(text.contains("1/5"))
    Snapshot.assert(text, named: "present-tour-\(size.0)x\(size.1)")
  }

  @Test func outsideATourTheFooterIsTheScreensFirstKeyAndF5() {
    var state = AppState(size: Size(width: 100, height: 30))
    state.isPresenting = true
    for (screen, keys) in [(Screen.explore, ["←/→", "F5"]), (.train, ["enter", "F5"]), (.compare, ["F5"])] {
      state.screen = screen
      #expect(KeyMap.footerHints(for: state).map(\.key) == keys, "\(screen)")
    }
    state.isPresenting = false
    #expect(KeyMap.footerHints(for: state).count > 2 && !KeyMap.footerHints(for: state).map(\.key).contains("F5"))
  }
}
