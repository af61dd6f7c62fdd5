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

  /// The blank columns left and right of a row's text inside the block's borders.
  static func margins(_ row: String) -> (left: Int, right: Int) {
    let inside = Array(row.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).dropFirst().dropLast())
    let left = inside.firstIndex { $0 != " " } ?? inside.count
    let right = inside.count - 1 - (inside.lastIndex { $0 != " " } ?? -1)
    return (left, right)
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

  /// Explore's map view stretches a map that fits only at its own size: C1's 28×28 at 100×30
  /// (23 rows hold 46 half-block pixels, not 56) fills the pane's height instead of 14 rows.
  @Test func aMapThatFitsOnlyOnceIsStretchedToThePane() throws {
    var state = ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: 1, width: 100, height: 30)
    state.explore.selectedMap = 3
    let text = Self.draw(Self.presenting(state, (100, 30)))
    // Below the tab bar, the box's top, the strip and the info line (its legend is ▀ too).
    let rows = Self.rows(text).dropFirst(4).filter { $0.contains("▀▀▀▀") }
    let layout = ExploreLayout(size: state.size)
    #expect(rows.count == layout.main.height)
    // Square: as many columns as half-block rows of pixels (46), centred.
    let first = try #require(rows.first)
    let width = first.filter { $0 == "▀" }.count
    #expect(width == 2 * layout.main.height)
    Snapshot.assert(text, named: "present-explore-c1-100x30")
  }

  /// Explain: the arithmetic alone across the width (no pictures at 100 columns either),
  /// centred, in bold; a short line with the check and where the page is.
  @Test(arguments: sizes) func explain(size: (Int, Int)) throws {
    var state = ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: 3, width: size.0, height: size.1)
    state.explore.selectedMap = 4
    state.explore.isInspectorOpen = true
    state = ExploreSnapshotTests.settled(Self.presenting(state, size))
    let explanation = try #require(state.explore.explanation)
    // Laid out for the whole width: the presenter's column is wider than the normal view's.
    #expect(explanation.width == ExploreLayout(size: state.size, presenting: true).explainText.width)
    #expect(explanation.width > ExploreLayout(size: state.size).explainText.width || size.0 < 94)
    let text = Self.draw(state)
    #expect(text.contains("C3 map 4 at row 5, col 5"))
    #expect(text.contains("engine agrees ✓ · lines 1–"))
    // No pictures: not the normal view's caption over the maps it reads.
    #expect(!text.contains("reads 3 of 6 S2 maps"))
    // Centred: the block starts as far from the left border as the widest line leaves over.
    let top = Self.margins(try #require(Self.rows(text).first { $0.contains("C3 map 4 at row 5") }))
    let widest = explanation.lines.map(\.displayWidth).max() ?? 0
    let body = ExploreLayout(size: state.size, presenting: true).explainText
    #expect(top.left == body.x - 1 + (body.width - widest) / 2)
    // PgDn pages on, by the presented column's rows.
    _ = update(&state, .explore(.page(1)))
    #expect(state.explore.explainScroll == body.height - 2)
    Snapshot.assert(text, named: "present-explain-\(size.0)x\(size.1)")
  }

  /// Kernels: one filter at a time; C1's with its 25 weights beside it as numbers, C3's as
  /// one kernel per map Table I lets it read.
  @Test(arguments: sizes) func kernels(size: (Int, Int)) throws {
    var state = ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: 1, width: size.0, height: size.1)
    state.explore.showsKernels = true
    state.explore.selectedMap = 2
    let text = Self.draw(Self.presenting(state, size))
    let c1 = try #require(state.explore.currentLayer)
    #expect(text.contains("filter 2 of 6 (↑/↓)") && text.contains("filter 2: 5×5"))
    // The filter's weights as the engine has them, the first row of five in order.
    let weights = c1.kernels[(2 * 25)..<(2 * 25 + 5)].map { ExplanationText.number(Double($0)) }
    let row = try #require(Self.rows(text).first { $0.contains(weights[0]) })
    #expect(row.components(separatedBy: " ").filter { !$0.isEmpty && $0.first != "│" && $0.contains(".") } == weights)
    Snapshot.assert(text, named: "present-kernels-c1-\(size.0)x\(size.1)")

    state.explore.layer = 3
    state.explore.selectedMap = 15
    let c3 = Self.draw(Self.presenting(state, size))
    // C3's last filter reads all six S2 maps (Table I).
    #expect((0..<6).allSatisfy { c3.contains("in \($0)") })
    #expect(c3.contains("filter 15 of 16 (↑/↓)"))
    Snapshot.assert(c3, named: "present-kernels-c3-\(size.0)x\(size.1)")

    // AlexNet's conv1: one RGB filter, in colour; no legend, its colours are not a map's.
    var alex = ExploreSnapshotTests.state(ExploreSnapshotTests.alexTrace, model: "alexnet", layer: 1, width: size.0, height: size.1)
    alex.explore.showsKernels = true
    alex.explore.selectedMap = 5
    let conv1 = try #require(alex.explore.currentLayer)
    #expect(ExploreMapsView.kernelLegend(conv1, palette: .contrast) == nil)
    #expect(ExploreMapsView.kernelLegend(c1, palette: .contrast) != nil)
    let rgb = Self.draw(Self.presenting(alex, size))
    #expect(rgb.contains("filter 5: 11×11 weights for red, green and blue") && rgb.contains("filter 5 of 96 (↑/↓)"))
    Snapshot.assert(rgb, named: "present-kernels-conv1-\(size.0)x\(size.1)")
  }

  /// The output: the prediction and the class table, centred; no prototypes.
  @Test(arguments: sizes) func output(size: (Int, Int)) throws {
    let state = ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: 7, width: size.0, height: size.1)
    var plain = Self.presenting(state, size)
    plain.isPresenting = false
    let normal = Self.draw(plain)
    #expect(normal.contains("F6 beside") || normal.contains("F6 vs"))
    let text = Self.draw(Self.presenting(state, size))
    #expect(text.contains("Prediction: 7") && !text.contains("F6 beside") && !text.contains("F6 vs"))
    let trace = try #require(state.explore.trace)
    #expect((0..<10).allSatisfy { text.contains(trace.probabilityText($0)) })
    let headline = Self.margins(try #require(Self.rows(text).first { $0.contains("Prediction: 7") }))
    #expect(abs(headline.left - headline.right) <= 1)
    Snapshot.assert(text, named: "present-output-\(size.0)x\(size.1)")
  }

  /// Fully connected layers: the units alone across the pane, each a larger square than the
  /// normal strip gives it (C5's 120 as a 15 × 8 grid), centred; F6's 7×12 bitmap centred; no
  /// side panel.
  @Test(arguments: sizes) func units(size: (Int, Int)) throws {
    for (layer, name) in [(5, "c5"), (6, "f6")] {
      var state = ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: layer, width: size.0, height: size.1)
      state.explore.selectedMap = 3
      let normal = Self.draw(state)
      let text = Self.draw(Self.presenting(state, size))
      #expect(normal.contains("true label") && !text.contains("true label") && !text.contains("Prediction"))
      #expect(text.contains("unit 3 of \(layer == 5 ? 120 : 84) = "))
      func mapRows(_ s: String) -> Int { Self.rows(s).filter { $0.contains("▀▀") }.count }
      // Normally C5 is a strip of 2 rows beside the side panel; presented, 8 rows of units.
      if layer == 5 { #expect(mapRows(text) >= 8) }
      // The first row of the picture (below the scale's legend) is centred; a ragged last row
      // of units may end short.
      let top = try #require(Self.rows(text).first { $0.contains("▀▀") && !$0.contains("scale:") })
      #expect(abs(Self.margins(top).left - Self.margins(top).right) <= 1, "\(top)")
      Snapshot.assert(text, named: "present-units-\(name)-\(size.0)x\(size.1)")
    }
  }

  @Test func unitsWrapIntoTheGridWithTheLargestSquares() {
    #expect(ExploreMapsView.unitColumns(count: 120, pixels: Size(width: 96, height: 48)) == 15)
    #expect(ExploreMapsView.unitColumns(count: 84, pixels: Size(width: 78, height: 30)) == 14)
    #expect(ExploreMapsView.unitColumns(count: 4096, pixels: Size(width: 98, height: 48)) == 98)
    #expect(ExploreMapsView.unitColumns(count: 3, pixels: Size(width: 10, height: 10)) == 2)
    #expect(ExploreMapsView.unitColumns(count: 0, pixels: Size(width: 10, height: 10)) == 1)
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
    // The loss per step in bright blue: the terminal's dark blue fades on a projector.
    #expect(normal.contains("fg=blue") && text.contains("fg=brightBlue") && !text.contains("fg=blue"))
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

  /// On a big terminal the presented lesson is a 100-column column in the middle, not lines
  /// across all 196 columns.
  @Test func aPresentedLessonIsAReadableColumnOnABigTerminal() throws {
    let state = Self.presenting(ScreenSnapshotTests.state(.lessons), (200, 60))
    let text = LessonsLayout.textArea(of: state)
    let inner = LessonsLayout.inner(for: state.terminalSize)
    #expect(text.width == LessonsLayout.presentedWidth && text.x - inner.x == inner.right - text.right)
    // Inside the box (below the tab bar and its top, above its bottom and the footer), every
    // character is in the column.
    let rows = Self.rows(Self.draw(state)).dropFirst(2).dropLast(2)
    #expect(rows.contains { $0.contains("Convolution") })
    for row in rows {
      let cells = Array(row.dropFirst().dropLast())
      let outside = cells.indices.filter { cells[$0] != " " && $0 > 0 && $0 < cells.count - 1 && !(text.x..<text.right).contains($0) }
      #expect(outside.isEmpty, "\(row)")
    }
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

  /// A presented quiz's footer is enter and what it does now (the quiz reads its keys before
  /// the table, whose first Lessons key, `]/[ links`, did nothing during a quiz).
  @Test func aQuizFooterIsEnterAndWhatItDoes() throws {
    var state = try QuizScreenTests.quizState(width: 80, height: 24)
    state.isPresenting = true
    func hints() -> [String] { KeyMap.footerHints(for: state).map { "\($0.key) \($0.description)" } }
    #expect(hints() == ["enter check the answer", "F5 normal view"])
    QuizScreenTests.answer("b", in: &state)
    #expect(hints() == ["enter next question", "F5 normal view"])
    for _ in 0..<5 {
      _ = update(&state, .lessons(.quizEnter))
      QuizScreenTests.answer("", in: &state)
    }
    _ = update(&state, .lessons(.quizEnter))
    #expect(hints() == ["enter back to the lesson", "F5 normal view"])
    _ = update(&state, .lessons(.quizClose))
    #expect(hints() == ["]/[ links", "F5 normal view"])
  }

  /// Drawing a digit, the arrows move the pen, so the footer's next step is space (ink).
  @Test func aDrawingFooterIsSpaceToInk() {
    var state = AppState(size: Size(width: 80, height: 24))
    state.isPresenting = true
    state.explore.isDrawing = true
    #expect(KeyMap.footerHints(for: state).map { "\($0.key) \($0.description)" } == ["space ink, arrows move the pen", "F5 normal view"])
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

  /// Presented Train's footer names the key that moves the run on now, whatever state it is in.
  @Test(arguments: [
    (running: false, paused: false, confirm: false, hint: "enter start"),
    (running: true, paused: false, confirm: false, hint: "space pause"),
    (running: true, paused: true, confirm: false, hint: "space resume"),
    (running: true, paused: true, confirm: true, hint: "enter go ahead"),
  ])
  func trainFooterIsTheNextStep(running: Bool, paused: Bool, confirm: Bool, hint: String) {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    state.isPresenting = true
    if running {
      _ = update(&state, .train(.start))
      var progress = TrainScreenSnapshotTests.progress()
      progress.awaitsConfirmation = confirm
      _ = update(&state, .engineReported(.train(.progress(progress))))
      if paused { _ = update(&state, .train(.togglePause)) }
    }
    #expect(state.train.isRunning == running && state.train.isPaused == paused)
    #expect(KeyMap.footerHints(for: state).map { "\($0.key) \($0.description)" } == [hint, "F5 normal view"])
    #expect(Self.footer(Self.draw(state)).hasPrefix(hint + "  F5 normal view"))
  }

  /// Presented Compare on a big terminal: centred both ways, the columns and rows spread out.
  @Test func compareIsCentredAndSpreadOnABigTerminal() throws {
    let state = try CompareScreenTests.state(width: 200, height: 60)
    let text = Self.draw(Self.presenting(state, (200, 60)))
    let rows = Self.rows(text)
    let header = try #require(rows.firstIndex { $0.contains("alexnet ÷ lenet5") })
    let parameters = try #require(rows.firstIndex { $0.contains("parameters") })
    let memory = try #require(rows.firstIndex { $0.contains("memory per image") })
    #expect(parameters - header >= 3)
    let left = Self.margins(rows[parameters])
    #expect(abs(left.left - left.right) <= 2)
    // As much room above the table as below it (inside the box, under the tab bar).
    let above = header - 2, below = rows.count - 2 - memory - 1
    #expect(abs(above - below) <= 2)
    Snapshot.assert(text, named: "present-compare-200x60")
  }
}
