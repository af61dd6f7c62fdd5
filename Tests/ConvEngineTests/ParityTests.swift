import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Layer-by-layer numeric parity with PyTorch, on the fixtures committed in
/// `Tests/Fixtures/parity` (written by `make_parity_fixtures.py` there, whose docstring
/// defines the format).
///
/// The fixtures hold inputs and PyTorch's output of every engine layer, but no weights:
/// `ParityWeights` regenerates those bit-identically from the script's SplitMix64 contract.
/// Each layer must agree within 1e-4 of its own largest |value|, so a small layer deep in the
/// net is held to its own scale rather than to the input's.
///
/// The full-size cases (AlexNet at 227 px, torchvision's layout at 224 px) cost about
/// 0.7 GMAC per image and 61 M weights to draw; the sgemm runs in oneDNN even in a debug
/// build, so they take about a second each there and always run.
@Suite("PyTorch parity", .serialized)
struct ParityTests {
  /// Largest accepted max |ours − torch| as a fraction of the layer's max |torch| (and, for the
  /// sampled cases, of Σ|torch| for the sums).
  static let tolerance = 1e-4

  /// Fixtures with every value stored (small inputs; about a second each in a debug build).
  /// The 0.25-width torchvision net at 159 px is there for its 4×4 → 6×6 adaptive pool (mixed
  /// 1- and 2-wide windows) and its batch of 1 (the FC layers' matrix-vector path).
  static let smallCases = [
    "lenet5", "lenet5-modern", "alexnet-67px", "alexnet-ungrouped-67px", "alexnet-torchvision-95px",
    "alexnet-torchvision@0.25-159px",
  ]
  /// Fixtures with strided samples plus sums (the papers' input sizes, batch 1).
  static let fullSizeCases = ["alexnet", "alexnet-torchvision"]

  // MARK: - The cases

  @Test("small inputs, every value", arguments: smallCases)
  func smallInput(_ name: String) throws {
    try Self.check(name)
  }

  @Test("full-size inputs, sampled values and sums", arguments: fullSizeCases)
  func fullSizeInput(_ name: String) throws {
    try Self.check(name)
  }

  @Test("every fixture file is checked")
  func everyFixtureIsListed() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: ParityFixture.directory)
      .filter { $0.hasSuffix(".safetensors") }
      .map { String($0.dropLast(".safetensors".count)) }
    #expect(Set(files) == Set(Self.smallCases + Self.fullSizeCases))
  }

  // MARK: - The contract itself

  @Test("SplitMix64 streams and amplitudes match the fixture script")
  func generatorMatchesScript() {
    // Values printed by make_parity_fixtures.py's `splitmix64` and `uniform_stream`.
    var rng = SplitMix64(seed: ParityWeights.parameterSeedBase)
    let first = (0..<3).map { _ in rng.next() }
    #expect(first == [0x1CC1_52E4_7D17_4D3C, 0x7F9B_63DB_EFC7_1284, 0xD048_E398_E6ED_EB3E])
    let x = ParityWeights.input(shape: Shape(n: 1, c: 1, h: 2, w: 2))
    #expect(x.array == [0x1.2a0858p-1, 0x1.b3916cp-1, 0x1.efa4cp-5, -0x1.2c72p-2])
    var w = [Float](repeating: 0, count: 3)
    w.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      ParityWeights.fillUniform(base, count: 3, seed: ParityWeights.parameterSeedBase + 2, amplitude: 0x1p-5)
    }
    #expect(w == [0x1.889d2p-9, -0x1.30eb6cp-6, -0x1.9b35ap-9])
    // 363 = AlexNet conv1, 1200 = grouped conv2, 2304 = conv3; powers of 2 with odd
    // exponents sit exactly on the rounding boundary and round up.
    let fanIns = [1, 2, 4, 8, 25, 150, 363, 1200, 2304, 4096, 9216]
    let exponents: [Int] = [0, 1, 1, 2, 2, 4, 4, 5, 6, 6, 7]
    #expect(fanIns.map { ParityWeights.amplitude(fanIn: $0) } == exponents.map { Float(sign: .plus, exponent: -$0, significand: 1) })
  }

  @Test("fill leaves C3's unconnected kernels and the RBF prototypes alone")
  func fillRespectsFixedValues() throws {
    let network = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    ParityWeights.fill(network)
    guard let c3 = network.layers[2] as? Conv2D, let rbf = network.layers.last as? RBFOutput else {
      Issue.record("LeNet-5 layers are not C3 = Conv2D and output = RBFOutput")
      return
    }
    let table = ConnectionTable.leNet5C3
    for o in 0..<16 {
      for i in 0..<6 {
        let kernel = (0..<25).map { c3.weight.value.pointer[(o * 6 + i) * 25 + $0] }
        if table.isConnected(output: o, input: i) {
          #expect(kernel.contains { $0 != 0 }, "C3 kernel \(o)←\(i) should be random")
        } else {
          #expect(kernel.allSatisfy { $0 == 0 }, "C3 kernel \(o)←\(i) is not in Table I and must be zero")
        }
      }
    }
    #expect(rbf.prototypes.value.array == Prototypes.vectors(classes: 10))
  }

  // MARK: - The comparison must catch broken layers

  /// The parity check is only worth having if a wrong layer fails it: run AlexNet's first two
  /// layers with LRN's α divided by n (PyTorch's and Caffe's convention, a classic porting slip)
  /// and expect lrn1, and only lrn1, to be flagged; then perturb one stored conv1 value.
  @Test("a wrong LRN convention or a changed fixture value fails the comparison")
  func comparisonCatchesBrokenLayers() throws {
    let fixture = try ParityFixture(named: "alexnet-67px")
    var spec = fixture.spec
    spec.layers = Array(spec.layers.prefix(2))
    guard case .lrn(let size, let alpha, let beta, let k) = spec.layers[1].kind else {
      Issue.record("alexnet's second layer is not LRN")
      return
    }
    spec.layers[1].kind = .lrn(size: size, alpha: alpha / Float(size), beta: beta, k: k)
    let network = try Network(spec: spec)
    ParityWeights.fill(network)
    network.forward(try fixture.input(), training: false)
    let results = try Self.compare(network, with: fixture)
    #expect(results.map(\.layer) == ["conv1", "lrn1"])
    #expect(results.first?.problems(tolerance: Self.tolerance) == [])
    let lrn = results.last
    #expect(lrn.map { !$0.problems(tolerance: Self.tolerance).isEmpty } == true,
            "α/n in LRN went unnoticed: normalised error \(lrn?.normalisedError ?? -1)")
    let isolated = try Self.compareIsolated(network, with: fixture)
    #expect(isolated.filter { !$0.problems(tolerance: Self.tolerance).isEmpty }.map(\.layer) == ["lrn1"])

    // The same network with the paper's α passes, and fails once one stored value moves by
    // 2·tolerance of the layer's scale.
    spec.layers[1].kind = .lrn(size: size, alpha: alpha, beta: beta, k: k)
    let correct = try Network(spec: spec)
    ParityWeights.fill(correct)
    correct.forward(try fixture.input(), training: false)
    #expect(try Self.compare(correct, with: fixture).allSatisfy { $0.problems(tolerance: Self.tolerance).isEmpty })
    var tampered = fixture
    guard let index = tampered.file.tensors.firstIndex(where: { $0.name == "conv1" }) else {
      Issue.record("alexnet-67px has no conv1 tensor")
      return
    }
    let scale = tampered.file.tensors[index].values.map(abs).max() ?? 0
    tampered.file.tensors[index].values[17] += Float(2 * Self.tolerance) * scale
    let flagged = try Self.compare(correct, with: tampered).filter { !$0.problems(tolerance: Self.tolerance).isEmpty }
    #expect(flagged.map(\.layer) == ["conv1"])
  }

  // MARK: - Running one fixture

  /// Builds the fixture's model, fills the contract weights, runs the stored input and records
  /// an issue when any layer is out of tolerance.
  ///
  /// An error early in the net spoils every later layer, so the end-to-end pass reports the
  /// first layer off and only names the rest. Fixtures that store every value also get a
  /// second pass that feeds each layer PyTorch's output of the layer before it: that pins the
  /// fault on the layers that are wrong themselves.
  static func check(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let clock = ContinuousClock()
    let start = clock.now
    let fixture = try ParityFixture(named: name)
    let network = try Network(spec: fixture.spec)
    #expect(network.savedParameters.map(\.name) == fixture.parameters,
            "\(name): the engine's parameter order is not the one the weights were generated in",
            sourceLocation: sourceLocation)
    #expect(network.layers.map(\.spec.name) == fixture.layers, "\(name): layer names differ",
            sourceLocation: sourceLocation)
    if let stored = fixture.file["output.prototypes"], let rbf = network.layers.last as? RBFOutput {
      #expect(stored.values == rbf.prototypes.value.array,
              "\(name): the script's copy of Prototypes.swift is out of date", sourceLocation: sourceLocation)
    }
    ParityWeights.fill(network)
    let x = try fixture.input()
    let filled = clock.now
    network.forward(x, training: false)
    let ran = clock.now

    let results = try compare(network, with: fixture)
    let failing = results.filter { !$0.problems(tolerance: tolerance).isEmpty }
    if let first = failing.first {
      let later: [String] = failing.dropFirst().map(\.layer)
      let problems: String = first.problems(tolerance: tolerance).joined(separator: "; ")
      let rest: String = later.isEmpty ? "" : " — later layers also off: " + later.joined(separator: ", ")
      Issue.record("\(name) \(first.layer): \(problems)\(rest)", sourceLocation: sourceLocation)
    }
    if !fixture.sampled {
      for result in try compareIsolated(network, with: fixture) {
        for problem in result.problems(tolerance: tolerance) {
          Issue.record("\(name) \(result.layer), fed PyTorch's input: \(problem)", sourceLocation: sourceLocation)
        }
      }
    }
    let worst = results.max { $0.normalisedError < $1.normalisedError }
    let layers = results.map { "\($0.layer) \(format($0.normalisedError))" }.joined(separator: " ")
    let sums = results.compactMap { r in r.sumError.flatMap { s in r.absSumError.map { max(s, $0) } } }.max()
    print("parity \(name): worst \(worst?.layer ?? "-") \(format(worst?.normalisedError ?? 0))"
      + (sums.map { ", sums within \(format($0))" } ?? "") + " "
      + "(set-up \(seconds(filled - start)), forward \(seconds(ran - filled)), compare \(seconds(clock.now - ran)))"
      + " | \(layers)")
  }

  /// How one engine layer's output compares with PyTorch's.
  struct LayerResult {
    var layer: String
    /// Values compared (all of them, or the strided sample).
    var compared = 0
    var maxError = 0.0
    var maxReference = 0.0
    /// NaN or infinite values in the engine's output.
    var nonFinite = 0
    /// |Σours − Σtorch| / Σ|torch| and |Σ|ours| − Σ|torch|| / Σ|torch| (sampled cases only).
    var sumError: Double?
    var absSumError: Double?
    var shapeProblem: String?

    /// max |ours − torch| / max |torch|.
    var normalisedError: Double { maxReference > 0 ? maxError / maxReference : maxError }

    /// What is wrong, empty when the layer agrees.
    func problems(tolerance: Double) -> [String] {
      var out: [String] = []
      if let shapeProblem { out.append(shapeProblem) }
      if nonFinite > 0 { out.append("\(nonFinite) non-finite values") }
      let f = ParityTests.format
      if !(normalisedError <= tolerance) {
        out.append("max |ours − torch| = \(f(maxError)) is \(f(normalisedError)) of max |torch| = "
          + "\(f(maxReference)) (tolerance \(f(tolerance)), \(compared) values)")
      }
      if let sumError, !(sumError <= tolerance) { out.append("Σ differs by \(f(sumError)) of Σ|torch|") }
      if let absSumError, !(absSumError <= tolerance) { out.append("Σ|·| differs by \(f(absSumError)) of Σ|torch|") }
      return out
    }
  }

  /// Compares every layer of `network` (after a forward pass) with the fixture's outputs.
  static func compare(_ network: Network, with fixture: ParityFixture) throws -> [LayerResult] {
    try zip(network.layers, network.outputs).map { layer, out in
      try compare(layer.spec.name, output: out, with: fixture)
    }
  }

  /// Runs each layer alone on PyTorch's output of the layer before it (the first on the input)
  /// and compares; needs a fixture that stores every value.
  static func compareIsolated(_ network: Network, with fixture: ParityFixture) throws -> [LayerResult] {
    precondition(!fixture.sampled, "isolated layers need every value of their input")
    var input = try fixture.input()
    var results: [LayerResult] = []
    for layer in network.layers {
      let out = layer.forward(input, training: false)
      results.append(try compare(layer.spec.name, output: out, with: fixture))
      let next = try fixture.tensor(layer.spec.name).values
      let shape = layer.outputShape.batch(fixture.batch)
      guard next.count == shape.count else {
        throw EngineError(fixture.path, "\(layer.spec.name) holds \(next.count) values, \(shape) needs \(shape.count)")
      }
      input = Tensor(shape: shape, values: next)
    }
    return results
  }

  /// Compares one layer's output with the fixture's values (all, or the strided sample and sums).
  static func compare(_ name: String, output out: Tensor, with fixture: ParityFixture) throws -> LayerResult {
    var result = LayerResult(layer: name)
    let torchShape = try fixture.shape(of: name)
    let ours = [out.shape.n, out.shape.c, out.shape.h, out.shape.w]
    // PyTorch writes vectors as [N, F]; the engine as (N, F, 1, 1).
    let padded = torchShape + [Int](repeating: 1, count: max(0, 4 - torchShape.count))
    guard padded == ours else {
      result.shapeProblem = "shape \(ours) but PyTorch's is \(torchShape)"
      return result
    }
    let reference = try fixture.tensor(name).values
    let stride = try fixture.stride(of: name)
    let expectedCount = (out.count + stride - 1) / stride
    guard reference.count == expectedCount else {
      result.shapeProblem = "fixture holds \(reference.count) values, expected \(expectedCount) at stride \(stride)"
      return result
    }
    let p = out.pointer
    for (j, ref) in reference.enumerated() {
      let value = p[j * stride]
      if !value.isFinite { result.nonFinite += 1; continue }
      result.maxError = max(result.maxError, abs(Double(value) - Double(ref)))
      result.maxReference = max(result.maxReference, abs(Double(ref)))
    }
    result.compared = reference.count
    if fixture.sampled {
      let sum = try fixture.scalar(name + ".sum"), absSum = try fixture.scalar(name + ".abs_sum")
      var ourSum = 0.0, ourAbsSum = 0.0
      for i in 0..<out.count {
        ourSum += Double(p[i])
        ourAbsSum += abs(Double(p[i]))
      }
      let scale = max(absSum, Double.leastNormalMagnitude)
      result.sumError = abs(ourSum - sum) / scale
      result.absSumError = abs(ourAbsSum - absSum) / scale
    }
    return result
  }

  static func format(_ x: Double) -> String { String(format: "%.2g", x) }

  static func seconds(_ d: Duration) -> String {
    let c = d.components
    return String(format: "%.2f s", Double(c.seconds) + Double(c.attoseconds) * 1e-18)
  }
}

/// One decoded fixture file and the engine model it describes.
struct ParityFixture {
  static let directory = Fixtures.packageRoot + "/Tests/Fixtures/parity"
  /// The generation contract these tests implement (ParityWeights); a newer script needs new tests.
  static let generator = "convscope-parity-1"

  let path: String
  var file: SafeTensorsFile
  let spec: ModelSpec
  let batch: Int
  let inputAmplitude: Float
  /// Whether tensors hold strided samples (plus sums) instead of every value.
  let sampled: Bool
  /// Engine layer names, in order, and the parameter names the weights were drawn for.
  let layers: [String]
  let parameters: [String]

  init(named name: String) throws {
    path = Self.directory + "/" + name + ".safetensors"
    file = try SafeTensors.read(path: path)
    let metadata = file.metadata
    let path = self.path
    func field(_ key: String) throws -> String {
      guard let value = metadata[key] else { throw EngineError(path, "metadata has no \"\(key)\"") }
      return value
    }
    func number<T: LosslessStringConvertible>(_ key: String, as _: T.Type) throws -> T {
      let text = try field(key)
      guard let value = T(text) else { throw EngineError(path, "metadata \"\(key)\" = \"\(text)\" is not a number") }
      return value
    }
    let generator = try field("generator")
    guard generator == Self.generator else {
      throw EngineError(path, "written by generator \"\(generator)\"; these tests implement \"\(Self.generator)\"")
    }
    let model = try field("model")
    let width = try number("width", as: Double.self)
    let size = try number("input_size", as: Int.self)
    // Only the AlexNets take a width and an input size; the LeNets reject them.
    let isAlexNet = ModelCatalog.isResizable(model)
    spec = try ModelCatalog.spec(named: model, width: width, inputSize: isAlexNet ? size : nil)
    guard spec.name == name, try field("spec_name") == name, spec.input.h == size, spec.input.w == size else {
      throw EngineError(path, "describes \(try field("spec_name")) at \(size) px, but the engine builds \(spec.name) "
        + "at \(spec.input.h)×\(spec.input.w)")
    }
    batch = try number("batch", as: Int.self)
    inputAmplitude = try number("input_amplitude", as: Float.self)
    sampled = try field("sampled") == "1"
    layers = try field("layers").split(separator: ",").map(String.init)
    parameters = try field("parameters").split(separator: ",").map(String.init)
  }

  func tensor(_ name: String) throws -> NamedTensor {
    guard let t = file[name] else { throw EngineError(path, "has no tensor \"\(name)\"") }
    return t
  }

  /// A one-value tensor (the sampled cases' sums) as Double.
  func scalar(_ name: String) throws -> Double {
    let t = try tensor(name)
    guard t.values.count == 1, let value = t.values.first else {
      throw EngineError(path, "\"\(name)\" should hold one value, holds \(t.values.count)")
    }
    return Double(value)
  }

  /// PyTorch's full output shape of `layer` (or of "input").
  func shape(of layer: String) throws -> [Int] {
    let key = "shape." + layer
    guard let text = file.metadata[key] else { throw EngineError(path, "metadata has no \"\(key)\"") }
    let dims = text.split(separator: ",").compactMap { Int($0) }
    guard !dims.isEmpty, dims.count == text.split(separator: ",").count else {
      throw EngineError(path, "metadata \"\(key)\" = \"\(text)\" is not a shape")
    }
    return dims
  }

  /// The flat-index step between stored values of `layer` (1 when everything is stored).
  func stride(of layer: String) throws -> Int {
    guard sampled else { return 1 }
    let key = "stride." + layer
    guard let text = file.metadata[key], let s = Int(text), s >= 1 else {
      throw EngineError(path, "metadata \"\(key)\" is missing or not a positive integer")
    }
    return s
  }

  /// The input batch, regenerated by the contract after checking it against the stored values
  /// bit for bit (so the generator on both sides is proven to agree, not assumed).
  func input() throws -> Tensor {
    let shape = Shape(n: batch, c: spec.input.c, h: spec.input.h, w: spec.input.w)
    guard try self.shape(of: "input") == [shape.n, shape.c, shape.h, shape.w] else {
      throw EngineError(path, "input shape \(try self.shape(of: "input")) is not \(shape)")
    }
    let x = ParityWeights.input(shape: shape, amplitude: inputAmplitude)
    let stored = try tensor("input").values
    let stride = try self.stride(of: "input")
    guard stored.count == (x.count + stride - 1) / stride else {
      throw EngineError(path, "holds \(stored.count) input values, expected \((x.count + stride - 1) / stride)")
    }
    if let i = stored.indices.first(where: { stored[$0] != x.pointer[$0 * stride] }) {
      throw EngineError(path, "stored input[\(i * stride)] = \(stored[i]) but ParityWeights generates "
        + "\(x.pointer[i * stride]): the generation contracts differ")
    }
    return x
  }
}
