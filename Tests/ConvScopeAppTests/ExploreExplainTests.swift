import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// The explain view's content: every product and the engine check for each layer kind, the
/// receptive fields it outlines, and the guarantee that it always explains the selected value.
@Suite struct ExploreExplainTests {
  /// A network as the Explore screen builds it, after one pass on `input`.
  static func network(_ model: String, input: String) throws -> Network {
    let spec = try #require(ModelChoice(model)).spec()
    let network = try Network(spec: spec)
    if model.hasPrefix("lenet5") {
      try Checkpoint.load(Fixtures.assets + "/weights/\(spec.name).safetensors", into: network)
    } else {
      network.initialize(seed: 1)
    }
    network.forward(try InputSource.load(input, for: spec, assets: Fixtures.assets).tensor, training: false)
    return network
  }

  /// The numbers in `lines`, in reading order, as the text writes them.
  static func numbers(_ lines: [String]) -> [String] {
    lines.joined(separator: " ").split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" })
      .map(String.init).filter { Double($0) != nil && $0.contains(".") }
  }

  /// Whether `wanted` occurs in `tokens` in order (other numbers may sit between).
  static func inOrder(_ wanted: [String], in tokens: [String]) -> Bool {
    var i = 0
    for t in tokens where i < wanted.count && t == wanted[i] { i += 1 }
    return i == wanted.count
  }

  static func fixed(_ v: Double) -> String {
    let t = String(format: "%.4f", v)
    return t == "-0.0000" ? "0.0000" : t
  }

  /// Checks that every product of every input map is in the text, in order, and that each
  /// engine check says it agrees.
  static func expectEveryProduct(_ network: Network, layer: Int, key: ExploreValueKey, width: Int = 160) throws {
    let explanation = try NetworkCache.explanation(network, key: key, width: width)
    guard case .conv(let conv) = try Inspector.explain(network: network, layer: layer, sample: 0, channel: key.channel,
                                                       y: key.y, x: key.x)
    else {
      Issue.record("layer \(layer) is not a convolution")
      return
    }
    let tokens = numbers(explanation.lines)
    for map in conv.maps {
      #expect(inOrder(map.products.map(fixed), in: tokens), "products of input map \(map.channel)")
      #expect(explanation.lines.contains { $0.contains("map \(map.channel): Σ x·w = \(fixed(map.sum))") })
    }
    #expect(explanation.lines.contains { $0.contains("= pre-activation a") && $0.contains("✓") })
    #expect(explanation.lines.contains { $0.contains("output y") && $0.contains("✓") })
    #expect(explanation.agrees)
    #expect(explanation.previousMaps == conv.inputMaps)
  }

  /// Narrow panels still get every line cut to size (moved here from the engine's
  /// InspectorTests when wrapping moved to the toolkit), and wrapping loses no number.
  @Test func narrowPanelsWrap() throws {
    let net = try Self.network("lenet5", input: "mnist:test:0")
    let layer = try #require(Inspector.layerIndex(named: "C3", in: net))
    let explanation = try Inspector.explain(network: net, layer: layer, sample: 0, channel: 6, y: 4, x: 4)
    let unwrapped = explanation.lines(maxWidth: 40, limits: .compact)
    let wrapped = explanation.wrappedLines(width: 40, limits: .compact)
    #expect(unwrapped.contains { $0.count > 40 })
    #expect(wrapped.allSatisfy { $0.count <= 40 })
    #expect(wrapped.count > unwrapped.count)
    #expect(Self.numbers(wrapped) == Self.numbers(unwrapped))
  }

  @Test func c3ShowsEveryProductOfItsTableIMaps() throws {
    let network = try Self.network("lenet5", input: "mnist:test:0")
    // C3 map 15 reads all six S2 maps; map 0 reads three (Table I).
    for channel in [0, 6, 15] {
      try Self.expectEveryProduct(network, layer: 2, key: ExploreValueKey(layer: 3, channel: channel, y: 4, x: 7))
    }
    let e = try NetworkCache.explanation(network, key: ExploreValueKey(layer: 3, channel: 0, y: 4, x: 7), width: 100)
    #expect(e.source == "reads 3 of 6 S2 maps (Table I): 0, 1, 2")
    #expect(e.lines.contains { $0.contains("Table I") })
  }

  @Test func groupedAlexNetConvShowsItsGroupsProducts() throws {
    let network = try Self.network("alexnet@0.25", input: Fixtures.assets + "/images/chelsea_227.ppm")
    let conv2 = try #require(network.layerIndex(named: "conv2"))
    let outputs = network.layers[conv2].outputShape.c
    // A map of the second group reads only the second half of pool1's maps.
    let key = ExploreValueKey(layer: conv2 + 1, channel: outputs - 1, y: 3, x: 5)
    try Self.expectEveryProduct(network, layer: conv2, key: key, width: 200)
    let e = try NetworkCache.explanation(network, key: key, width: 200)
    #expect(e.source.hasPrefix("group 2 of 2"))
    let inputs = network.layers[conv2].inputShape.c
    #expect(e.previousMaps == Array((inputs / 2)..<inputs))
  }

  @Test func subsamplingAndMaxPoolingShowTheirWindowAndCheck() throws {
    let lenet = try Self.network("lenet5", input: "mnist:test:0")
    let s2 = try NetworkCache.explanation(lenet, key: ExploreValueKey(layer: 2, channel: 1, y: 3, x: 4), width: 100)
    guard case .pool(let pool) = try Inspector.explain(network: lenet, layer: 1, sample: 0, channel: 1, y: 3, x: 4) else {
      Issue.record("S2 is not explained as sub-sampling")
      return
    }
    #expect(Self.inOrder(pool.values.map(Self.fixed), in: Self.numbers(s2.lines)))
    #expect(s2.lines.contains { $0.contains("✓") } && s2.agrees)
    #expect(s2.previousField == FieldSpan(rows: 6...7, cols: 8...9))
    let modern = try Self.network("lenet5-modern", input: "mnist:test:0")
    let s2m = try NetworkCache.explanation(modern, key: ExploreValueKey(layer: 2, channel: 0, y: 5, x: 5), width: 100)
    #expect(s2m.lines.joined().contains("max") && s2m.agrees)
  }

  @Test func lrnFullyConnectedRBFAndSoftmaxEachShowTheirArithmetic() throws {
    let alex = try Self.network("alexnet@0.25", input: Fixtures.assets + "/images/chelsea_227.ppm")
    let lrn = try #require(alex.layerIndex(named: "lrn1"))
    let l = try NetworkCache.explanation(alex, key: ExploreValueKey(layer: lrn + 1, channel: 3, y: 10, x: 10), width: 120)
    #expect(l.lines.contains { $0.contains("s = k + α·Σ a_j²") && $0.contains("✓") } && l.agrees)
    #expect(l.previousMaps == [1, 2, 3, 4, 5])

    let lenet = try Self.network("lenet5", input: "mnist:test:0")
    let f6 = try NetworkCache.explanation(lenet, key: ExploreValueKey(layer: 6, channel: 12, y: 0, x: 0), width: 120)
    guard case .fc(let fc) = try Inspector.explain(network: lenet, layer: 5, sample: 0, channel: 12, y: 0, x: 0, keepTerms: 400)
    else {
      Issue.record("F6 is not explained as FC")
      return
    }
    // All 120 products of F6's unit are listed.
    #expect(fc.topTerms.count == 120)
    #expect(fc.topTerms.allSatisfy { t in f6.lines.contains { $0.contains(Self.fixed(t.product)) } })
    #expect(f6.lines.contains { $0.contains("= pre-activation a") && $0.contains("✓") } && f6.agrees)

    let output = try NetworkCache.explanation(lenet, key: ExploreValueKey(layer: 7, channel: 7, y: 0, x: 0), width: 120)
    #expect(output.lines.contains { $0.contains("= penalty y_7") && $0.contains("✓") })
    #expect(output.lines.contains { $0.contains("softmax of the negated RBF penalties") })
    #expect(output.lines.contains { $0.contains("p_7 = e^(z_7 − m) / Σ") && $0.contains("✓") })
    #expect(output.agrees)
  }

  @Test func highlightedFieldsAreTheEngines() throws {
    let lenet = try Self.network("lenet5", input: "mnist:test:0")
    for (y, x) in [(0, 0), (4, 7), (9, 9)] {
      let e = try NetworkCache.explanation(lenet, key: ExploreValueKey(layer: 3, channel: 2, y: y, x: x), width: 100)
      guard case .conv(let conv) = try Inspector.explain(network: lenet, layer: 2, sample: 0, channel: 2, y: y, x: x) else {
        Issue.record("C3 is not a convolution")
        return
      }
      #expect(e.previousField == FieldSpan(rows: try #require(conv.receptiveField.insideRows),
                                           cols: try #require(conv.receptiveField.insideCols)))
      // C3 (5×5) over S2 (2×2) over C1 (5×5): 14×14 input pixels starting at 2·(y, x).
      #expect(e.imageField == FieldSpan(rows: (2 * y)...(2 * y + 13), cols: (2 * x)...(2 * x + 13)))
    }
    // AlexNet conv1: 11×11 windows at stride 4 (no padding on the paper's layout).
    let alex = try Self.network("alexnet@0.25", input: Fixtures.assets + "/images/chelsea_227.ppm")
    let e = try NetworkCache.explanation(alex, key: ExploreValueKey(layer: 1, channel: 0, y: 2, x: 3), width: 100)
    #expect(e.previousField == FieldSpan(rows: 8...18, cols: 12...22))
    #expect(e.imageField == e.previousField)
  }

  /// Random key sequences on LeNet-5: after every key (and the engine work it starts), an
  /// open explain view shows the explanation of exactly the selected map and position.
  @Test(arguments: [UInt64(1), 2, 3])
  func explainAlwaysMatchesTheSelection(seed: UInt64) {
    let actions: [ExploreAction] = [
      .move(dx: 1, dy: 0), .move(dx: -1, dy: 0), .move(dx: 0, dy: 1), .move(dx: 0, dy: -1), .toggleZoom, .back,
      .toggleInspector, .page(1), .page(-1), .selectMap(1), .selectMap(-1), .slide(1), .slide(-1), .jumpLast,
      .jumpFirst, .stepInput(1), .cycleScale, .toggleOverview, .cycleDataset,
    ]
    var state = AppState(size: seed == 2 ? Size(width: 100, height: 30) : Size(width: 160, height: 50))
    var rng = seed &* 0x9E37_79B9_7F4A_7C15
    func perform(_ effects: [Effect]) {
      var queue = effects
      while !queue.isEmpty {
        let effect = queue.removeFirst()
        guard case .startEngineWork(.explore(let request)) = effect else { continue }
        queue += update(&state, .engineReported(.explore(testEngine.explore(request))))
      }
    }
    perform(update(&state, .tick))
    for step in 0..<60 {
      rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let action = actions[Int(rng >> 33) % actions.count]
      perform(update(&state, .explore(action)))
      let e = state.explore
      guard e.isInspectorOpen else { continue }
      let shown = e.currentExplanation
      #expect(shown != nil, "step \(step) (\(action)): the explain view is open but shows nothing")
      #expect(shown?.key == ExploreValueKey(layer: e.layer, channel: e.selectedMap,
                                            y: e.currentLayer?.isVector == true ? 0 : e.cursorY,
                                            x: e.currentLayer?.isVector == true ? 0 : e.cursorX))
      if let shown, let layer = e.currentLayer, !layer.isVector {
        let value = layer.value(channel: e.selectedMap, y: e.cursorY, x: e.cursorX) ?? .nan
        #expect(shown.lines.first?.contains("map \(e.selectedMap) at row \(e.cursorY), col \(e.cursorX)") == true
                  || e.layer == 0)
        #expect(shown.lines.joined().contains(Self.fixed(Double(value))), "step \(step): the value is in the text")
      }
    }
  }
}
