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
    p.runID = 1
    p.trainImages = 60_000
    p.step = 2_100
    p.epoch = 3
    p.epochs = 20
    p.stepsPerEpoch = 938
    p.epochFraction = 0.25
    p.curve = (0..<300).map { (i: Int) -> TrainProgress.CurvePoint in
      let x = Double(i)
      let decay = 2.3 * exp(-x / 40)
      return TrainProgress.CurvePoint(step: (i + 1) * 7, epochs: Double((i + 1) * 7) / 938,
                                      loss: decay + 0.05 + 0.2 * sin(x * 1.7))
    }
    p.curveStride = 7
    p.marks = [TrainerEvent(step: 1_500, epoch: 2, kind: .learningRate, oldValue: 0.1, newValue: 0.05,
                            message: "learning rate 0.1 → 0.05")]
    p.epochResults = [
      .init(epoch: 1, step: 938, trainLoss: 0.4123, trainAccuracy: 0.8712, testLoss: 0, testAccuracy: 0.9634, seconds: 4.2),
      .init(epoch: 2, step: 1_876, trainLoss: 0.0981, trainAccuracy: 0.9702, testLoss: 0, testAccuracy: 0.9791, seconds: 4.1),
    ]
    for i in p.epochResults.indices {
      p.epochResults[i].testLoss = 0.12 / Double(i + 1)
      p.epochResults[i].wallSeconds = 4.3
      p.epochResults[i].images = 60_000
    }
    p.confusion = (0..<10).map { i in (0..<10).map { j in i == j ? 970 + i : (i + j) % 3 } }
    p.classNames = DatasetKind.mnist.classNames
    p.imagesPerSecond = 14_321
    p.elapsed = 9.6
    p.epochETA = 3.1
    p.kernels = (0..<150).map { Float(sin(Double($0) * 0.7)) }
    p.kernelCount = 6
    p.kernelLayer = "C1"
    p.kernelSize = 5
    p.sampleMaps = (0..<(6 * 28 * 28)).map { Float(cos(Double($0) * 0.05)) }
    p.sampleMapCount = 6
    p.sampleMapLayer = "C1"
    p.sampleMapSide = 28
    p.sampleLabel = 7
    p.mistakes = (0..<8).map { k in
      TrainProgress.Mistake(index: k * 37, label: k, predicted: (k + 3) % 10,
                            pixels: (0..<784).map { UInt8(($0 * (k + 1)) % 256) }, side: 28)
    }
    p.learningRate = 0.05
    p.momentum = 0.9
    p.batchSize = 64
    return p
  }

  static func draw(_ state: AppState) -> String {
    ScreenSnapshotTests.draw(state, width: state.size.width, height: state.size.height)
  }

  @Test func runningAt100x30() {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(Self.progress()))))
    Snapshot.assert(Self.draw(state), named: "train-running-100x30")
  }

  /// Before any run: the next run's settings with the recipe's values.
  @Test func introAt100x30() {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    Snapshot.assert(Self.draw(state), named: "train-intro-100x30")
  }

  /// A second run with the first overlaid, the misclassified gallery on the right.
  @Test func comparedRunsAt120x40() {
    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = .train
    _ = update(&state, .train(.start))
    var first = Self.progress()
    first.isFinished = true
    first.setup.label = "tanh"
    _ = update(&state, .engineReported(.train(.progress(first))))
    _ = update(&state, .train(.start))
    var second = Self.progress()
    second.runID = 2
    second.setup.label = "ReLU"
    second.curve = second.curve.map { var c = $0; c.loss *= 0.6; return c }
    _ = update(&state, .engineReported(.train(.progress(second))))
    _ = update(&state, .train(.cycleCompared))
    _ = update(&state, .train(.cyclePanel))
    #expect(state.train.compared == [1])
    #expect(state.train.panel == .mistakes)
    let text = Self.draw(state)
    #expect(text.contains("tanh #1"))
    #expect(text.contains("7→0"))
    Snapshot.assert(text, named: "train-compared-120x40")
  }

  /// A first epoch that has barely learnt: most of each digit guessed as 3, so four-digit
  /// counts (1,009 eights called 3) that cannot fit the side panel below 150 columns.
  static func earlyConfusion() -> [[Int]] {
    (0..<10).map { i in
      (0..<10).map { j in
        if i == 3 { return j == 3 ? 1_010 : 0 }
        if i == 8 { return j == 3 ? 1_009 : j == 8 ? 0 : 0 }
        return j == i ? 90 : j == 3 ? 880 : j == (i + 1) % 10 ? 10 * i : 0
      }
    }
  }

  /// At 100×30 and 120×40 four-digit counts turn into percentages of each true class: every
  /// column and the accuracy column are whole, and the legend says what the cells mean.
  @Test(arguments: [(100, 30), (120, 40)])
  func aConfusionMatrixOfFourDigitCountsFits(width: Int, height: Int) {
    var state = AppState(size: Size(width: width, height: height))
    state.screen = .train
    _ = update(&state, .train(.start))
    var p = Self.progress()
    p.confusion = Self.earlyConfusion()
    _ = update(&state, .engineReported(.train(.progress(p))))
    let text = Self.draw(state)
    let screen = text.components(separatedBy: "\n\n")[0].split(separator: "\n").map(String.init)
    // The header row ends in acc% (not cut), and row 8 reads ** under column 3 (all of it).
    #expect(screen.contains { $0.contains("↓ ") && $0.contains(" 9 ") && $0.contains(" acc% ") })
    #expect(screen.contains { $0.contains(" 8 ") && $0.contains(" ** ") })
    #expect(text.contains("cells: % of the true class"))
    Snapshot.assert(text, named: "train-confusion-percent-\(width)x\(height)")
  }

  /// The cells are counts while they fit the panel, percentages of the row once they do not.
  @Test func confusionCellsAreCountsWhileTheyFit() {
    let small = (0..<10).map { i in (0..<10).map { j in i == j ? 970 + i : (i + j) % 3 } }
    let counts = TrainSideView.confusionCells(small, width: 36)
    #expect(counts.legend == nil)
    #expect(counts.rows[1] == ["1", "1", "·", " ", "1", "2", " ", "1", "2", " ", "1", "99.2"])
    #expect(counts.header == ["↓", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "acc%"])
    // Three-digit counts (and a 100.0% row) fit 47 columns, not 46.
    let hundreds = (0..<10).map { i in (0..<10).map { j in i == j ? 800 : j == 0 && i != 0 ? 150 : 0 } }
    #expect(TrainSideView.confusionCells(hundreds, width: 47).legend == nil)
    #expect(TrainSideView.confusionCells(hundreds, width: 47).rows[2][1] == "150")
    #expect(TrainSideView.confusionCells(hundreds, width: 46).legend != nil)
    let percent = TrainSideView.confusionCells(hundreds, width: 38)
    // 150 of 950 in row 2 is 16%, right-aligned in two columns.
    #expect(percent.rows[2][1] == "16")
    #expect(percent.legend == "cells: % of the true class")
    let early = TrainSideView.confusionCells(Self.earlyConfusion(), width: 38)
    #expect(early.rows[8][4] == "**")
    #expect(early.rows[1][3] == " 1")  // 10 of 980
    #expect(early.rows[1][4] == "90")  // 880 of 980
    #expect(early.legend == "cells: % of the true class · ** all")
    // At 36 columns, the narrowest panel, the accuracy column drops its decimal to fit.
    let narrow = TrainSideView.confusionCells(Self.earlyConfusion(), width: 36)
    #expect(narrow.rows[3].last == "100" && narrow.rows[8].last == "0" && early.rows[3].last == "100.0")
    let tiny = (0..<10).map { i in (0..<10).map { j in i == j ? 1_500 : j == 9 && i == 0 ? 1_000 : j == 8 && i == 0 ? 3 : 0 } }
    #expect(TrainSideView.confusionCells(tiny, width: 38).rows[0][9] == "<1")
    #expect(TrainSideView.confusionCells(tiny, width: 38).legend == "cells: % of the true class · <1 under 1%")
  }
}
