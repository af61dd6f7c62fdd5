import ConvEngine
import Foundation
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Train screen with made-up but deterministic progress applied through `update`
/// (no real training in snapshot tests).
@Suite struct TrainScreenSnapshotTests {
  /// A run two epochs in, with one live learning-rate change.
  static func progress() -> TrainProgress {
    var p = TrainProgress(model: "lenet5", dataset: "mnist")
    p.step = 2_100
    p.epoch = 3
    p.epochs = 20
    p.stepsPerEpoch = 938
    p.epochFraction = 0.25
    p.loss = (0..<300).map { (i: Int) -> Double in
      let x = Double(i)
      let decay = 2.3 * exp(-x / 40)
      return decay + 0.05 + 0.02 * sin(x)
    }
    p.lossStride = 7
    p.marks = [TrainerEvent(step: 1_500, epoch: 2, kind: .learningRate, oldValue: 0.1, newValue: 0.05,
                            message: "learning rate 0.1 → 0.05")]
    p.epochResults = [
      .init(epoch: 1, trainLoss: 0.4123, trainAccuracy: 0.8712, testAccuracy: 0.9634, seconds: 4.2),
      .init(epoch: 2, trainLoss: 0.0981, trainAccuracy: 0.9702, testAccuracy: 0.9791, seconds: 4.1),
    ]
    p.confusion = (0..<10).map { i in (0..<10).map { j in i == j ? 970 + i : (i + j) % 3 } }
    p.classNames = DatasetKind.mnist.classNames
    p.imagesPerSecond = 14_321
    p.elapsed = 9.6
    p.epochETA = 3.1
    p.kernels = (0..<150).map { Float(sin(Double($0) * 0.7)) }
    p.kernelCount = 6
    p.kernelSize = 5
    p.learningRate = 0.05
    p.momentum = 0.9
    p.batchSize = 64
    return p
  }

  static func draw(_ state: AppState) -> String {
    ScreenSnapshotTests.draw(state)
  }

  @Test func runningAt100x30() {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(Self.progress()))))
    Snapshot.assert(Self.draw(state), named: "train-running-100x30")
  }
}
