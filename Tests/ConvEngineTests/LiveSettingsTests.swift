import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Settings that change between steps (learning rate, momentum, weight decay, batch size,
/// frozen layers) apply from the next step on, keep the run's place, and are logged.
@Suite struct LiveSettingsTests {
  typealias Kit = TrainerTestKit

  @Test func frozenLayersStayBitIdenticalWhileTheRestTrain() throws {
    var c = Kit.config(lr: 0.05, threads: 2)
    c.frozenLayers = ["C1", "C3"]
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), c)
    let start = Kit.weights(t.network)
    _ = try Kit.losses(t, steps: 5)
    let end = Kit.weights(t.network)
    for name in ["C1.weight", "C1.bias", "C3.weight", "C3.bias"] {
      #expect(end[name] == start[name], "\(name) changed although frozen")
    }
    for name in ["C5.weight", "F6.weight", "output.weight", "output.bias"] {
      #expect(end[name] != start[name], "\(name) did not train")
    }
  }

  @Test func freezingAMiddleLayerStillTrainsTheLayersBelowIt() throws {
    var c = Kit.config(lr: 0.003)
    c.frozenLayers = ["C3"]
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5"), c)
    let start = Kit.weights(t.network)
    _ = try Kit.losses(t, steps: 3)
    let end = Kit.weights(t.network)
    #expect(end["C3.weight"] == start["C3.weight"])
    #expect(end["C1.weight"] != start["C1.weight"])
    #expect(end["S2.weight"] != start["S2.weight"])
  }

  @Test func everythingFrozenLeavesTheWeightsAlone() throws {
    var c = Kit.config(lr: 0.05)
    c.frozenLayers = Set(try ModelCatalog.spec(named: "lenet5-modern").layers.map(\.name))
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), c)
    let start = Kit.weights(t.network)
    let losses = try Kit.losses(t, steps: 2)
    #expect(losses.allSatisfy { $0.isFinite && $0 > 0 })
    #expect(Kit.weights(t.network) == start)
  }

  @Test func unknownFrozenLayerIsAnError() throws {
    var c = Kit.config(lr: 0.05)
    c.frozenLayers = ["conv9"]
    #expect(throws: EngineError.self) { _ = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), c) }
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    #expect(throws: EngineError.self) { try t.freeze(["conv9"]) }
    #expect(t.config.frozenLayers.isEmpty)
  }

  @Test func backwardStoppingEarlyGivesTheSameGradientsAbove() throws {
    let spec = try ModelCatalog.spec(named: "lenet5-modern")
    let a = try Network(spec: spec), b = try Network(spec: spec)
    a.initialize(seed: 4)
    b.initialize(seed: 4)
    let x = Tensor(zeros: spec.input.batch(4))
    InputEncoder.fill(x, labels: nil, from: Kit.digits, indices: 0..<4, preprocessing: spec.preprocessing)
    for net in [a, b] {
      let scores = net.forward(x, training: true)
      let d = Tensor(zeros: scores.shape)
      for i in 0..<d.count { d.pointer[i] = Float(i % 7) * 0.01 - 0.03 }
      if net === a { net.backward(d) } else { net.backward(d, downTo: 2) }
    }
    for (p, q) in zip(a.parameters, b.parameters) {
      if p.name.hasPrefix("C1.") {
        #expect(q.grad.array.allSatisfy { $0 == 0 }, "\(p.name) got a gradient below the stop")
      } else {
        #expect(p.grad.array == q.grad.array, "\(p.name)")
      }
    }
  }

  @Test func changedLearningRateAppliesFromTheNextStepOn() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    let unchanged = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    _ = try Kit.losses(t, steps: 4)
    _ = try Kit.losses(unchanged, steps: 4)
    let snapshot = t.state()
    t.update(learningRate: 0.01)
    #expect(t.config.learningRate == 0.01)
    let next = try t.trainStep(on: Kit.digits)
    let same = try unchanged.trainStep(on: Kit.digits)
    // Step 5's loss is computed before its update, so it matches; its update used the new rate.
    #expect(next.loss == same.loss)
    #expect(next.learningRate == Kit.config(lr: 0.01).schedule.rate(base: 0.01, progress: 0.4, totalEpochs: 3))
    let after = try t.trainStep(on: Kit.digits), afterUnchanged = try unchanged.trainStep(on: Kit.digits)
    #expect(after.loss != afterUnchanged.loss)

    // A run that had the new rate in its settings from step 5 makes exactly the same steps.
    var state = snapshot
    state.config.learningRate = 0.01
    let replay = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    try replay.restore(state)
    _ = try Kit.losses(replay, steps: 2)
    #expect(Kit.weights(replay.network) == Kit.weights(t.network))
    let event = try #require(t.events.first)
    #expect(event.kind == .learningRate && event.step == 4 && event.epoch == 1)
    #expect(event.oldValue == 0.05 && event.newValue == 0.01)
    #expect(event.message == "learning rate 0.05 → 0.01")
  }

  @Test func momentumAndWeightDecayChangesReachTheOptimiser() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    _ = try Kit.losses(t, steps: 2)
    t.update(momentum: 0.5, weightDecay: 0.01)
    _ = try t.trainStep(on: Kit.digits)
    #expect(t.optimizer.momentum == 0.5)
    #expect(t.optimizer.weightDecay == 0.01)
    #expect(t.events.map(\.kind) == [.momentum, .weightDecay])
    #expect(t.events.allSatisfy { $0.step == 2 })
  }

  @Test func batchSizeChangeKeepsTheEpochsOrderAndPlace() throws {
    // 320 images: 3 batches of 32 (96 used), then 64s: 64, 64, 64, 32 finish the epoch.
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    _ = try Kit.losses(t, steps: 3)
    let snapshot = t.state()
    t.update(batchSize: 64)
    var sizes: [Int] = []
    var epochs: [Int] = []
    repeat {
      let r = try t.trainStep(on: Kit.digits)
      sizes.append(r.batchSize)
      epochs.append(r.epoch)
    } while !t.epochFinished
    #expect(sizes == [64, 64, 64, 32])
    #expect(epochs == [1, 1, 1, 1])
    #expect(t.order == snapshot.order, "the epoch's order was reshuffled")
    #expect(t.events.map(\.kind) == [.batchSize])
    #expect(t.events.first?.message == "batch size 32 → 64")
    // The next epoch starts with full batches of the new size.
    #expect(try t.trainStep(on: Kit.digits).batchSize == 64)
    #expect(t.epoch == 1)
  }

  @Test func changesBetweenTheSameStepsMergeIntoOneEvent() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05))
    for lr: Float in [0.04, 0.03, 0.02] { t.update(learningRate: lr) }
    t.update(batchSize: 48)
    t.update(batchSize: 32)  // back where it was: no event left for the batch size
    #expect(t.events.map(\.message) == ["learning rate 0.05 → 0.02"])
    _ = try t.trainStep(on: Kit.digits)
    t.update(learningRate: 0.01)
    #expect(t.events.map(\.message) == ["learning rate 0.05 → 0.02", "learning rate 0.02 → 0.01"])
    #expect(t.events.map(\.step) == [0, 1])
  }

  @Test func assigningTheConfigIsLoggedLikeUpdate() throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05, threads: 2))
    t.update(learningRate: 0.05, batchSize: 32)  // no change: no event
    #expect(t.events.isEmpty)
    t.config.learningRate = 0.02
    t.config.threads = 1  // fixed once the replicas exist
    t.config.frozenLayers = ["C1"]
    #expect(t.config.threads == 2)
    #expect(t.events.map(\.kind) == [.learningRate, .frozenLayers])
    #expect(t.events.last?.message == "frozen: C1")
  }
}

extension LiveSettingsTests {
  @Test func settingsMayChangeFromAnotherThreadWhileStepsRun() async throws {
    let t = try Kit.trainer(try ModelCatalog.spec(named: "lenet5-modern"), Kit.config(lr: 0.05, threads: 2))
    let changer = Task.detached {
      for i in 0..<200 { t.update(learningRate: i % 2 == 0 ? 0.01 : 0.02) }
    }
    for _ in 0..<5 { _ = try t.trainStep(on: Kit.digits) }
    await changer.value
    // Changes between the same two steps merge, so how many events there are depends on timing,
    // but they must chain from the first value to the last.
    let events = t.events
    #expect((1...6).contains(events.count))
    #expect(events.allSatisfy { $0.kind == .learningRate && (0...5).contains($0.step) })
    #expect(events.first?.oldValue == 0.05 && events.last?.newValue == 0.02)
    #expect(zip(events, events.dropFirst()).allSatisfy { $0.newValue == $1.oldValue && $0.step < $1.step })
    #expect(t.config.learningRate == 0.02)
  }
}
