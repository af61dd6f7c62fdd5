import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Weights in and out: the contract's names and shapes, and clear rejections.
@Suite struct CheckpointTests {
  func network(_ spec: ModelSpec, seed: UInt64) throws -> Network {
    let n = try Network(spec: spec)
    n.initialize(seed: seed)
    return n
  }

  @Test func contractNamesAndShapes() throws {
    let classic = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5"), seed: 1))
    #expect(classic.map(\.name) == ["C1.weight", "C1.bias", "S2.weight", "S2.bias", "C3.weight", "C3.bias",
                                    "S4.weight", "S4.bias", "C5.weight", "C5.bias", "F6.weight", "F6.bias",
                                    "output.prototypes"])
    #expect(classic.map(\.shape) == [[6, 1, 5, 5], [6], [6], [6], [16, 6, 5, 5], [16], [16], [16],
                                     [120, 16, 5, 5], [120], [84, 120], [84], [10, 84]])
    let modern = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5-modern"), seed: 1))
    #expect(modern.last?.name == "output.bias")
    #expect(modern.first { $0.name == "output.weight" }?.shape == [10, 84])
  }

  @Test(arguments: [try ModelCatalog.spec(named: "lenet5"), try ModelCatalog.spec(named: "lenet5-modern")])
  func roundTripGivesIdenticalOutputs(spec: ModelSpec) throws {
    let dir = Fixtures.temporaryDirectory()
    let path = dir + "/w.safetensors"
    let a = try network(spec, seed: 9)
    try Checkpoint.save(a, to: path, metadata: ["note": "test"])
    let b = try Network(spec: spec)
    try Checkpoint.load(path, into: b)
    let data = try Fixtures.mnistTest(first: 4)
    let x = Tensor(zeros: spec.input.batch(4))
    InputEncoder.fill(x, labels: nil, from: data, indices: 0..<4, preprocessing: spec.preprocessing)
    #expect(a.forward(x, training: false).array == b.forward(x, training: false).array)
    #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
  }

  func rejection(_ tensors: [NamedTensor], metadata: [String: String] = [:], for spec: ModelSpec) throws -> String {
    let dir = Fixtures.temporaryDirectory()
    let path = dir + "/bad.safetensors"
    try SafeTensors.write(tensors, metadata: metadata, to: path)
    do {
      try Checkpoint.load(path, into: try Network(spec: spec))
    } catch let e as EngineError {
      #expect(e.subject == path)
      return e.problem
    }
    Issue.record("no error for a mismatched file")
    return ""
  }

  @Test func rejectsWrongShapeNamingTheTensor() throws {
    var t = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5-modern"), seed: 1))
    let c3 = try #require(t.firstIndex { $0.name == "C3.weight" })
    t[c3] = NamedTensor(name: "C3.weight", shape: [16, 6, 3, 3], values: Array(repeating: 0, count: 16 * 6 * 9))
    let problem = try rejection(t, for: try ModelCatalog.spec(named: "lenet5-modern"))
    #expect(problem.contains("\"C3.weight\" has shape [16, 6, 3, 3]"))
    #expect(problem.contains("[16, 6, 5, 5]"))
  }

  @Test func rejectsUnknownAndMissingTensors() throws {
    var t = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5-modern"), seed: 1))
    t.append(NamedTensor(name: "conv9.weight", shape: [1], values: [0]))
    #expect(try rejection(t, for: try ModelCatalog.spec(named: "lenet5-modern")).contains("\"conv9.weight\" is not a parameter of lenet5-modern"))
    t.removeLast()
    t.removeAll { $0.name == "F6.bias" }
    #expect(try rejection(t, for: try ModelCatalog.spec(named: "lenet5-modern")).contains("\"F6.bias\" is missing"))
  }

  @Test func rejectsAnotherModelsWeights() throws {
    let t = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5"), seed: 1))
    #expect(try rejection(t, metadata: ["model": "lenet5"], for: try ModelCatalog.spec(named: "lenet5-modern")).contains("model \"lenet5\""))
  }

  @Test func prototypesAreOptionalAndTakenFromTheFile() throws {
    var t = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5"), seed: 1))
    let dir = Fixtures.temporaryDirectory()
    t.removeLast()
    try SafeTensors.write(t, to: dir + "/noproto.safetensors")
    let n = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    try Checkpoint.load(dir + "/noproto.safetensors", into: n)
    let rbf = try #require(n.layers.last as? RBFOutput)
    #expect(rbf.prototypes.value.array == Prototypes.vectors(classes: 10))
    t.append(NamedTensor(name: "output.prototypes", shape: [10, 84], values: Array(repeating: 0.5, count: 840)))
    try SafeTensors.write(t, to: dir + "/proto.safetensors")
    try Checkpoint.load(dir + "/proto.safetensors", into: n)
    #expect(rbf.prototypes.value.array == Array(repeating: 0.5, count: 840))
  }

  @Test func unconnectedC3KernelsAreZeroedOnLoad() throws {
    var t = Checkpoint.tensors(of: try network(try ModelCatalog.spec(named: "lenet5"), seed: 1))
    let i = t.firstIndex { $0.name == "C3.weight" }!
    t[i].values = Array(repeating: 1, count: t[i].values.count)
    let dir = Fixtures.temporaryDirectory()
    try SafeTensors.write(t, to: dir + "/dense.safetensors")
    let n = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    try Checkpoint.load(dir + "/dense.safetensors", into: n)
    let c3 = try #require(n.layers[2] as? Conv2D)
    #expect(c3.weight.value.array.reduce(0, +) == 60 * 25)
  }
}
