import Testing
@testable import ConvEngine

/// `bench`'s weights-read rate: only for layers bound by memory at batch 1 (at most one
/// multiply-add per weight), from AlexNet's own shape table.
@Suite struct BenchmarkRateTests {
  @Test func onlyTheFullyConnectedLayersGetAWeightRate() throws {
    let rows = try ModelCatalog.spec(named: "alexnet").shapeTable().rows
    let rated = rows.filter { Benchmark.weightReadRate($0, milliseconds: 1) != nil }.map(\.name)
    #expect(rated == ["fc6", "fc7", "fc8"])
    // fc6: 9,216 × 4,096 weights and 4,096 biases, 4 bytes each, read in 2 ms.
    let fc6 = try #require(rows.first { $0.name == "fc6" })
    #expect(fc6.parameters == 9216 * 4096 + 4096)
    let rate = try #require(Benchmark.weightReadRate(fc6, milliseconds: 2))
    #expect(abs(rate - Double(4 * (9216 * 4096 + 4096)) / 0.002 / 1e9) < 1e-9)
    #expect(Benchmark.weightReadRate(fc6, milliseconds: 0) == nil)
  }
}
