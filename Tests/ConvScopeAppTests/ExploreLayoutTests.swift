import TerminalUI
import Testing

@testable import ConvScopeApp

/// How Explore uses the terminal: the C1 grid with its selected map large at 200×60, every
/// map an explained value reads on screen or a page away, the output's ten classes and
/// prototypes at 80×24 and 100×30, and the drawing canvas in ASCII shades.
@Suite struct ExploreLayoutTests {
  static func state(layer: Int, width: Int, height: Int) -> AppState {
    ExploreSnapshotTests.state(ExploreTests.lenetTrace, model: "lenet5", layer: layer, width: width, height: height)
  }

  /// Two rows of 2× C1 maps need 58 rows and the pane has 53, so the six stay 1× in a band
  /// and the selected map is drawn again at 3× beside them.
  @Test func c1GridDrawsTheSelectedMapAtThreeTimesAt200x60() throws {
    var state = Self.state(layer: 1, width: 200, height: 60)
    let layer = try #require(state.explore.currentLayer)
    let layout = ExploreLayout(size: state.size)
    let maps = layout.maps(for: layer, mode: .halfBlock)
    #expect(maps.grid.zoom == 1)
    #expect(maps.grid.perPage >= 6)
    let focus = try #require(maps.focus)
    #expect(focus.zoom == 3)
    #expect(focus.mapCells == Size(width: 84, height: 42))
    let area = try #require(maps.focusArea)
    #expect(area.x >= maps.gridArea.right && area.right <= layout.main.right)
    state.explore.selectedMap = 4
    let text = ExploreSnapshotTests.draw(state, width: 200, height: 60)
    #expect(text.contains("maps 0–5 of 6 at 1×, map 4 at 3×"))
    #expect(text.contains("map 4 at 3× (↑/↓ picks another, enter zooms)"))
    // Where every map fits at its size with no room over, there is no second copy.
    #expect(ExploreLayout(size: Size(width: 120, height: 40)).maps(for: layer, mode: .halfBlock).focus == nil)
  }

  /// The explain view at 120×40 shows all three S2 maps C3 map 0 reads; at 100×30 two fit,
  /// and scrolling the arithmetic to the third map's products pages the pictures to it.
  @Test func everyMapAnExplainedValueReadsIsOnScreenOrAPageAway() throws {
    var wide = Self.state(layer: 3, width: 120, height: 40)
    wide.explore.isInspectorOpen = true
    wide = ExploreSnapshotTests.settled(wide)
    let wideText = ExploreSnapshotTests.draw(wide, width: 120, height: 40)
    for label in ["#0 ", "#1 ", "#2 "] { #expect(wideText.contains(label)) }
    #expect(!wideText.contains("it reads; pgdn"))

    var narrow = Self.state(layer: 3, width: 100, height: 30)
    narrow.explore.isInspectorOpen = true
    narrow = ExploreSnapshotTests.settled(narrow)
    let explanation = try #require(narrow.explore.currentExplanation)
    #expect(explanation.previousMaps == [0, 1, 2])
    let sections = explanation.mapLines.compactMap { $0 }
    #expect(sections.count == 3)
    #expect(explanation.lines[sections[2]].hasPrefix("S2 map 2: "))
    #expect(ExploreSnapshotTests.draw(narrow, width: 100, height: 30).contains("maps 1–2 of the 3 it reads"))
    narrow.explore.explainScroll = sections[2]
    let paged = ExploreSnapshotTests.draw(narrow, width: 100, height: 30)
    #expect(paged.contains("map 3 of the 3 it reads"))
    #expect(paged.contains("#2 "))
  }

  /// The output view at 80×24 and 100×30: all ten rows of penalties and probabilities; the
  /// prototypes all at 100×30, paged at 80×24 (PgDn shows the rest, and stops there).
  @Test func outputShowsEveryClassAndPagesThePrototypes() throws {
    let trace = try #require(ExploreTests.lenetTrace)
    for (width, height) in [(80, 24), (100, 30)] {
      let text = ExploreSnapshotTests.draw(Self.state(layer: 7, width: width, height: height), width: width, height: height)
      for c in 0..<10 { #expect(text.contains(trace.probabilityText(c)), "class \(c) at \(width)×\(height)") }
      #expect(text.contains("true label: 7"))
      // Once: the side panel no longer repeats the prediction.
      #expect(text.components(separatedBy: "Prediction: ").count == 2)
    }
    let full = ExploreSnapshotTests.draw(Self.state(layer: 7, width: 100, height: 30), width: 100, height: 30)
    #expect(full.contains("F6 beside each class's prototype"))
    #expect(full.contains("9 98.5"))
    var small = Self.state(layer: 7, width: 80, height: 24)
    #expect(ExploreOutputView.prototypePages(trace, size: small.size, mode: .halfBlock) == 2)
    #expect(ExploreSnapshotTests.draw(small, width: 80, height: 24).contains("F6 vs classes 0–6, pgdn/pgup"))
    _ = update(&small, .explore(.page(1)))
    #expect(small.explore.page == 1)
    let second = ExploreSnapshotTests.draw(small, width: 80, height: 24)
    #expect(second.contains("F6 vs classes 7–9, pgdn/pgup"))
    #expect(second.contains("9 98.5"))
    _ = update(&small, .explore(.page(1)))
    #expect(small.explore.page == 1)
  }

  /// Under `--ascii` the canvas is ASCII shades: blank paper is spaces (it was `#` noise
  /// from half blocks the terminal could not show) and full ink the ramp's darkest `@`.
  @Test func asciiCanvasReadsAsAPicture() {
    var state = ExploreTests.state(size: Size(width: 100, height: 30))
    _ = update(&state, .explore(.toggleDrawing))
    let area = ExploreCanvasView.canvasRoom(in: ExploreLayout(size: state.size).main)
    func canvasRows() -> [String] {
      let text = ScreenSnapshotTests.draw(state, width: 100, height: 30, depth: .mono, unicode: false)
      let rows = text.components(separatedBy: "\n\n")[0].split(separator: "\n").map { String($0.dropFirst().dropLast()) }
      return rows[area.y..<area.bottom].map { String(Array($0).dropFirst(area.x).prefix(area.width)) }
    }
    let blank = canvasRows().joined()
    #expect(blank.filter { $0 != " " && $0 != "X" }.isEmpty)
    _ = update(&state, .explore(.paintCell(y: 14, x: 14)))
    let inked = canvasRows().joined()
    #expect(inked.contains("@"))
    #expect(inked.allSatisfy { " .:-=*%#@X".contains($0) })
  }

  /// The overview shows all 16 rows of Table I: in one block at 200×60, in two at 80×24
  /// (where row 15 was cut and row 14 ran into C3's note).
  @Test(arguments: [(80, 24), (200, 60)]) func overviewShowsAllOfTableI(size: (Int, Int)) {
    var state = Self.state(layer: 0, width: size.0, height: size.1)
    state.explore.isOverview = true
    let text = ExploreSnapshotTests.draw(state, width: size.0, height: size.1)
    // C3 maps 14 and 15 read S2 maps 0, 2, 3, 5 and all six.
    #expect(text.contains("●·●●·● 14"))
    #expect(text.contains("●●●●●● 15"))
    #expect(!text.contains("14 16 maps") && !text.contains("1416 maps"))
  }

  /// Every layer of LeNet-5 has its column inside the frame: at 80×24 F6's strip ran over the
  /// right border and the output had no column, because Table I's room was not set aside.
  @Test(arguments: [(80, 24), (100, 30), (200, 60)]) func overviewKeepsEveryColumnInsideTheFrame(size: (Int, Int)) throws {
    var state = Self.state(layer: 0, width: size.0, height: size.1)
    state.explore.isOverview = true
    let rows = ExploreSnapshotTests.draw(state, width: size.0, height: size.1).components(separatedBy: "\n\n")[0]
      .split(separator: "\n").map { String($0.dropFirst().dropLast()) }
    // The body's frame: rows 1 to height-2, each ending with the border.
    for row in rows[2..<(size.1 - 2)] { #expect(row.hasSuffix("│"), "\(row)") }
    let header = try #require(rows.first { $0.contains("Table I") })
    for name in ["input", "C1", "S2", "C3", "S4", "C5", "F6", "output"] {
      #expect(header.contains(name), "\(name) in \(header)")
    }
    #expect(!rows.joined().contains("16 map "))
  }

  /// The explained map keeps its native size (10×10 for C3) even with shades, where each
  /// pixel is a whole cell and the input picture used to squeeze it to 4 rows.
  @Test func explainedMapKeepsItsNativeSizeWithShades() throws {
    var state = Self.state(layer: 3, width: 120, height: 40)
    state.explore.isInspectorOpen = true
    let trace = try #require(state.explore.trace)
    let pictures = ExploreLayout(size: state.size).explainPictures
    #expect(ExploreExplainView.mapRows(state.explore, trace: trace, in: pictures, mode: .shade) >= 10)
  }

  /// The input layer's note wraps at the text column's width instead of running off it.
  @Test func inputExplanationWrapsToTheColumn() throws {
    var state = Self.state(layer: 0, width: 100, height: 30)
    state.explore.isInspectorOpen = true
    state = ExploreSnapshotTests.settled(state)
    let explanation = try #require(state.explore.currentExplanation)
    let width = ExploreLayout(size: state.size).explainText.width
    #expect(explanation.lines.count >= 3)
    #expect(explanation.lines.allSatisfy { $0.count <= width })
    #expect(explanation.lines.joined(separator: " ").contains("to see how its values are made."))
  }
}
