import ConvEngine
import Foundation
import TestSupport
import Testing

@testable import ConvScopeApp

/// The Train screen's worker on tiny real runs: what an epoch publishes (gallery, sample
/// maps, wall-clock speed), and a run saved from the screen and resumed from `runs/`.
@Suite struct TrainSessionTests {
  static func finish(_ session: TrainSession) {
    while session.advance() {}
  }

  /// A one-epoch lenet5-modern session in batches of 32 on one thread, trained and tested on `data`.
  static func session(on data: ImageDataset) throws -> TrainSession {
    let spec = try ModelCatalog.spec(named: "lenet5-modern")
    var config = TrainingRecipe.defaults(for: spec)
    (config.epochs, config.batchSize, config.threads) = (1, 32, 1)
    let network = try Network(spec: spec, dropoutSeed: 1)
    network.initialize(seed: 1, scheme: config.initScheme)
    return TrainSession(trainer: try Trainer(network: network, config: config), setup: TrainSetup(), runID: 1,
                        trainSet: data, testSet: data)
  }

  @Test func anEpochPublishesTheGalleryAndTheSampleMaps() throws {
    let data = try Fixtures.mnistTest(first: 256)
    let session = try Self.session(on: data)
    let before = session.snapshot().sampleMaps
    Self.finish(session)
    let p = session.snapshot()
    #expect(p.isFinished)
    let epoch = try #require(p.epochResults.first)
    #expect(epoch.images == 256)
    #expect(epoch.wallSeconds >= epoch.seconds * 0.99)
    // The gallery holds the first mistakes with their own pixels and labels.
    let wrong = p.confusion.enumerated().reduce(0) { $0 + $1.element.reduce(0, +) - $1.element[$1.offset] }
    #expect(p.mistakes.count == min(TrainSession.galleryLimit, wrong))
    for m in p.mistakes {
      #expect(m.pixels == Array(data.image(m.index)))
      #expect(m.label == Int(data.labels[m.index]))
      #expect(m.predicted != m.label)
    }
    #expect(p.mistakes.map(\.index) == p.mistakes.map(\.index).sorted())
    // C1's six 28×28 maps of test image 0, recomputed with the trained weights.
    #expect(p.sampleMapCount == 6 && p.sampleMapSide == 28)
    #expect(p.sampleMaps.count == 6 * 28 * 28)
    #expect(p.sampleMaps != before)
    #expect(p.sampleLabel == Int(data.labels[0]))
  }

  /// Quitting tells the run's test passes to stop (they ask between batches), and nothing else
  /// does: a pause leaves them running.
  @Test func stoppingTheWorkerStopsItsTestPasses() throws {
    let session = try Self.session(on: try Fixtures.mnistTest(first: 64))
    let cancelled = try #require(session.run.cancellation)
    #expect(!cancelled())
    session.send(.pause)
    #expect(!cancelled())
    session.send(.stop)
    #expect(cancelled())
    #expect(session.run.finishEpoch().evaluation == nil)
  }

  /// Saved with `w` after the first epoch, resumed with `u`: the resumed run's curve is the
  /// saved one's, then the same steps an uninterrupted run takes (one thread: bit for bit).
  @Test func aSavedRunResumesFromRunsFolder() throws {
    let assets = Fixtures.assets
    let folder = Fixtures.temporaryDirectory() + "/runs"
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (256, 2, 32)
    func session(_ s: TrainSetup, runID: Int) throws -> TrainSession {
      let run = try s.prepare(assetsDirectory: assets, threads: 1, runsFolder: folder)
      return TrainSession(trainer: run.trainer, setup: s, runID: runID, trainSet: run.trainSet, testSet: run.testSet,
                          earlier: run.earlier, resumedFrom: run.resumedFrom)
    }
    let whole = try session(setup, runID: 1)
    Self.finish(whole)
    let reference = whole.snapshot().curve.map(\.loss)
    #expect(reference.count == 16)

    let first = try session(setup, runID: 2)
    while first.snapshot().epochResults.isEmpty { _ = first.advance() }
    let path = folder + "/\(setup.fileStem)-seed1-run2.safetensors"
    first.send(.save(path: path))
    _ = first.advance()
    #expect(first.snapshot().savedPath == path)
    #expect(FileManager.default.fileExists(atPath: TrainSetup.metricsPath(forCheckpoint: path)))

    var resumed = setup
    resumed.resume = TrainSetup.latestCheckpoint
    let second = try session(resumed, runID: 3)
    #expect(second.snapshot().resumedFrom == path)
    #expect(second.snapshot().epochResults.count == 1)
    Self.finish(second)
    let curve = second.snapshot().curve.map(\.loss)
    #expect(curve.count == reference.count)
    #expect(Array(curve.suffix(8)) == Array(reference.suffix(8)))
    for (a, b) in zip(curve.prefix(8), reference.prefix(8)) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
  }

  /// Issue 19: a save that cannot be written (a folder that cannot be made, a device in the
  /// way) is said on the screen's message line, and the run trains on to its end.
  @Test func aSaveThatFailsIsShownAndTrainingGoesOn() throws {
    let dir = Fixtures.temporaryDirectory()
    try Data("in the way".utf8).write(to: URL(fileURLWithPath: dir + "/runs"))
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (128, 2, 32)
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1, runsFolder: dir + "/unused")
    let session = TrainSession(trainer: run.trainer, setup: setup, runID: 1, trainSet: run.trainSet, testSet: run.testSet)
    while session.snapshot().epochResults.isEmpty { _ = session.advance() }
    for path in [dir + "/runs/run.safetensors", "/dev/full"] {
      session.send(.save(path: path))
      _ = session.advance()
      let p = session.snapshot()
      #expect(p.savedPath == nil)
      let error = try #require(p.saveError)
      #expect(error.hasPrefix("could not save \(path): "), "\(error)")
      // What the screen's message line then says.
      var app = AppState()
      (app.train.runCount, app.train.isRunning) = (p.runID, true)
      _ = TrainScreen.apply(.progress(p), to: &app)
      #expect(app.train.message == error)
    }
    Self.finish(session)
    #expect(session.snapshot().isFinished)
    #expect(session.snapshot().epochResults.count == 2)
    var info = stat()
    #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func resumingWithoutACheckpointSaysWhere() throws {
    let folder = Fixtures.temporaryDirectory() + "/empty-runs"
    var setup = TrainSetup()
    setup.resume = TrainSetup.latestCheckpoint
    #expect {
      try setup.prepare(assetsDirectory: Fixtures.assets, runsFolder: folder)
    } throws: { error in
      String(describing: error).contains(folder) && String(describing: error).contains("lenet5-mnist")
    }
  }
}
