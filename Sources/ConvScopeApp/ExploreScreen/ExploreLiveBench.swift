import ConvEngine
import Foundation
import TerminalUI

/// Training throughput with Explore following the run live, against the same run with no
/// screen at all: the "≥ 90% of headless" check, measured in one process on one run
/// so the two are comparable on a shared machine.
///
/// The workbench's own loop (`AppLoop`, the real engine runner) draws into an in-memory
/// terminal of `width`×`height`, one turn every 50 ms as the terminal's input poll paces it,
/// while the Train screen's worker trains LeNet-5. Phases alternate: *headless* (Explore not
/// bound, the loop not turning: nothing drawn, no weights copied) and *live* (Explore bound
/// with `R` and on screen: a forward pass on a copy of the run's weights about three times a
/// second, the maps, gradients and update ratios drawn every turn). A sampler thread notes
/// each summary the worker publishes (step and time), so a phase's rate is the steps between
/// its first and last summaries over the time between them, however the UI thread is busy.
/// Stretches over an epoch's end (a pass over the whole test set, not training) are left out.
/// The regular accuracy checks stay in: ten an epoch on a few test images, they are part of
/// every phase's steady rate alike, and on a fast machine (a Zen 5 trains LeNet-5 at ~1,500
/// steps a second) no 0.2 s between two summaries is free of one.
public enum ExploreLiveBench {
  public struct Report: Codable, Sendable {
    public var model = "lenet5"
    public var batch = 64
    public var threads = 2
    public var terminal = "in-memory 120×40"
    public var turnMilliseconds = 50
    public var phaseSeconds: Double
    /// Training images a second in each headless and each live phase, in the order run.
    public var headless: [Double] = []
    public var live: [Double] = []
    /// Frames the loop drew and live passes Explore showed, over all live phases.
    public var framesDrawn = 0
    public var liveSteps: [Int] = []
    /// median(live) / median(headless).
    public var ratio = 0.0
    public var target = 0.9
    /// The 1-minute load average before and after (the machine is shared).
    public var loadBefore = 0.0
    public var loadAfter = 0.0
  }

  /// Runs `pairs` headless/live pairs of `phaseSeconds` each (after a settling time each).
  public static func run(pairs: Int = 4, phaseSeconds: Double = 8, width: Int = 120, height: Int = 40) throws -> Report {
    var report = Report(terminal: "in-memory \(width)×\(height)", phaseSeconds: phaseSeconds)
    report.loadBefore = loadAverage()
    let engine = EngineSession()
    let runner = BackgroundEngineRunner(session: engine)
    let loop = AppLoop(backend: MemoryBackend(width: width, height: height), engine: runner,
                       state: AppState(size: Size(width: width, height: height)), pollTimeout: report.turnMilliseconds)
    // Stops the run and waits for its thread, as quitting the workbench does.
    defer { runner.shutdown() }
    var setup = TrainSetup(model: ModelChoice(name: report.model))
    // Long enough to outlast every phase on a fast machine (a Zen 5 runs 50 epochs in ~30 s);
    // the bench stops it when done.
    (setup.epochs, setup.batchSize) = (1000, report.batch)
    loop.dispatch(.selectScreen(.train))
    loop.dispatch(.train(.startRuns([setup])))
    // Until the worker runs (data loaded, first steps timed; a long run's question answered).
    let session = try waitFor("the training run to start", seconds: 120) { () -> TrainSession? in
      turn(loop)
      if loop.state.train.progress?.awaitsConfirmation == true { loop.dispatch(.train(.start)) }
      if let message = loop.state.train.progress?.saveError { throw EngineError("bench", message) }
      // Past the timed first steps (the estimate made, so no question comes later).
      guard let s = engine.training.session else { return nil }
      let p = s.snapshot()
      return p.estimate != nil && !p.awaitsConfirmation && !p.isPaused ? s : nil
    }
    let sampler = Sampler(session)
    sampler.start()
    defer { sampler.stop() }
    for _ in 0..<max(1, pairs) {
      report.headless.append(try phase(live: false, loop, sampler, seconds: phaseSeconds))
      let frames = loop.framesDrawn
      report.live.append(try phase(live: true, loop, sampler, seconds: phaseSeconds))
      report.framesDrawn += loop.framesDrawn - frames
      report.liveSteps.append(loop.state.explore.trace?.live?.step ?? -1)
    }
    report.ratio = Percentiles(report.live).median / max(1e-9, Percentiles(report.headless).median)
    report.loadAfter = loadAverage()
    return report
  }

  /// One phase: bind or unbind Explore, let the change settle (the worker copies weights for
  /// two seconds after the last request), then measure for `seconds`.
  private static func phase(live: Bool, _ loop: AppLoop<MemoryBackend>, _ sampler: Sampler, seconds: Double) throws -> Double {
    loop.dispatch(.selectScreen(live ? .explore : .train))
    if loop.state.explore.isLive != live { loop.dispatch(.explore(.toggleLive)) }
    if live {
      // Until the first live pass is on screen.
      _ = try waitFor("Explore to follow the run", seconds: 60) { () -> Bool? in
        turn(loop)
        return loop.state.explore.trace?.live != nil ? true : nil
      }
      let settle = now() + 1
      while now() < settle { turn(loop) }
    } else {
      for _ in 0..<4 { turn(loop) }
      Thread.sleep(forTimeInterval: TrainSession.liveWatchSeconds + 0.5)
    }
    let (start, end) = (now(), now() + seconds)
    if live { while now() < end { turn(loop) } } else { Thread.sleep(forTimeInterval: seconds) }
    guard let rate = sampler.imagesPerSecond(from: start, to: end) else {
      throw EngineError("bench", "the run published no two summaries without an epoch's end between them in \(seconds) s "
        + "(\(sampler.description))")
    }
    return rate
  }

  /// One loop turn, paced like the terminal's 50 ms input poll (the in-memory terminal
  /// answers at once).
  private static func turn(_ loop: AppLoop<MemoryBackend>) {
    let start = now()
    loop.turn()
    let left = Double(loop.pollTimeout) / 1000 - (now() - start)
    if left > 0 { Thread.sleep(forTimeInterval: left) }
  }

  /// Notes every summary the worker publishes: when it was seen, the step, and whether an
  /// epoch ended since the previous one.
  final class Sampler: @unchecked Sendable {
    struct Mark { var time: Double; var step: Int; var batch: Int; var epochsEnded: Int }
    private let session: TrainSession
    private let lock = NSLock()
    private var marks: [Mark] = []
    private var running = true

    init(_ session: TrainSession) { self.session = session }

    func start() {
      let t = Thread { [self] in
        while lock.withLock({ running }) {
          let p = session.snapshot()
          let mark = Mark(time: ExploreLiveBench.now(), step: p.step, batch: p.batchSize,
                          epochsEnded: p.epochResults.count)
          lock.withLock { if marks.last?.step != mark.step { marks.append(mark) } }
          usleep(2_000)
        }
      }
      t.name = "convscope.bench.sampler"
      // Not kept: a Thread keeps its block, which holds the sampler, so a stored thread made a
      // cycle that kept the session (its network and the 47 MB training set) after the bench
      // (LeakSanitizer found it). The thread ends on `stop()` and then releases the sampler.
      t.start()
    }

    func stop() { lock.withLock { running = false } }

    /// The summaries seen so far, for a message.
    var description: String {
      lock.withLock { "\(marks.count) summaries seen, the last at step \(marks.last?.step ?? 0)" }
    }

    /// Images a second between the summaries seen in `start...end`, over the stretches
    /// between consecutive summaries with no epoch's end in between.
    func imagesPerSecond(from start: Double, to end: Double) -> Double? {
      let inside = lock.withLock { marks.filter { $0.time >= start && $0.time <= end } }
      var (images, seconds) = (0, 0.0)
      for (a, b) in zip(inside, inside.dropFirst()) where a.epochsEnded == b.epochsEnded {
        images += (b.step - a.step) * b.batch
        seconds += b.time - a.time
      }
      return seconds > 0 ? Double(images) / seconds : nil
    }
  }

  static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// The 1-minute load average (0 where /proc is missing).
  private static func loadAverage() -> Double {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap { $0.split(separator: " ").first }
      .flatMap { Double($0) } ?? 0
  }

  /// Calls `body` until it returns a value, or fails after `seconds`.
  private static func waitFor<T>(_ what: String, seconds: Double, _ body: () throws -> T?) throws -> T {
    let deadline = now() + seconds
    while now() < deadline {
      if let value = try body() { return value }
    }
    throw EngineError("bench", "timed out waiting for \(what)")
  }
}
