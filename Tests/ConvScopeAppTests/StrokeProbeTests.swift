import ConvEngine
import Testing
import TestSupport

@testable import ConvScopeApp

/// The stroke probe runs the real engine (the shipped LeNet-5 on a blank canvas, a
/// horizontal and an upright bar), and the shipped lessons' stroke tasks have an answer.
@Suite struct StrokeProbeTests {
  static let probes = Result {
    let session = EngineSession()
    return try ["C1", "S2", "C3"].map { layer in
      try StrokeProbeWork.perform(StrokeProbeRequest(model: "lenet5", layer: layer), networks: session.networks)
    }
  }

  func probe(_ layer: String) throws -> StrokeProbe {
    try #require(try Self.probes.get().first { $0.layer == layer })
  }

  @Test func theBarsAreTheSameBarTurned() {
    let h = StrokeProbeWork.bar(.horizontal), v = StrokeProbeWork.bar(.vertical)
    let side = ExploreCanvas.side
    #expect(h.count == side * side)
    #expect(h.filter { $0 == 255 }.count == StrokeProbeWork.length * StrokeProbeWork.thickness)
    for y in 0..<side {
      for x in 0..<side { #expect(h[y * side + x] == v[x * side + y]) }
    }
    #expect(StrokeProbeWork.bar(nil).allSatisfy { $0 == 0 })
  }

  @Test func everyMapOfTheLayerIsMeasured() throws {
    #expect(try probe("C1").horizontal.count == 6)
    #expect(try probe("S2").vertical.count == 6)
    #expect(try probe("C3").horizontal.count == 16)
    #expect(try probe("C3").vertical.count == 16)
    // Responses are sums of rises: never negative, and the bars do move the maps.
    for p in try Self.probes.get() {
      #expect((p.horizontal + p.vertical).allSatisfy { $0 >= 0 })
      #expect((p.horizontal.max() ?? 0) > 0)
    }
  }

  /// Each shipped stroke task can be met: some map of its layer passes, and some map fails
  /// (so picking a map matters).
  @Test(arguments: [("C1", 2.0), ("S2", 1.5), ("C3", 2.0)])
  func theShippedStrokeTasksHaveAnAnswer(layer: String, ratio: Double) throws {
    let p = try probe(layer)
    let check = LessonCheck.strokeMap(model: "lenet5", layer: layer, stroke: .horizontal, ratio: ratio)
    let results = (0..<p.horizontal.count).map { map in
      LessonCheckGrader.grade(check, CheckStateFixtures.snapshot(exploreLayer: layer, map: map, probes: [p]))
    }
    #expect(results.contains { $0.isMet }, "no \(layer) map answers horizontal \(ratio)×: \(p.horizontal) vs \(p.vertical)")
    #expect(results.contains { !$0.isMet })
  }
}
