import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Update-to-weight ratios: exact on a hand-built step, and what the trainer reports.
@Suite struct UpdateRatioTests {
  static func parameter(_ name: String, values: [Float], grad: [Float]) -> Parameter {
    let p = Parameter(name: name, dims: [values.count], decays: false)
    for i in values.indices {
      p.value.pointer[i] = values[i]
      p.grad.pointer[i] = grad[i]
    }
    return p
  }

  /// Every value here is a short binary fraction, so the step and both norms are exact.
  @Test func ratiosAreExactOnAHandBuiltStep() {
    let parameters = [
      Self.parameter("A.weight", values: [3, 4], grad: [0.75, 1]),  // Δw = (−3, −4)/256: ‖Δw‖/‖w‖ = 1/256
      Self.parameter("A.bias", values: [0], grad: [0]),
      Self.parameter("B.weight", values: [1], grad: [16]),  // Δw = −1/4
      Self.parameter("C.weight", values: [2], grad: [1]),  // frozen
      Self.parameter("D.weight", values: [1], grad: [Float(1) / 4096]),  // Δw = −2⁻¹⁸
      Self.parameter("E.weight", values: [0], grad: [0]),
    ]
    let trainable = [true, true, true, false, true, true]
    var sgd = SGD(learningRate: Float(1) / 64, momentum: 0, weightDecay: 0)
    let layers = [("A", 2), ("pool", 0), ("B", 1), ("C", 1), ("D", 1), ("E", 1)].map { (name: $0.0, parameterCount: $0.1) }
    let before = UpdateRatio.measure(layers: layers, parameters: parameters, updates: sgd.velocities, trainable: trainable)
    #expect(before.map(\.health) == Array(repeating: .noStep, count: 5))
    sgd.step(parameters, trainable: trainable)
    #expect(parameters[3].value.array == [2])
    let rows = UpdateRatio.measure(layers: layers, parameters: parameters, updates: sgd.velocities, trainable: trainable)
    #expect(rows.map(\.layer) == ["A", "B", "C", "D", "E"])
    #expect(rows[0] == UpdateRatio(layer: "A", updateNorm: 5.0 / 256, weightNorm: 5, health: .healthy))
    #expect(rows[0].ratio == 1.0 / 256)
    #expect(rows[1] == UpdateRatio(layer: "B", updateNorm: 0.25, weightNorm: 1, health: .exploding))
    #expect(rows[2] == UpdateRatio(layer: "C", updateNorm: 0, weightNorm: 0, health: .frozen))
    #expect(rows[2].ratio == nil)
    #expect(rows[3].ratio == 1.0 / 262_144)
    #expect(rows[3].health == .dead)
    #expect(rows[4].health == .zeroWeights)
    #expect(rows.map(\.health.isFlagged) == [false, true, false, true, false])
    #expect(rows[0].sentence == "A's last step changed its weights by 1 part in 256, near the usual 1 in 1,000 (1e-3): "
      + "it is learning at a steady pace.")
    #expect(rows[1].sentence.hasPrefix("B's last step changed its weights by 1 part in 4, over a tenth"))
    #expect(rows[3].sentence.hasPrefix("D's last step changed its weights by 1 part in 262,000, far under 1e-5"))
    #expect(rows[2].sentence == "C is frozen: its weights do not change.")
  }

  @Test func theSentenceSaysWhereAnUnflaggedRatioSitsAgainst1eMinus3() {
    func row(_ ratio: Double) -> UpdateRatio {
      UpdateRatio(layer: "C1", updateNorm: ratio, weightNorm: 1, health: UpdateRatio.health(ratio: ratio))
    }
    #expect(row(1.0 / 62).sentence == "C1's last step changed its weights by 1 part in 62, over ten times the usual "
      + "1 in 1,000 (1e-3) but under a tenth: it is learning fast; if the loss jumps about, lower the learning rate.")
    #expect(row(1.0 / 62).shortSentence == "C1: 1 part in 62 a step, over 10× the usual 1e-3: learning fast.")
    #expect(row(1e-2).sentence.hasSuffix("near the usual 1 in 1,000 (1e-3): it is learning at a steady pace."))
    #expect(row(1e-4).shortSentence == "C1: 1 part in 10,000 a step, near the usual 1e-3: learning steadily.")
    #expect(row(5e-5).sentence == "C1's last step changed its weights by 1 part in 20,000, under a tenth of the usual "
      + "1 in 1,000 (1e-3) but over 1e-5: it is learning slowly.")
    #expect(row(5e-5).shortSentence == "C1: 1 part in 20,000 a step, under 1e-4: learning slowly.")
    #expect(!row(1.0 / 62).health.isFlagged && !row(5e-5).health.isFlagged)
  }

  @Test func thresholdsSitWhereTheCommentSays() {
    #expect(UpdateRatio.health(ratio: 1e-3) == .healthy)
    #expect(UpdateRatio.health(ratio: 0.99e-5) == .dead)
    #expect(UpdateRatio.health(ratio: 1e-5) == .healthy)
    #expect(UpdateRatio.health(ratio: 0.1) == .healthy)
    #expect(UpdateRatio.health(ratio: 0.11) == .exploding)
    #expect(UpdateRatio.partsText(1234.5) == "1,230")
    #expect(UpdateRatio.partsText(12.4) == "12")
  }

  /// The trainer's rows agree with the weights it actually changed, copied before and after.
  @Test func trainerRatiosMatchTheWeightsItChanged() throws {
    let data = try Fixtures.mnistTest(first: 64)
    let network = try Network(spec: try ModelCatalog.spec(named: "lenet5-modern"))
    network.initialize(seed: 4)
    var config = TrainingConfig()
    config.batchSize = 16
    config.learningRate = 0.05
    config.momentum = 0.9
    config.threads = 1
    config.frozenLayers = ["C3"]
    let trainer = try Trainer(network: network, config: config)
    #expect(trainer.updateRatios().allSatisfy { $0.health == .noStep })
    _ = try trainer.trainStep(on: data)
    let before = network.layers.map { $0.parameters.flatMap(\.value.array) }
    _ = try trainer.trainStep(on: data)
    let after = network.layers.map { $0.parameters.flatMap(\.value.array) }
    let rows = trainer.updateRatios()
    let named = network.layers.enumerated().filter { !$0.element.parameters.isEmpty }
    #expect(rows.map(\.layer) == named.map(\.element.spec.name))
    for (row, (index, layer)) in zip(rows, named) {
      if layer.spec.name == "C3" {
        #expect(row.health == .frozen)
        #expect(before[index] == after[index])
        continue
      }
      var update = 0.0, weight = 0.0
      for (b, a) in zip(before[index], after[index]) {
        update += Double(a - b) * Double(a - b)
        weight += Double(b) * Double(b)
      }
      let expected = (update / weight).squareRoot()
      let ratio = try #require(row.ratio, "\(row.layer)")
      #expect(ratio > 0)
      #expect(abs(ratio - expected) <= 1e-3 * expected, "\(row.layer): \(ratio) vs weights \(expected)")
    }
  }
}
