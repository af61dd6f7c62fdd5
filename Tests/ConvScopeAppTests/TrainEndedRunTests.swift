import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// Runs that have ended can still be saved (`w`) and exported (`x`): the worker keeps each
/// ended run's archive, a saved one resumes bit for bit, and quitting with unsaved runs asks.
@Suite struct TrainEndedRunTests {
  static func session(_ setup: TrainSetup, runID: Int, folder: String) throws -> TrainSession {
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1, runsFolder: folder)
    return TrainSession(trainer: run.trainer, setup: setup, runID: runID, trainSet: run.trainSet, testSet: run.testSet,
                        earlier: run.earlier, resumedFrom: run.resumedFrom)
  }

  /// Ended with `E` after its first epoch of two and replaced by the next run, then saved from
  /// the slot's archive and resumed: the same steps as the run that never stopped.
  @Test func anEndedRunSavesFromTheArchiveAndResumesBitForBit() throws {
    let folder = Fixtures.temporaryDirectory() + "/runs"
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (256, 2, 32)
    let whole = try Self.session(setup, runID: 1, folder: folder)
    TrainSessionTests.finish(whole)
    let reference = whole.snapshot().curve.map(\.loss)
    #expect(reference.count == 16)

    let slot = SessionSlot()
    let first = try Self.session(setup, runID: 2, folder: folder)
    slot.replace(with: first)
    while first.snapshot().epochResults.isEmpty { _ = first.advance() }
    first.send(.stop)  // E
    #expect(!first.advance())
    slot.replace(with: nil)  // the next run starts: this one is only an archive now
    #expect(slot.session == nil)

    let path = folder + "/\(setup.fileStem)-seed1-run2.safetensors"
    #expect(slot.saveEnded(2, to: path) == .saved(runID: 2, path: path, step: 8))
    var resumed = setup
    resumed.resume = path
    let second = try Self.session(resumed, runID: 3, folder: folder)
    #expect(second.snapshot().epochResults.count == 1)
    TrainSessionTests.finish(second)
    let curve = second.snapshot().curve.map(\.loss)
    #expect(curve.count == reference.count)
    #expect(Array(curve.suffix(8)) == Array(reference.suffix(8)))
    for (a, b) in zip(second.trainer.state().weights, whole.trainer.state().weights) {
      #expect(a.name == b.name && a.values == b.values, "\(a.name) differs after resuming")
    }
  }

  /// A run that finished all its epochs: `w` writes exactly its final weights and state, `x`
  /// its metrics; resumed with one more epoch it goes on from its last step.
  @Test func aFinishedRunSavesExportsAndContinues() throws {
    let folder = Fixtures.temporaryDirectory() + "/runs"
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (256, 1, 32)
    let slot = SessionSlot()
    let run = try Self.session(setup, runID: 4, folder: folder)
    slot.replace(with: run)
    TrainSessionTests.finish(run)
    #expect(run.snapshot().isFinished)
    slot.replace(with: nil)

    let path = folder + "/finished.safetensors"
    #expect(slot.saveEnded(4, to: path) == .saved(runID: 4, path: path, step: 8))
    let saved = try TrainerState.read(path: path)
    let final = run.trainer.state()
    #expect(saved.step == final.step && saved.order == final.order && saved.shuffler == final.shuffler)
    for (a, b) in zip(saved.weights, final.weights) { #expect(a.name == b.name && a.values == b.values) }
    for (a, b) in zip(saved.velocities, final.velocities) { #expect(a.name == b.name && a.values == b.values) }

    #expect(slot.exportEnded(4, stem: folder + "/exported") == .exported(runID: 4, files: folder + "/exported.csv and .jsonl"))
    let exported = try RunRecord.read(path: folder + "/exported.jsonl")
    #expect(exported.steps.map(\.loss) == run.snapshot().curve.map(\.loss))
    #expect(exported.epochs.map(\.testAccuracy) == run.snapshot().epochResults.map(\.testAccuracy))
    let csv = try String(contentsOfFile: folder + "/exported.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count > 8)
    // A run the slot never had says so instead of writing nothing.
    guard case .writeFailed(let message) = slot.saveEnded(7, to: folder + "/x.safetensors") else {
      Issue.record("run 7 was never kept")
      return
    }
    #expect(message.contains("Run 7"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/x.safetensors"))

    var more = setup
    (more.resume, more.epochs) = (path, 2)
    let continued = try Self.session(more, runID: 5, folder: folder)
    #expect(continued.trainer.step == 8)
    TrainSessionTests.finish(continued)
    #expect(continued.snapshot().epochResults.map(\.epoch) == [1, 2])
    #expect(continued.trainer.step == 16)
  }

  static func ended(_ id: Int, step: Int) -> TrainProgress {
    var p = TrainScreenSnapshotTests.progress()
    p.runID = id
    p.step = step
    p.isFinished = true
    return p
  }

  /// `w` and `x` on ended runs go to the worker's archive of the selected run; k/j select.
  @Test func wAndXWriteEndedRuns() {
    var state = TrainScreenTests.running()
    _ = update(&state, .engineReported(.train(.progress(Self.ended(1, step: 2_100)))))
    #expect(!state.isTrainingRunning)
    #expect(update(&state, KeyMap.action(for: .char("w"), in: state) ?? .tick)
      == [.startEngineWork(.train(.saveEnded(runID: 1, path: "runs/lenet5-mnist-seed1-run1.safetensors")))])
    #expect(update(&state, KeyMap.action(for: .char("x"), in: state) ?? .tick)
      == [.startEngineWork(.train(.exportEnded(runID: 1, stem: "runs/lenet5-mnist-seed1-run1")))])
    _ = update(&state, .train(.start))
    _ = update(&state, .engineReported(.train(.progress(Self.ended(2, step: 300)))))
    // k selects run 1 (the runs table shows it); j goes back to the newest.
    _ = update(&state, KeyMap.action(for: .char("k"), in: state) ?? .tick)
    #expect(state.train.selectedRun == 1 && state.train.panel == .runs)
    #expect(update(&state, .train(.save))
      == [.startEngineWork(.train(.saveEnded(runID: 1, path: "runs/lenet5-mnist-seed1-run1.safetensors")))])
    #expect(TrainScreenSnapshotTests.draw(state).contains("▸1"))
    _ = update(&state, KeyMap.action(for: .char("j"), in: state) ?? .tick)
    #expect(state.train.selectedRun == nil && state.train.targetRun?.runID == 2)
  }

  /// Quitting with runs that trained since their last save asks first; saving them all
  /// (up to their last step) lets `q` quit at once again.
  @Test func quitAsksWhileRunsAreUnsaved() {
    var state = TrainScreenTests.running()
    _ = update(&state, .engineReported(.train(.progress(Self.ended(1, step: 2_100)))))
    #expect(update(&state, .quit).isEmpty)
    #expect(state.isQuitPending)
    #expect(TrainScreenSnapshotTests.draw(state).contains("1 run is not saved"))
    #expect(update(&state, KeyMap.action(for: .char("y"), in: state) ?? .tick) == [.quitApp])
    state.isQuitPending = false

    _ = update(&state, .engineReported(.train(.saved(runID: 1, path: "runs/a.safetensors", step: 2_000))))
    #expect(state.train.message?.contains("runs/a.safetensors") == true)
    // Saved before its last 100 steps: still unsaved.
    #expect(state.train.unsavedRuns.map(\.runID) == [1])
    _ = update(&state, .engineReported(.train(.saved(runID: 1, path: "runs/a.safetensors", step: 2_100))))
    #expect(state.train.unsavedRuns.isEmpty)
    #expect(update(&state, .quit) == [.quitApp])
    #expect(!state.isQuitPending)
  }

  /// A run that has ended shows no countdown: `E` clears the ETA, and the bar says what was done.
  @Test func anEndedRunShowsNoStaleETA() {
    var state = TrainScreenTests.running()
    #expect(TrainScreenSnapshotTests.draw(state).contains("ETA 3.1s"))
    _ = update(&state, .train(.stopRun))
    let text = TrainScreenSnapshotTests.draw(state)
    #expect(!text.contains("ETA"))
    #expect(text.contains("ended at step 2,100: 2 of 20 epochs done"))
  }

  /// The full AlexNet and the small one never share a name.
  @Test func modelNamesAreUnambiguous() {
    let names = TrainSetup.models.map { TrainSetup(model: $0).modelName }
    #expect(names == ["lenet5", "lenet5-modern", "alexnet ×0.25 67px", "alexnet 227px"])
  }
}
