import ConvEngine
import Foundation
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The Train screen's right column fits what it shows: the whole confusion matrix and the
/// runs table at 80×24 (the pictures above give way), the runs table's column names
/// abbreviated with a legend rather than cut, and the time-lapse caption and the waiting
/// panel's sentence wrapped at 120×40 rather than cut at the panel's edge.
@Suite struct TrainSidePanelTests {
  typealias Train = TrainScreenSnapshotTests

  /// Rows of the drawn screen.
  static func rows(_ state: AppState) -> [String] {
    Train.draw(state).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// Three runs: two ended (one labelled, one not), the third running.
  static func threeRuns(width: Int, height: Int) -> AppState {
    var state = AppState(size: Size(width: width, height: height))
    state.screen = .train
    for (id, label) in [(1, "tanh"), (2, nil), (3, "ReLU")] as [(Int, String?)] {
      _ = update(&state, .train(.start))
      var p = Train.progress()
      p.runID = id
      p.setup.label = label
      p.isFinished = id < 3
      _ = update(&state, .engineReported(.train(.progress(p))))
    }
    return state
  }

  @Test func theWholeConfusionMatrixAt80x24() {
    let state = Self.threeRuns(width: 80, height: 24)
    #expect(state.train.panel == .confusion)
    let rows = Self.rows(state)
    // Each class's row ends in its accuracy (99.x here): all ten are drawn, under one header.
    let classRows = rows.filter { $0.contains("·") && $0.range(of: #"99\.[0-9] "#, options: .regularExpression) != nil }
    #expect(classRows.count == 10)
    #expect(rows.filter { $0.contains("↓") }.count == 1)
    Snapshot.assert(rows.joined(separator: "\n"), named: "train-confusion-80x24")
  }

  @Test func theRunsTableAt80x24() {
    var state = Self.threeRuns(width: 80, height: 24)
    _ = update(&state, .train(.cyclePanel))
    _ = update(&state, .train(.cyclePanel))
    #expect(state.train.panel == .runs)
    let text = Train.draw(state)
    #expect(!text.contains("tra…") && !text.contains("tes…") && !text.contains("epo…"))
    #expect(text.contains(" ep ") && text.contains("test") && text.contains("saved"))
    #expect(text.contains("ep: epochs done"))
    for run in ["tanh", "lenet5", "ReLU"] { #expect(text.contains(run), "\(run)") }
    Snapshot.assert(text, named: "train-runs-80x24")
  }

  @Test func theRunsTableKeepsItsWordsWhenThereIsRoom() {
    var state = Self.threeRuns(width: 200, height: 60)
    _ = update(&state, .train(.cyclePanel))
    _ = update(&state, .train(.cyclePanel))
    let text = Train.draw(state)
    #expect(text.contains("epochs") && text.contains("test acc") && text.contains("on chart"))
    #expect(!text.contains("ep: epochs done"))
  }

  @Test func theEpochTableAt80x24() {
    let state = Self.threeRuns(width: 80, height: 24)
    let text = Train.draw(state)
    #expect(!text.contains("tra…") && !text.contains("tes…") && !text.contains("img…"))
    #expect(text.contains("train, test: loss · acc: accuracy"))
    // The last epoch's figures whole: training loss, accuracies, test loss.
    for figure in ["0.0981", "97.02%", "0.0600", "97.91%"] { #expect(text.contains(figure), "\(figure)") }
    let wide = Train.draw(Self.threeRuns(width: 200, height: 60))
    #expect(wide.contains("train acc") && wide.contains("test loss") && wide.contains("img/s"))
    #expect(!wide.contains("train, test: loss"))
  }

  /// A run ended with `E` while it waited for the go-ahead no longer asks for it: its last
  /// progress still carries the question, but the screen says the run is over.
  @Test func anEndedRunNoLongerAsksForTheGoAhead() {
    var state = TimeLapseScrubTests.trainState(frames: 0)
    state.train.progress?.awaitsConfirmation = true
    state.train.progress?.estimate = RunEstimate(
      measuredSteps: 22, measuredSeconds: 0.5, stepsPerEpoch: 938, epochsLeft: 20, testImagesPerEpoch: 10_000,
      secondsPerTestImage: 0.0002)
    #expect(Train.draw(state).contains("enter: go ahead"))
    state.train.isRunning = false
    let ended = Train.draw(state)
    #expect(!ended.contains("enter: go ahead") && !ended.contains("This run needs about"))
    #expect(ended.contains("Run over. enter starts run 2"))
  }

  /// The cost question before a long run is whole on the small terminals: it wraps onto as
  /// many rows as it needs (every figure in it is one the user decides on), the key hints
  /// shorten, and the chart starts below them.
  @Test(arguments: [(80, 24), (100, 30)])
  func theCostQuestionWrapsOnSmallTerminals(width: Int, height: Int) throws {
    var state = TimeLapseScrubTests.trainState(frames: 0)
    state.size = Size(width: width, height: height)
    state.train.progress?.awaitsConfirmation = true
    let estimate = RunEstimate(
      measuredSteps: 22, measuredSeconds: 0.5, stepsPerEpoch: 938, epochsLeft: 20, testImagesPerEpoch: 10_000,
      secondsPerTestImage: 0.0002)
    state.train.progress?.estimate = estimate
    let p = try #require(state.train.progress)
    let text = Train.draw(state)
    let sentence = TrainView.confirmation(p, estimate)
    #expect(sentence.count > width)  // too long for one row, so this checks the wrapping
    for word in sentence.split(separator: " ") { #expect(text.contains(word), "\(word)") }
    #expect(text.contains("enter: go ahead · E: end it"))
    #expect(!text.contains("…"))
  }

  /// At 120×40 the time-lapse line (shortened to fit by its own rule) and the sentence the
  /// confusion panel shows before the first epoch (wrapped) are whole.
  @Test func captionAndWaitingSentenceAreWholeAt120x40() throws {
    var state = TimeLapseScrubTests.trainState(frames: 120)
    state.train.progress?.confusion = []
    let text = Train.draw(state)
    let progress = try #require(state.train.progress)
    let side = try #require(TrainView.panes(state.train, progress, inner: TimeLapseScrubTests.trainInner(state))?.side)
    let lapse = try #require(progress.timeLapse)
    #expect(text.contains(TimeLapseView.caption(lapse, state.train.scrub, width: side.width)))
    // The sentence's words, in order, on consecutive rows of the panel.
    let panel = text.split(separator: "\n").map { row -> String in
      String(Array(row).suffix(side.width + 3)).trimmingCharacters(in: CharacterSet(charactersIn: " │\""))
    }.joined(separator: " ")
    let words = panel.split(separator: " ").joined(separator: " ")
    #expect(words.contains("Confusion matrix after the first epoch (v: next panel)."), "\(words)")
    let layout = TrainSideView.layout(state.train, progress, in: side)
    let track = try #require(layout.track(in: side))
    #expect(text.split(separator: "\n")[track.y].contains("├"))
    Snapshot.assert(text, named: "train-waiting-120x40")
  }
}
