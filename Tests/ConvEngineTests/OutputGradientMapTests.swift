import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// `Network.layerGradients`: d(loss)/d(every layer's output) for one input, read off the
/// ordinary backward pass, checked against central differences of the model's own loss.
@Suite struct OutputGradientMapTests {
  /// MNIST test digit `index` encoded for `spec`, with its label.
  static func digit(_ index: Int, for spec: ModelSpec) throws -> (Tensor, Int) {
    let data = try Fixtures.mnistTest(first: index + 1)
    let x = Tensor(zeros: spec.input.batch(1))  // (1, 1, 32, 32)
    var label: Int32 = -1
    InputEncoder.fill(x, labels: &label, from: data, indices: [index], preprocessing: spec.preprocessing)
    return (x, Int(label))
  }

  /// The model's loss when layer `index`'s output is taken as it stands in `network.outputs`
  /// and the layers above it are run again, with the kink state of those layers.
  static func lossAbove(_ network: Network, layer index: Int, label: Int) -> (loss: Double, state: [Int32]) {
    var h = network.outputs[index]
    for j in (index + 1)..<network.layers.count { h = network.layers[j].forward(h, training: false) }
    let loss = GradientCheck.meanLoss(head: network.spec.head, scores: h, labels: [Int32(label)], dscores: nil)
    let state = network.layers[(index + 1)...].flatMap(GradientCheck.kinkState(of:))
    return (loss, state)
  }

  @Test(arguments: ["lenet5", "lenet5-modern"])
  func gradientMapsMatchFiniteDifferences(model: String) throws {
    let spec = try ModelCatalog.spec(named: model)
    let network = try Network(spec: spec)
    // The shipped weights: their loss is small, so the central differences resolve gradients
    // far below those of a fresh network's (LeNet-5's RBF loss starts near 80, where one
    // float ulp of the loss is already 4e-4 of a difference quotient).
    try Checkpoint.load(Fixtures.assets + "/weights/\(model).safetensors", into: network)
    let (x, truth) = try Self.digit(3, for: spec)
    #expect(truth == 0)  // the fourth MNIST test digit is a 0
    // Against the true label a trained network's gradients are all but zero, so the loss is
    // taken against a wrong one (6, a shape near 0): large maps at every layer to compare.
    let label = 6
    let maps = network.layerGradients(for: x, label: label)
    #expect(maps.gradients.count == network.layers.count)
    #expect(maps.label == label)
    let loss = GradientCheck.meanLoss(head: spec.head, scores: network.outputs.last!, labels: [Int32(label)],
                                      dscores: nil)
    #expect(abs(maps.loss - loss) < 1e-9)
    #expect(network.parameters.allSatisfy { p in p.grad.array.allSatisfy { $0 == 0 } })

    var compared = 0
    for index in network.layers.indices {
      let g = maps.gradients[index]
      #expect(g.shape == network.layers[index].outputShape, "layer \(index)")
      let values = g.array
      let largest = try #require(values.indices.max { abs(values[$0]) < abs(values[$1]) })
      // Far above the check's 2e-3 absolute tolerance, so agreeing is not a matter of both being tiny.
      #expect(abs(values[largest]) > 0.1, "layer \(network.layers[index].spec.name)'s map is all but zero")
      let spots = GradientCheck.positions(Array(values.indices), limit: 5, seed: UInt64(index) &+ 3) + [largest]
      let base = Self.lossAbove(network, layer: index, label: label)
      for spot in spots {
        let pointer = network.outputs[index].pointer + spot
        guard let numeric = GradientCheck.kinkFreeDifference(
          at: pointer, eps: 1e-2, baseState: base.state, evaluate: { Self.lossAbove(network, layer: index, label: label) })
        else { continue }
        compared += 1
        #expect(GradientCheck.agrees(Double(values[spot]), numeric),
                "\(model) \(network.layers[index].spec.name)[\(spot)]: backward \(values[spot]), numeric \(numeric)")
      }
    }
    // Every layer has six spots; a handful may sit on a ReLU or max-pool kink and be skipped.
    #expect(compared >= network.layers.count * 6 - 6, "only \(compared) spots compared")
  }

  @Test func theTopLayersMapIsTheLossGradientAndTheMapsRepeat() throws {
    let spec = try ModelCatalog.spec(named: "lenet5-modern")
    let network = try Network(spec: spec)
    network.initialize(seed: 2)
    let (x, label) = try Self.digit(0, for: spec)
    let first = network.layerGradients(for: x, label: label)
    let dscores = Tensor(zeros: network.outputs.last!.shape)
    _ = GradientCheck.meanLoss(head: spec.head, scores: network.outputs.last!, labels: [Int32(label)], dscores: dscores)
    #expect(first.gradients.last!.array == dscores.array)
    let second = network.layerGradients(for: x, label: label)
    #expect(zip(first.gradients, second.gradients).allSatisfy { $0.array == $1.array })
    // Softmax cross-entropy: p − onehot, so the label's entry is the only negative one.
    let top = first.gradients.last!.array
    #expect(top.indices.filter { top[$0] < 0 } == [label])
    #expect(first.largestMagnitude(layer: network.layers.count - 1) == top.map(abs).max())
  }
}
