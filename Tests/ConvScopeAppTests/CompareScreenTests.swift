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
}
