import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The full comparison on the Compare screen, drawn from what the engine computes.
@Suite struct CompareScreenTests {
  static func compareState() throws -> AppState {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .compare
    state.compare.comparison = try ModelComparison.named("lenet5", "alexnet")
    return state
  }

  @Test func compareScreenSnapshot() throws {
    Snapshot.assert(ScreenSnapshotTests.draw(try Self.compareState()), named: "compare-full-100x30")
  }

  @Test func scrolledCompareScreenSnapshot() throws {
    var state = try Self.compareState()
    _ = update(&state, .compare(.scroll(40)))
    #expect(state.compare.scroll > 0)
    Snapshot.assert(ScreenSnapshotTests.draw(state), named: "compare-full-scrolled-100x30")
  }

  @Test func timingWaitsForMAndMCanRepeatIt() throws {
    var state = AppState()
    let comparison = try ModelComparison.named("lenet5", "alexnet")
    let measure = Effect.startEngineWork(.compare(.measure(left: "lenet5", right: "alexnet")))
    #expect(update(&state, .engineReported(.compare(.built(comparison)))) == [])
    #expect(!state.compare.isMeasuring)
    #expect(update(&state, .compare(.remeasure)) == [measure])
    #expect(state.compare.isMeasuring)
    _ = update(&state, .engineReported(.failed(.compare(.measure(left: "lenet5", right: "alexnet")), message: "slow")))
    #expect(state.compare.timingError == "slow")
    #expect(update(&state, .compare(.remeasure)) == [measure])
  }

  static func loaded(_ c: ModelComparison) -> CompareState {
    var state = CompareState()
    state.comparison = c
    return state
  }

  static func state(width: Int, height: Int) throws -> AppState {
    var state = try compareState()
    state.size = Size(width: width, height: height)
    return state
  }

  @Test func compareAt80x24And200x60() throws {
    Snapshot.assert(ScreenSnapshotTests.draw(try Self.state(width: 80, height: 24), width: 80, height: 24),
                    named: "compare-80x24")
    Snapshot.assert(ScreenSnapshotTests.draw(try Self.state(width: 200, height: 60), width: 200, height: 60),
                    named: "compare-200x60")
  }

  /// At 80 columns the stage table is drawn one model a row, so every cell is whole.
  @Test func theStageTableFitsEightyColumns() throws {
    let c = try ModelComparison.named("lenet5", "alexnet")
    let area = CompareView.area(for: Size(width: 80, height: 24))
    let lines = CompareView.lines(Self.loaded(c), width: area.width, unicode: true)
    let tooWide = lines.map { $0.map(\.text).joined() }.filter { $0.displayWidth > area.width }
    #expect(tooWide.isEmpty, "\(tooWide)")
    let text = lines.map { $0.map(\.text).joined() }
    let fc6 = try #require(text.firstIndex { $0.contains("fc6") && $0.contains("37,752,832") })
    #expect(text[fc6].contains("alexnet") && text[fc6].contains("4096") && text[fc6].contains("37,748,736"))
    // Wide enough, the models sit side by side on one row.
    let wide = CompareView.lines(Self.loaded(c), width: 194, unicode: true).map { $0.map(\.text).joined() }
    #expect(wide.contains { $0.contains("C5") && $0.contains("fc6") })
  }

  /// The charts: each stage's share of the model's total and its exact value, computed by the
  /// engine (fc6 is AlexNet's hidden FC 1 stage with its ReLU and dropout).
  @Test func barsShowParametersAndMACsPerStageOnALogScale() throws {
    let c = try ModelComparison.named("lenet5", "alexnet")
    let params = CompareBars.lines(c, .parameters, width: 94, unicode: true).map { $0.map(\.text).joined() }
    let fc6 = try #require(c.stages.first { $0.rightRows.contains { $0.name == "fc6" } })
    let share = Double(fc6.parameters.right) / Double(c.right.parameters)
    #expect(abs(share - 0.619) < 0.001)
    #expect(params.contains { $0.contains(fc6.parameters.right.grouped) && $0.contains(CompareText.share(share)) })
    // Log scale: LeNet-5's C1 block (156 parameters) still draws a bar, shorter than fc6's.
    let c1 = try #require(params.first { $0.hasPrefix("conv block 1") })
    let fc6Line = try #require(params.first { $0.contains(fc6.parameters.right.grouped) })
    #expect(c1.filter { $0 == "█" }.count > 5)
    #expect(c1.filter { $0 == "█" }.count < fc6Line.filter { $0 == "█" }.count)
    #expect(params.last?.contains("100k") == true && params.last?.contains("10M") == true)
    let ascii = CompareBars.lines(c, .macs, width: 94, unicode: false).map { $0.map(\.text).joined() }
    #expect(ascii.allSatisfy { $0.allSatisfy(\.isASCII) })
    #expect(ascii.contains { $0.contains("###") })
  }

  @Test func homeEndAndPagesScroll() throws {
    var state = try Self.state(width: 80, height: 24)
    _ = update(&state, try #require(KeyMap.action(for: KeyEvent(.end), in: state)))
    let bottom = state.compare.scroll
    #expect(bottom > 50)
    let area = CompareView.area(for: state.size)
    let count = CompareView.lines(state.compare, width: area.width, unicode: true).count
    // The last row of the area says where the view is, so the content has one row less.
    #expect(bottom == count - (area.height - 1))
    _ = update(&state, .compare(.scroll(5)))
    #expect(state.compare.scroll == bottom)
    _ = update(&state, try #require(KeyMap.action(for: KeyEvent(.home), in: state)))
    #expect(state.compare.scroll == 0)
    _ = update(&state, .compare(.page(1)))
    #expect(state.compare.scroll == area.height - 2)
  }

  @Test func measuringJumpsToTheSpeedSectionAndShowsProgress() throws {
    var state = try Self.state(width: 80, height: 24)
    _ = update(&state, .compare(.remeasure))
    #expect(state.compare.isMeasuring)
    let area = CompareView.area(for: state.size)
    let heading = try #require(CompareView.timingLine(state.compare, width: area.width))
    let count = CompareView.lines(state.compare, width: area.width, unicode: true).count
    #expect(state.compare.scroll == min(heading, count - (area.height - 1)))
    let screen = ScreenSnapshotTests.draw(state, width: 80, height: 24)
    #expect(screen.contains("Measured on this machine"))
    #expect(screen.contains("| Measuring lenet5, then alexnet"))
    // The spinner turns with the loop.
    for _ in 0..<4 { _ = update(&state, .tick) }
    #expect(ScreenSnapshotTests.draw(state, width: 80, height: 24).contains("/ Measuring lenet5"))
  }

  @Test func asciiAndNoColourCompare() throws {
    let state = try Self.state(width: 80, height: 24)
    Snapshot.assert(ScreenSnapshotTests.draw(state, width: 80, height: 24, depth: .mono, unicode: false),
                    named: "compare-80x24-ascii-mono")
  }
}
