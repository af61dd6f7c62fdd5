import ConvEngine
import Foundation
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Train screen's charts in each state, from made-up but deterministic runs: a lesson's
/// ReLU-vs-tanh pair overlaid (log loss by default, linear after `y`) in 256 colours and
/// without colour, a one-epoch run's accuracy curve, the zoom on the first steps; and the
/// pieces they are made of (centred smoothing, the verdict line).
@Suite struct TrainChartSnapshotTests {
  /// A one-epoch LeNet-5 run of 938 steps whose loss falls and accuracy rises at `speed`.
  static func run(_ id: Int, _ setup: TrainSetup, speed: Double, finished: Bool) -> TrainProgress {
    var p = TrainScreenSnapshotTests.progress()
    p.runID = id
    p.setup = setup
    (p.epoch, p.epochs, p.stepsPerEpoch, p.marks) = (1, 1, 938, [])
    p.curve = (1...300).map { i in
      let step = i * 3
      let loss = 2.3 * exp(-speed * Double(step) / 150) + 0.05 + 0.15 * abs(sin(Double(i) * 1.3))
      return TrainProgress.CurvePoint(step: step, epochs: Double(step) / 938, loss: loss)
    }
    (p.probeEvery, p.probeImages) = (93, 1_000)
    p.testCurve = (1...10).map { k in
      let step = k * 93
      return TrainProgress.AccuracyPoint(step: step, epochs: Double(step) / 938,
                                         accuracy: 0.99 - 0.89 * exp(-speed * Double(step) / 150))
    }
    p.step = finished ? 938 : 900
    p.epochFraction = Double(p.step) / 938
    p.epochResults = finished ? [RunRecord.Epoch(epoch: 1, step: 938, trainLoss: 0.2, trainAccuracy: 0.93, testLoss: 0,
                                                 testAccuracy: p.testCurve.last!.accuracy, seconds: 4.2)] : []
    p.isFinished = finished
    p.kernelLayer = "C1"
    return p
  }

  /// The relu-vs-tanh lesson link's two runs: ReLU finished, tanh near its end, overlaid.
  static func pair(width: Int = 120, height: Int = 40) -> AppState {
    var state = AppState(size: Size(width: width, height: height))
    state.screen = .train
    let runs = TrainSetup.runs(for: LessonTrain(model: ModelChoice(name: "lenet5-modern"), preset: .reluVsTanh))
    _ = update(&state, .train(.startRuns(runs)))
    _ = update(&state, .engineReported(.train(.progress(run(1, runs[0], speed: 3, finished: true)))))
    _ = update(&state, .engineReported(.train(.progress(run(2, runs[1], speed: 1, finished: false)))))
    return state
  }

  @Test func twoRunsOverlaidOnALogAxisIn256Colours() {
    let state = Self.pair()
    #expect(state.train.compared == [1])
    #expect(state.train.usesLogScale(comparing: true))
    let text = TrainScreenSnapshotTests.draw(state)
    // 98% is the highest level both reached: ReLU by its third check, tanh by its eighth.
    #expect(text.contains("ReLU #1 reached 98% test accuracy at step 279, tanh #2 at step 744"))
    #expect(text.contains("×"))  // the overlaid run's glyph on its line and in the legend
    Snapshot.assert(text, named: "train-compared-log-120x40")
  }

  /// Without colour the two curves differ by their glyph, the legend says which is which.
  @Test func twoRunsOverlaidWithoutColour() {
    let text = ScreenSnapshotTests.draw(Self.pair(), width: 120, height: 40, depth: .mono)
    #expect(text.contains("× ReLU #1 99.0%"))
    #expect(text.contains("● tanh #2 (smoothed)"))
    #expect(!text.contains("fg="))
    Snapshot.assert(text, named: "train-compared-log-120x40-mono")
  }

  @Test func yGoesBackToALinearAxis() {
    var state = Self.pair()
    _ = update(&state, KeyMap.action(for: .char("y"), in: state) ?? .tick)
    #expect(state.train.logScale == false)
    Snapshot.assert(TrainScreenSnapshotTests.draw(state), named: "train-compared-linear-120x40")
  }

  /// One epoch, still under way: the accuracy chart already has ten checks to draw.
  @Test func aOneEpochRunHasAnAccuracyCurve() {
    var state = AppState(size: Size(width: 100, height: 30))
    state.screen = .train
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(Self.run(1, TrainSetup(), speed: 2, finished: false)))))
    _ = update(&state, KeyMap.action(for: .char("a"), in: state) ?? .tick)
    let text = TrainScreenSnapshotTests.draw(state)
    #expect(text.contains("test acc % (first 1,000)"))
    #expect(text.contains("epochs"))
    Snapshot.assert(text, named: "train-accuracy-one-epoch-100x30")
  }

  /// `z`: the first steps only, x in round step numbers.
  @Test func zoomOnTheFirstSteps() {
    var state = Self.pair(width: 100, height: 30)
    _ = update(&state, KeyMap.action(for: .char("z"), in: state) ?? .tick)
    #expect(TrainChartView.zoomSteps([state.train.progress!]) == 100)
    let text = TrainScreenSnapshotTests.draw(state)
    #expect(text.contains("steps (first 100, z: all)"))
    Snapshot.assert(text, named: "train-compared-zoom-100x30")
  }

  /// On a straight line the centred average is the line itself (no lag) away from the ends;
  /// a falling exponential average would sit above it everywhere.
  @Test func theSmoothedLineDoesNotLag() {
    let ramp = (0..<200).map { 5 - Double($0) * 0.02 }
    let smoothed = TrainChartView.centred(ramp)
    // Away from the ends (5 = 200 / 40 points) it is the line itself.
    for i in 5..<195 { #expect(abs(smoothed[i] - ramp[i]) < 1e-12) }
    let noisy = (0..<200).map { Double($0 % 2) }
    let flat = TrainChartView.centred(noisy)
    #expect(flat[100] > 0.4 && flat[100] < 0.6)
    // Near the ends the window is cut off: still a mean of alternating values, no spike.
    #expect(flat.first! > 0.4 && flat.first! < 0.6 && flat.last! > 0.4 && flat.last! < 0.6)
  }

  @Test func theVerdictNamesTheHighestLevelBothReached() {
    func curve(_ id: Int, _ label: String, _ points: [(Int, Double)]) -> TrainProgress {
      var p = TrainProgress(model: "lenet5-modern", dataset: "mnist")
      p.runID = id
      p.setup.label = label
      p.testCurve = points.map { TrainProgress.AccuracyPoint(step: $0.0, epochs: 0, accuracy: $0.1) }
      return p
    }
    let relu = curve(1, "ReLU", [(90, 0.91), (180, 0.95), (270, 0.97)])
    let tanh = curve(2, "tanh", [(90, 0.85), (180, 0.92), (310, 0.955)])
    #expect(TrainVerdict.line([tanh, relu]) == "ReLU #1 reached 95% test accuracy at step 180, tanh #2 at step 310")
    let slow = curve(3, "slow", [(90, 0.3), (180, 0.45)])
    #expect(TrainVerdict.line([relu, slow]) == "ReLU #1 reached 97% test accuracy at step 270, slow #3 not yet (best 45.0%)")
    let none = curve(4, "none", [(90, 0.2)])
    #expect(TrainVerdict.line([slow, none]) == "No run has reached 50% test accuracy yet (best so far 45.0%).")
    #expect(TrainVerdict.line([relu]) == nil)
  }

  /// On a narrow chart the verdict wraps with a hanging indent instead of losing its end:
  /// both runs' steps are on screen at 80×24 and 100×30.
  @Test(arguments: [(80, 24), (100, 30)])
  func theVerdictIsWholeOnANarrowChart(width: Int, height: Int) {
    let text = TrainScreenSnapshotTests.draw(Self.pair(width: width, height: height))
    let screen = text.components(separatedBy: "\n\n")[0]
    // Cut at the chart's width (41 columns at 80, 57 at 100), the line lost tanh's step;
    // wrapped, the second line is indented under the first.
    #expect(screen.contains("│ ReLU #1 reached 98% test accuracy at "))
    #expect(screen.contains("step 744"))
    #expect(screen.contains("│   step "))
    Snapshot.assert(text, named: "train-compared-verdict-\(width)x\(height)")
  }
}
