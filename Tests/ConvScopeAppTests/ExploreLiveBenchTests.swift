import ConvEngine
import Testing

@testable import ConvScopeApp

/// `convscope bench --only explorelive` works end to end: one run, a headless and a live
/// phase, each with a rate from the run's own summaries. (Its figures are measured, never
/// asserted: the machine is shared.)
@Suite struct ExploreLiveBenchTests {
  @Test func oneHeadlessAndOneLivePhaseOfOneRun() throws {
    let report = try ExploreLiveBench.run(pairs: 1, phaseSeconds: 3)
    print("explore live bench (debug build, a check that it runs):", report)
    #expect(report.headless.count == 1 && report.live.count == 1)
    #expect(report.headless.allSatisfy { $0 > 0 } && report.live.allSatisfy { $0 > 0 })
    #expect(report.ratio == report.live[0] / report.headless[0])
    // Explore followed the run: live passes were drawn, at a step the run had reached.
    #expect(report.framesDrawn > 0)
    #expect(report.liveSteps.count == 1 && report.liveSteps[0] > 0)
    #expect(report.terminal == "in-memory 120×40")
  }
}
