import Foundation
import Testing
@testable import ConvEngine

/// The LeNet-5 specs against the paper's numbers (facts.md §1), and spec validation.
@Suite("Model specs")
struct ModelSpecTests {
  // MARK: - Expected tables (facts.md §1.3, §1.10)

  static let layerNames = ["C1", "S2", "C3", "S4", "C5", "F6", "output"]
  static let outputShapes: [[Int]] = [[6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 5, 5], [120, 1, 1], [84, 1, 1], [10, 1, 1]]

  /// One model's expected per-layer figures.
  struct Expected: Sendable, CustomTestStringConvertible {
    var model: String
    var parameters: [Int]
    var totalParameters: Int
    var macs: [Int]
    var totalMACs: Int
    var testDescription: String { model }
  }

  static let expected: [Expected] = [
    // 156 + 12 + 1,516 + 32 + 48,120 + 10,164 + 0 = 60,000 ("60,000 trainable free parameters").
    Expected(model: "lenet5", parameters: [156, 12, 1_516, 32, 48_120, 10_164, 0], totalParameters: 60_000,
             macs: [117_600, 0, 150_000, 0, 48_000, 10_080, 840], totalMACs: 326_520),
    // Full C3 (16×6 kernels), parameter-free pooling, 84→10 linear output.
    Expected(model: "lenet5-modern", parameters: [156, 0, 2_416, 0, 48_120, 10_164, 850], totalParameters: 61_706,
             macs: [117_600, 0, 240_000, 0, 48_000, 10_080, 840], totalMACs: 416_520),
  ]

  // MARK: - Shape table

  @Test("parameters per layer and in total", arguments: expected)
  func parameterCounts(_ e: Expected) throws {
    let table = try ModelCatalog.spec(named: e.model).shapeTable()
    #expect(table.rows.map(\.name) == Self.layerNames)
    #expect(table.rows.map(\.parameters) == e.parameters)
    #expect(table.totalParameters == e.totalParameters)
  }

  @Test("output shapes 6×28×28 → 6×14×14 → 16×10×10 → 16×5×5 → 120 → 84 → 10", arguments: expected)
  func outputShapes(_ e: Expected) throws {
    let spec = try ModelCatalog.spec(named: e.model)
    let table = try spec.shapeTable()
    #expect(table.input == [1, 32, 32])
    #expect(table.rows.map(\.output) == Self.outputShapes)
    #expect(table.rows.map(\.outputDescription) == ["6×28×28", "6×14×14", "16×10×10", "16×5×5", "120", "84", "10"])
    #expect(try spec.layerShapes().map { [$0.c, $0.h, $0.w] } == Self.outputShapes)
  }

  @Test("multiply-accumulates per image", arguments: expected)
  func macs(_ e: Expected) throws {
    let table = try ModelCatalog.spec(named: e.model).shapeTable()
    #expect(table.rows.map(\.macs) == e.macs)
    #expect(table.totalMACs == e.totalMACs)
  }

  @Test("derivation strings show the arithmetic")
  func derivations() throws {
    let classic = try ModelCatalog.spec(named: "lenet5").shapeTable().rows
    #expect(classic[0].derivation == "6×(5×5×1)+6 = 156")
    #expect(classic[1].derivation == "6×(1+1) = 12")
    #expect(classic[2].derivation == "60×(5×5)+16 = 1,516")
    #expect(classic[4].derivation == "120×(5×5×16)+120 = 48,120")
    #expect(classic[5].derivation == "84×120+84 = 10,164")
    #expect(classic[6].derivation.hasPrefix("0"))
    #expect(classic[6].fixedValues == 840)
    let modern = try ModelCatalog.spec(named: "lenet5-modern").shapeTable().rows
    #expect(modern[2].derivation == "16×(5×5×6)+16 = 2,416")
    #expect(modern[6].derivation == "10×84+10 = 850")
    // Every row's derivation ends in its own count, written with thousands separators.
    for row in classic + modern where row.parameters > 0 {
      #expect(row.derivation.hasSuffix("= \(row.parameters.grouped)"), "\(row.name): \(row.derivation)")
    }
  }

  @Test("thousands separators")
  func grouping() {
    #expect(60_000.grouped == "60,000")
    #expect(1_516.grouped == "1,516")
    #expect(156.grouped == "156")
    #expect(60_965_224.grouped == "60,965,224")
  }

  // MARK: - Allocated networks

  /// Entries of a parameter that are free to train (mask ≠ 0).
  private static func freeCount(_ p: Parameter) -> Int {
    p.mask.map { $0.filter { $0 != 0 }.count } ?? p.count
  }

  @Test("Network(spec:) allocates, per layer, the free parameters the table counts", arguments: expected)
  func allocatedFreeParameters(_ e: Expected) throws {
    let spec = try ModelCatalog.spec(named: e.model)
    let network = try Network(spec: spec)
    let rows = try spec.shapeTable().rows
    for (layer, row) in zip(network.layers, rows) {
      #expect(layer.parameters.map(Self.freeCount).reduce(0, +) == row.parameters, "\(row.name)")
    }
    #expect(network.parameters.map(Self.freeCount).reduce(0, +) == e.totalParameters)
  }

  @Test("Network.parameterCount (\"total trainable values\") equals the table's total", arguments: expected)
  func parameterCountMatchesTable(_ e: Expected) throws {
    let spec = try ModelCatalog.spec(named: e.model)
    let network = try Network(spec: spec)
    // For the classic net the 36 unconnected C3 kernels (900 values) are stored but masked
    // to zero; they are not trainable and the paper's 60,000 does not count them.
    let total = try spec.shapeTable().totalParameters
    #expect(network.parameterCount == total)
  }

  @Test("initialised classic C3 has exactly zero weights where Table I has no connection")
  func initialisedMaskedWeightsAreZero() throws {
    let network = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    network.initialize(seed: 1)
    let c3 = try #require(network.layers[2] as? Conv2D)
    let mask = try #require(c3.weight.mask)
    let w = c3.weight.value.array
    #expect(mask.indices.allSatisfy { mask[$0] != 0 || w[$0] == 0 })
    #expect(mask.indices.filter { mask[$0] != 0 }.allSatisfy { w[$0] != 0 })
  }

  // MARK: - C3 connection table (Table I)

  /// Table I by C3 map: the S2 maps feeding each (facts.md §1.4, typed in independently).
  static let tableIByOutput: [[Int]] = [
    [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5],  // contiguous triples
    [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5],  // contiguous quadruples
    [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],  // non-contiguous quadruples
    [0, 1, 2, 3, 4, 5],  // all six
  ]

  /// The same table as the paper draws it: rows are S2 maps, columns C3 maps 0–15.
  static let tableIDrawing = """
          0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
    S2-0  X           X  X  X        X  X  X  X     X  X
    S2-1  X  X           X  X  X        X  X  X  X     X
    S2-2  X  X  X           X  X  X        X     X  X  X
    S2-3     X  X  X        X  X  X  X        X     X  X
    S2-4        X  X  X        X  X  X  X     X  X     X
    S2-5           X  X  X        X  X  X  X     X  X  X
    """

  @Test("C3's connection table is Table I, cell for cell")
  func c3TableIsTableI() {
    let table = ConnectionTable.leNet5C3
    #expect(table.outputs == 16 && table.inputs == 6)
    for (output, inputs) in Self.tableIByOutput.enumerated() {
      #expect(table.inputs(of: output) == inputs, "C3 map \(output)")
    }
    // Cross-check against the drawing: column c sits at character 6 + 3c of each row.
    let rows = Self.tableIDrawing.split(separator: "\n").dropFirst().map(Array.init)
    #expect(rows.count == 6)
    for (input, row) in rows.enumerated() {
      for output in 0..<16 {
        let marked = 6 + 3 * output < row.count && row[6 + 3 * output] == "X"
        #expect(table.isConnected(output: output, input: input) == marked, "S2-\(input) → C3 map \(output)")
      }
    }
  }

  @Test("C3: 60 kernels, and every S2 map feeds exactly 10 C3 maps")
  func c3TableCounts() throws {
    let table = ConnectionTable.leNet5C3
    #expect(table.connectionCount == 60)
    for input in 0..<6 {
      #expect((0..<16).filter { table.isConnected(output: $0, input: input) }.count == 10, "S2-\(input)")
    }
    // The classic spec really uses it, and the modern one does not.
    guard case .conv(let classicC3) = try ModelCatalog.spec(named: "lenet5").layers[2].kind,
          case .conv(let modernC3) = try ModelCatalog.spec(named: "lenet5-modern").layers[2].kind
    else {
      Issue.record("C3 is not a convolution")
      return
    }
    #expect(classicC3.table == .leNet5C3)
    #expect(modernC3.table == nil)
  }

  // MARK: - RBF prototypes

  @Test("prototypes: 10 distinct 7×12 bitmaps of ±1 (84 values each)")
  func prototypes() {
    #expect(Prototypes.width * Prototypes.height == 84)
    #expect(Prototypes.digits.count == 10)
    for (d, rows) in Prototypes.digits.enumerated() {
      #expect(rows.count == 12, "digit \(d)")
      #expect(rows.allSatisfy { $0.count == 7 && $0.allSatisfy { $0 == "#" || $0 == "." } }, "digit \(d)")
    }
    let values = Prototypes.vectors(classes: 10)
    #expect(values.count == 840)
    #expect(values.allSatisfy { $0 == 1 || $0 == -1 })
    let vectors = (0..<10).map { Array(values[($0 * 84)..<($0 * 84 + 84)]) }
    #expect(Set(vectors).count == 10)
  }

  // MARK: - Validation

  /// A one-layer model on a `input` image.
  private static func model(_ layer: LayerSpec, input: Shape) -> ModelSpec {
    ModelSpec(name: "bad", title: "bad", input: input, layers: [layer], head: .softmax, classes: 10,
              preprocessing: .leNetPad32, defaultInit: .he)
  }

  /// A layer that cannot fit its input, and why.
  struct BadLayer: Sendable, CustomTestStringConvertible {
    var label: String
    var layer: LayerSpec
    var input: Shape
    var testDescription: String { label }
  }

  static let badLayers: [BadLayer] = [
    BadLayer(label: "kernel larger than the input", layer: LayerSpec("Cbig", .conv(ConvSpec(outChannels: 2, kernel: 7))),
             input: Shape(n: 1, c: 1, h: 5, w: 5)),
    BadLayer(label: "kernel one larger than the input", layer: LayerSpec("Cplus1", .conv(ConvSpec(outChannels: 2, kernel: 5))),
             input: Shape(n: 1, c: 1, h: 4, w: 4)),
    // ⌊(4 − 5)/2⌋ + 1 = 0 by the floor rule; truncating division makes it 1.
    BadLayer(label: "kernel larger than the input, stride 2",
             layer: LayerSpec("Cstride", .conv(ConvSpec(outChannels: 2, kernel: 5, stride: 2))),
             input: Shape(n: 1, c: 1, h: 4, w: 4)),
    BadLayer(label: "input channels not divisible by groups",
             layer: LayerSpec("Cgroups", .conv(ConvSpec(outChannels: 4, kernel: 3, groups: 2))),
             input: Shape(n: 1, c: 3, h: 8, w: 8)),
    BadLayer(label: "output channels not divisible by groups",
             layer: LayerSpec("Cgroups2", .conv(ConvSpec(outChannels: 3, kernel: 3, groups: 2))),
             input: Shape(n: 1, c: 4, h: 8, w: 8)),
    BadLayer(label: "connection table of the wrong size",
             layer: LayerSpec("Ctable", .conv(ConvSpec(outChannels: 16, kernel: 5, table: .leNet5C3))),
             input: Shape(n: 1, c: 4, h: 14, w: 14)),
    BadLayer(label: "pool window larger than the input", layer: LayerSpec("Pbig", .pool(.max, size: 3, stride: 2)),
             input: Shape(n: 1, c: 2, h: 2, w: 2)),
    BadLayer(label: "sub-sampling blocks that do not tile the input", layer: LayerSpec("Sodd", .subsample(window: 2)),
             input: Shape(n: 1, c: 2, h: 5, w: 5)),
  ]

  @Test("a layer that does not fit throws EngineError naming the layer", arguments: badLayers)
  func badSpecThrows(_ bad: BadLayer) {
    let spec = Self.model(bad.layer, input: bad.input)
    for attempt in ["shapeTable", "Network"] {
      do {
        if attempt == "shapeTable" { _ = try spec.shapeTable() } else { _ = try Network(spec: spec) }
        Issue.record("\(attempt) accepted \(bad.label)")
      } catch let error as EngineError {
        #expect(error.subject == "bad")
        #expect(error.description.contains("layer \(bad.layer.name)"), "\(attempt): \(error)")
      } catch {
        Issue.record("\(attempt) threw \(type(of: error)), not EngineError: \(error)")
      }
    }
  }

  // Specs that crash the validator (or the layer it lets through) instead of throwing. Each
  // runs in a child process, so a trap fails only its own test.

  @Test("stride 0 is reported, not a crash")
  func zeroStrideThrows() async {
    await #expect(processExitsWith: .success) {
      exitAfterValidating(LayerSpec("C0", .conv(ConvSpec(outChannels: 2, kernel: 3, stride: 0))),
                          input: Shape(n: 1, c: 1, h: 8, w: 8))
    }
  }

  @Test("a 0×0 sub-sampling window is reported, not a crash")
  func zeroWindowThrows() async {
    await #expect(processExitsWith: .success) {
      exitAfterValidating(LayerSpec("S0", .subsample(window: 0)), input: Shape(n: 1, c: 2, h: 8, w: 8))
    }
  }

  @Test("a connection table on a grouped conv is reported, not a crash")
  func tableWithGroupsThrows() async {
    await #expect(processExitsWith: .success) {
      let diagonal = ConnectionTable(outputs: 4, inputs: 4, connected: (0..<16).map { $0 / 4 == $0 % 4 })
      exitAfterValidating(LayerSpec("Cg", .conv(ConvSpec(outChannels: 4, kernel: 3, groups: 2, table: diagonal))),
                          input: Shape(n: 1, c: 4, h: 8, w: 8))
    }
  }

  @Test("the floor rule for output sizes: 227 → 55 and 224 → 54 (55 with padding 2)")
  func floorRule() {
    let conv1 = ConvSpec(outChannels: 96, kernel: 11, stride: 4)
    func size(_ c: ConvSpec, _ n: Int) -> [Int] { let (h, w) = c.outputSize(h: n, w: n); return [h, w] }
    #expect(size(conv1, 227) == [55, 55])
    #expect(size(conv1, 224) == [54, 54])
    #expect(size(ConvSpec(outChannels: 64, kernel: 11, stride: 4, padding: 2), 224) == [55, 55])
  }

  @Test("model names")
  func catalog() throws {
    // Other spellings name the same model.
    let classic = try ModelCatalog.spec(named: "lenet5"), modern = try ModelCatalog.spec(named: "lenet5-modern")
    #expect(try ModelCatalog.spec(named: "LeNet-5") == classic && classic.name == "lenet5")
    #expect(try ModelCatalog.spec(named: "LeNet-5-modern") == modern && modern.name == "lenet5-modern")
    #expect(throws: EngineError.self) { try ModelCatalog.spec(named: "alexnet-9000") }
  }
}

/// Validates and builds a one-layer model, then exits: 0 if it was rejected with an
/// `EngineError`, 1 if it was accepted, 2 for any other error. (For exit tests, which
/// cannot capture values.)
private func exitAfterValidating(_ layer: LayerSpec, input: Shape) -> Never {
  let spec = ModelSpec(name: "bad", title: "bad", input: input, layers: [layer], head: .softmax, classes: 10,
                       preprocessing: .leNetPad32, defaultInit: .he)
  do {
    _ = try spec.shapeTable()
    _ = try Network(spec: spec)
    exit(1)
  } catch {
    exit(error is EngineError ? 0 : 2)
  }
}

/// Hyper-parameters print as people write them.
@Suite struct CompactNumberTests {
  @Test(arguments: [(Float(1e-4), "1e-4"), (0.75, "0.75"), (2, "2"), (5e-4, "5e-4"), (0.5, "0.5")])
  func compact(value: Float, text: String) {
    #expect(value.compact == text)
  }

  @Test func alexNetSummaryShowsThePapersLRNConstants() throws {
    let rows = try ModelCatalog.spec(named: "alexnet").shapeTable().rows
    #expect(rows.first { $0.name == "lrn1" }?.details == "n=5 k=2 α=1e-4 β=0.75")
  }
}
