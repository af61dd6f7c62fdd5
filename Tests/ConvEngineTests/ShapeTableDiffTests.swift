import Testing

@testable import ConvEngine

/// What changed between two versions of a model file: layers matched by name, the old and
/// new shapes, parameters and MACs, added and removed layers where they belong.
@Suite struct ShapeTableDiffTests {
  static let base = """
    model m
    input 1x32x32
    C1: conv 6 kernel=5 activation=relu
    S2: maxpool 2
    C3: conv 16 kernel=5 activation=relu
    S4: maxpool 2
    F5: fc 64 activation=relu
    output: fc 10
    """

  static func table(_ text: String) throws -> ShapeTable {
    try ModelFile.parse(text, source: "test.convnet").shapeTable()
  }

  @Test func twelveC1MapsChangeC1S2AndC3Only() throws {
    let before = try Self.table(Self.base)
    let after = try Self.table(Self.base.replacingOccurrences(of: "conv 6 kernel=5", with: "conv 12 kernel=5"))
    let diff = ShapeTableDiff(before: before, after: after)
    #expect(diff.rows.map(\.name) == ["C1", "S2", "C3", "S4", "F5", "output"])
    #expect(diff.rows.map(\.change) == [.changed, .changed, .changed, .same, .same, .same])
    // C1: 6×(5×5×1)+6 = 156 → 12×(5×5)+12 = 312; MACs 6·28·28·25 = 117,600 → 235,200.
    #expect(diff.rows[0].before?.output == [6, 28, 28] && diff.rows[0].after?.output == [12, 28, 28])
    #expect(diff.rows[0].before?.parameters == 156 && diff.rows[0].after?.parameters == 312)
    #expect(diff.rows[0].before?.macs == 117_600 && diff.rows[0].after?.macs == 235_200)
    // C3 reads 12 maps: 16×(5×5×12)+16 = 4,816 parameters, 16·10·10·300 = 480,000 MACs.
    #expect(diff.rows[2].before?.parameters == 2_416 && diff.rows[2].after?.parameters == 4_816)
    #expect(diff.rows[2].after?.macs == 480_000)
    #expect(diff.parametersAfter - diff.parametersBefore == 156 + 2_400)
    #expect(diff.macsAfter - diff.macsBefore == 117_600 + 240_000)
    #expect(!diff.isUnchanged)
    #expect(diff.changedRows.map(\.name) == ["C1", "S2", "C3"])
  }

  @Test func anAddedAndARemovedLayerSitWhereTheyBelong() throws {
    let before = try Self.table(Self.base)
    // C3 split into two 3×3 layers (C3a new, C3 renamed C3b), S4 dropped.
    let after = try Self.table("""
      model m
      input 1x32x32
      C1: conv 6 kernel=5 activation=relu
      S2: maxpool 2
      C3a: conv 16 kernel=3 activation=relu
      C3b: conv 16 kernel=3 activation=relu
      F5: fc 64 activation=relu
      output: fc 10
      """)
    let diff = ShapeTableDiff(before: before, after: after)
    #expect(diff.rows.map(\.name) == ["C1", "S2", "C3a", "C3b", "C3", "S4", "F5", "output"])
    #expect(diff.rows.map(\.change) == [.same, .same, .added, .added, .removed, .removed, .changed, .same])
    // F5 now reads 16×10×10 = 1,600 values instead of 16×5×5 = 400.
    #expect(diff.rows[6].before?.parameters == 64 * 400 + 64 && diff.rows[6].after?.parameters == 64 * 1_600 + 64)
  }

  @Test func theSameNetworkIsUnchanged() throws {
    let table = try Self.table(Self.base)
    let diff = ShapeTableDiff(before: table, after: try Self.table(Self.base + "\n# a comment only\n"))
    #expect(diff.isUnchanged)
    #expect(diff.changedRows.isEmpty)
    #expect(diff.parametersBefore == table.totalParameters && diff.parametersAfter == table.totalParameters)
  }

  @Test func anotherInputSizeIsAChange() throws {
    let before = try Self.table(Self.base)
    // Three input channels: C1's kernels grow to 5×5×3, 6×75+6 = 456 parameters.
    let after = try Self.table(Self.base.replacingOccurrences(of: "input 1x32x32", with: "input 3x32x32"))
    let diff = ShapeTableDiff(before: before, after: after)
    #expect(diff.inputBefore == [1, 32, 32] && diff.inputAfter == [3, 32, 32])
    #expect(!diff.isUnchanged)
    #expect(diff.rows[0].after?.output == [6, 28, 28] && diff.rows[0].after?.parameters == 456)
  }
}
