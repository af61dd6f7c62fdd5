import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// The Explore inspector: its Double arithmetic must reproduce the engine's stored values
/// (relative 1e-5, and the same 4 printed decimals) and read exactly the maps the layer reads.
@Suite("Inspector")
struct InspectorTests {
  // MARK: - Fixtures

  /// LeNet-5 with the shipped weights after a forward pass of mnist:test:0.
  static func leNet() throws -> Network {
    let spec = try ModelCatalog.spec(named: "lenet5")
    let network = try Network(spec: spec)
    try Checkpoint.load(Fixtures.assets + "/weights/lenet5.safetensors", into: network)
    let x = try InputSource.load("mnist:test:0", for: spec, assets: Fixtures.assets).tensor
    network.forward(x, training: false)
    return network
  }

  /// A small grouped AlexNet (paper layout, width 1/8, 67×67 input) with seeded He weights,
  /// after a forward pass of two random images (so the sample index matters).
  static func alexNet() throws -> Network {
    let spec = try ModelCatalog.spec(named: "alexnet", width: 0.125, inputSize: 67)
    let network = try Network(spec: spec)
    network.initialize(seed: 3, scheme: .he)
    network.forward(TestTensors.random(spec.input.batch(2), seed: 5, in: -2...2), training: false)
    return network
  }

  static func explain(_ network: Network, _ name: String, sample: Int = 0, _ c: Int, _ y: Int = 0, _ x: Int = 0) throws
    -> Explanation
  {
    let layer = try #require(Inspector.layerIndex(named: name, in: network))
    return try Inspector.explain(network: network, layer: layer, sample: sample, channel: c, y: y, x: x)
  }

  /// The convolution called `name`.
  static func conv(_ network: Network, _ name: String) throws -> Conv2D {
    let index = try #require(network.layerIndex(named: name))
    return try #require(network.layers[index] as? Conv2D)
  }

  /// 4 decimals as the explanation prints them.
  static func printed(_ v: Double) -> String {
    let s = String(format: "%.4f", v)
    return s == "-0.0000" ? "0.0000" : s
  }

  /// Every recomputed intermediate equals the engine's: relative 1e-5 and the same printed
  /// 4 decimals (unless a rounding boundary falls between two values that agree to 1e-5).
  static func expectAgreement(_ e: Explanation, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!e.comparisons.isEmpty, sourceLocation: sourceLocation)
    for c in e.comparisons {
      #expect(c.agrees(tolerance: 1e-5), "\(e.position) \(c.name): \(c.recomputed) vs engine \(c.engine)",
              sourceLocation: sourceLocation)
      let a = printed(c.recomputed), b = printed(Double(c.engine))
      if a != b {
        let units = abs((c.recomputed * 1e4).rounded() - (Double(c.engine) * 1e4).rounded())
        #expect(units <= 1 && c.agrees(tolerance: 1e-5),
                "\(e.position) \(c.name) prints \(a) but the engine's \(b)", sourceLocation: sourceLocation)
      }
    }
    #expect(e.recomputed == e.comparisons.last?.recomputed || e.comparisons.first?.name.hasPrefix("penalty") == true,
            sourceLocation: sourceLocation)
  }

  // MARK: - LeNet-5 (shipped weights)

  @Test("conv: C1 and C5 (one map, and all 16 S4 maps) equal the engine")
  func leNetConvolutions() throws {
    let net = try Self.leNet()
    let c1 = try Self.explain(net, "C1", 2, 10, 12)
    Self.expectAgreement(c1)
    guard case .conv(let e) = c1 else { Issue.record("C1 is not a conv explanation"); return }
    #expect(e.inputMaps == [0])
    #expect(e.termCount == 25)
    #expect(e.receptiveField.rows == 10...14 && e.receptiveField.cols == 12...16)
    #expect(e.receptiveField.paddedCells == 0)
    #expect(abs(e.maps.reduce(0) { $0 + $1.sum } - e.sum) < 1e-12)
    #expect(abs(e.sum + e.bias - e.preActivation) < 1e-12)

    guard case .conv(let c5) = try Self.explain(net, "C5", 7) else { Issue.record("C5"); return }
    Self.expectAgreement(.conv(c5))
    #expect(c5.inputMaps == Array(0..<16))
    #expect(c5.termCount == 400)
  }

  @Test("C3 lists exactly Table I's S2 maps for every output map, and equals the engine")
  func c3FollowsTableI() throws {
    let net = try Self.leNet()
    let tableI: [[Int]] = [
      [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5],
      [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5],
      [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5], [0, 1, 2, 3, 4, 5],
    ]
    for o in 0..<16 {
      let explanation = try Self.explain(net, "C3", o, 4, 4)
      Self.expectAgreement(explanation)
      guard case .conv(let e) = explanation else { Issue.record("C3 is not a conv explanation"); return }
      #expect(e.inputMaps == tableI[o], "C3 map \(o)")
      #expect(e.usesTable && e.group == nil)
      #expect(e.maps.map(\.channel) == tableI[o])
      #expect(e.termCount == tableI[o].count * 25)
      #expect(e.inputName == "S2")
    }
  }

  @Test("sub-sampling S2 and S4: coefficient × sum + bias through the squashing")
  func leNetSubsampling() throws {
    let net = try Self.leNet()
    for (name, c, y, x) in [("S2", 3, 5, 6), ("S4", 11, 2, 1)] {
      let explanation = try Self.explain(net, name, c, y, x)
      Self.expectAgreement(explanation)
      guard case .pool(let e) = explanation else { Issue.record("\(name) is not a pool explanation"); return }
      #expect(e.kind == .subsampling)
      #expect(e.values.count == 4)
      #expect(e.rows == (2 * y)...(2 * y + 1) && e.cols == (2 * x)...(2 * x + 1))
      #expect(e.comparisons.map(\.name) == ["pre-activation", "output"])
    }
  }

  @Test("F6, the RBF penalties and the probabilities equal the engine")
  func leNetDenseLayers() throws {
    let net = try Self.leNet()
    let f6 = try Self.explain(net, "F6", 10)
    Self.expectAgreement(f6)
    guard case .fc(let fc) = f6 else { Issue.record("F6 is not an FC explanation"); return }
    #expect(fc.fanIn == 120 && fc.sourceName == "C5")
    #expect(fc.topTerms.count + fc.restCount == 120)
    #expect(abs(fc.topTerms.reduce(0) { $0 + $1.product } + fc.restSum - fc.sum) < 1e-9)
    let magnitudes = fc.topTerms.map { abs($0.product) }
    #expect(magnitudes == magnitudes.sorted(by: >))

    guard case .rbf(let rbf) = try Self.explain(net, "output", 7) else { Issue.record("output is not RBF"); return }
    Self.expectAgreement(.rbf(rbf))
    #expect(rbf.terms.count == 84 && rbf.classes.count == 10 && rbf.bitmapWidth == 7)
    // mnist:test:0 is a 7, and the shipped weights get it right: the smallest penalty.
    #expect(rbf.classes.min { $0.distance < $1.distance }?.classIndex == 7)

    let probabilities = try Self.explain(net, Inspector.probabilitiesName, 7)
    Self.expectAgreement(probabilities)
    guard case .softmax(let p) = probabilities else { Issue.record("not softmax"); return }
    #expect(p.fromPenalties)
    #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-12)
    #expect(p.recomputed > 0.9)
  }

  @Test("the text shows the engine's numbers and fits the width")
  func leNetText() throws {
    let net = try Self.leNet()
    let explanation = try Self.explain(net, "C3", 6, 4, 4)
    guard case .conv(let e) = explanation else { Issue.record("not conv"); return }
    let lines = explanation.lines(maxWidth: 100)
    #expect(lines.allSatisfy { $0.count <= 100 })
    let text = lines.joined(separator: "\n")
    #expect(text.contains("S2 maps 0, 1, 2, 3 (4 of 6)"))
    #expect(text.contains(Self.printed(e.sum)))
    #expect(text.contains(Self.printed(Double(e.engineOutput))))
    #expect(text.contains("Σ of 100 products"))
    #expect(!text.contains("✗"))
    // Narrow panels: wrapping prose is the front end's (the toolkit's TextWrapper), so the
    // check that every line is cut to 40 columns lives in ExploreExplainTests.narrowPanelsWrap.
  }

  // MARK: - Grouped AlexNet (seeded)

  @Test("AlexNet conv1: 3×11×11 terms, the text cut honestly but the total complete")
  func alexNetConv1() throws {
    let net = try Self.alexNet()
    let explanation = try Self.explain(net, "conv1", sample: 1, 5, 7, 3)
    Self.expectAgreement(explanation)
    guard case .conv(let e) = explanation else { Issue.record("not conv"); return }
    #expect(e.inputMaps == [0, 1, 2] && e.termCount == 363)
    let text = explanation.lines(maxWidth: 100).joined(separator: "\n")
    #expect(text.contains("more terms of this map not shown"))
    #expect(text.contains("Σ of 363 products"))
    #expect(text.contains(Self.printed(e.sum)))
    // The other sample gives another value: the sample index is honoured.
    let other = try Self.explain(net, "conv1", sample: 0, 5, 7, 3)
    Self.expectAgreement(other)
    #expect(other.engineValue != explanation.engineValue)
  }

  @Test("grouped conv2/conv4/conv5 read only their group's maps; padding is marked")
  func groupedConvolutions() throws {
    let net = try Self.alexNet()
    let conv2 = try Self.conv(net, "conv2")
    let cin = conv2.inputShape.c, cout = conv2.outputShape.c
    #expect(conv2.conv.groups == 2)
    // An output map of the second group, at the corner: padding 2 puts the field partly outside.
    let corner = try Self.explain(net, "conv2", sample: 1, cout - 1, 0, 0)
    Self.expectAgreement(corner)
    guard case .conv(let e) = corner else { Issue.record("not conv"); return }
    #expect(e.group == 1)
    #expect(e.inputMaps == Array((cin / 2)..<cin))
    #expect(e.receptiveField.rows == -2...2)
    #expect(e.receptiveField.paddedCells == 25 - 9)
    #expect(e.maps[0].patch.filter { $0 == nil }.count == 16)
    #expect(e.lines(maxWidth: 100).joined().contains("zero padding"))

    for (name, channel) in [("conv4", 0), ("conv5", 3), ("conv3", 1)] {
      let layer = try Self.conv(net, name)
      let explanation = try Self.explain(net, name, sample: 0, channel, 1, 2)
      Self.expectAgreement(explanation)
      guard case .conv(let g) = explanation else { Issue.record("not conv"); return }
      let cinG = layer.inputShape.c / layer.conv.groups
      let group = channel / (layer.outputShape.c / layer.conv.groups)
      #expect(g.inputMaps == Array((group * cinG)..<((group + 1) * cinG)), "\(name)")
      #expect(g.group == (layer.conv.groups > 1 ? group : nil))
    }
  }

  @Test("AlexNet max pooling: the winner is the engine's argmax")
  func alexNetMaxPooling() throws {
    let net = try Self.alexNet()
    for (name, c, y, x) in [("pool1", 4, 3, 2), ("pool2", 9, 1, 0), ("pool5", 20, 0, 0)] {
      let explanation = try Self.explain(net, name, sample: 1, c, y, x)
      Self.expectAgreement(explanation)
      guard case .pool(let e) = explanation else { Issue.record("not pool"); return }
      #expect(e.kind == .max && e.values.count == 9)
      #expect(e.winner != nil && e.winner == e.engineWinner, "\(name)")
      #expect(e.output == e.values.max())
    }
  }

  @Test("LRN: the neighbouring maps (clipped at the edges) and the formula equal the engine")
  func alexNetLRN() throws {
    let net = try Self.alexNet()
    for (c, expected) in [(0, Array(0...2)), (5, Array(3...7)), (11, Array(9...11))] {
      let explanation = try Self.explain(net, "lrn1", sample: 1, c, 6, 9)
      Self.expectAgreement(explanation)
      guard case .lrn(let e) = explanation else { Issue.record("not LRN"); return }
      #expect(e.neighbours == expected)
      #expect(e.comparisons.map(\.name) == ["LRN base s", "output"])
      #expect(e.k == 2 && e.beta == 0.75)
    }
    Self.expectAgreement(try Self.explain(net, "lrn2", sample: 0, 7, 2, 3))
  }

  @Test("AlexNet FC layers, flatten, dropout and the softmax equal the engine")
  func alexNetDense() throws {
    let net = try Self.alexNet()
    let fc6 = try Self.explain(net, "fc6", sample: 1, 100)
    Self.expectAgreement(fc6)
    guard case .fc(let e) = fc6 else { Issue.record("not FC"); return }
    #expect(e.sourceName == "pool5")  // looked through flatten
    #expect(e.sourceLabel(3).hasPrefix("pool5 map 3"))
    for name in ["fc7", "fc8"] { Self.expectAgreement(try Self.explain(net, name, sample: 1, 17)) }
    Self.expectAgreement(try Self.explain(net, "flatten", sample: 1, 5))
    Self.expectAgreement(try Self.explain(net, "drop6", sample: 1, 5))
    let softmax = try Self.explain(net, "probabilities", sample: 1, 926)
    Self.expectAgreement(softmax)
    guard case .softmax(let p) = softmax else { Issue.record("not softmax"); return }
    #expect(!p.fromPenalties && p.logits.count == 1000)
    #expect(softmax.lines(maxWidth: 100).contains { $0.contains("more classes") })
  }

  // MARK: - Misuse

  @Test("asking before a forward pass, or outside the output, is an error naming the layer")
  func errors() throws {
    let fresh = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    #expect(throws: EngineError.self) { try Inspector.explain(network: fresh, layer: 0, sample: 0, channel: 0, y: 0, x: 0) }
    let net = try Self.leNet()
    #expect(throws: EngineError("C3", "(16, 0, 0) is outside its 16×10×10 output")) {
      try Self.explain(net, "C3", 16, 0, 0)
    }
    #expect(throws: EngineError.self) { try Self.explain(net, "C1", sample: 1, 0, 0, 0) }
    #expect(throws: EngineError.self) { try Inspector.explain(network: net, layer: 9, sample: 0, channel: 0, y: 0, x: 0) }
  }
}
