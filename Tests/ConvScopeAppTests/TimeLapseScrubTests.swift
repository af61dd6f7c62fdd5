import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// The time-lapse scrubber: its pure state (table-tested), the Train and Explore actions,
/// keys and clicks, a Train run keeping a time-lapse and saving it beside its checkpoint, and
/// a reloaded run scrubbing to the same pictures as the live one.
@Suite(.serialized) struct TimeLapseScrubTests {
  // MARK: - The scrubber's state

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var start = TimeLapseScrub()
    var count = 5
    var actions: [TimeLapseAction] = []
    var ticks = 0
    var frame: Int?
    var isPlaying = false
    var message: String? = nil
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "( from now shows the newest kept frame", actions: [.step(-1)], frame: 4),
    Case(name: "( twice shows the one before", actions: [.step(-1), .step(-1)], frame: 3),
    Case(name: "( stops at the first frame", start: TimeLapseScrub(frame: 0), actions: [.step(-1)], frame: 0),
    Case(name: ") from the last frame returns to now", start: TimeLapseScrub(frame: 4), actions: [.step(1)], frame: nil),
    Case(name: ") from now stays now", actions: [.step(1)], frame: nil),
    Case(name: "a click jumps to its frame", actions: [.jump(2)], frame: 2),
    Case(name: "a click past the end shows the last frame", actions: [.jump(9)], frame: 4),
    Case(name: "P from now plays from the first frame", actions: [.togglePlay], frame: 0, isPlaying: true),
    Case(name: "P from a middle frame plays on from it", start: TimeLapseScrub(frame: 2), actions: [.togglePlay],
         frame: 2, isPlaying: true),
    Case(name: "P while playing stops where it is", start: TimeLapseScrub(frame: 3, isPlaying: true),
         actions: [.togglePlay], frame: 3),
    Case(name: "a key while playing stops it", start: TimeLapseScrub(frame: 3, isPlaying: true), actions: [.step(-1)],
         frame: 2),
    Case(name: "playing: two quiet turns are not yet a frame", actions: [.togglePlay], ticks: 2, frame: 0, isPlaying: true),
    Case(name: "playing: three quiet turns are the next frame", actions: [.togglePlay], ticks: 3, frame: 1, isPlaying: true),
    Case(name: "playing past the last frame returns to now", actions: [.togglePlay], ticks: 15, frame: nil),
    Case(name: "no frames: a message and nothing shown", count: 0, actions: [.step(-1)], frame: nil,
         message: TimeLapseScrub.noFrames),
    Case(name: "a frame beyond a thinned time-lapse shows its last", start: TimeLapseScrub(frame: 40), count: 5, frame: 4),
  ]

  @Test(arguments: cases) func scrub(_ c: Case) {
    var scrub = c.start
    var message: String?
    for action in c.actions { message = scrub.apply(action, count: c.count) ?? message }
    for _ in 0..<c.ticks { scrub.tick(count: c.count) }
    #expect(scrub.shown(count: c.count) == c.frame)
    #expect(scrub.isPlaying == c.isPlaying)
    #expect(message == c.message)
  }

  /// The caption's wordings, longest first: a narrow panel keeps the step and the frame.
  @Test func theCaptionFitsItsWidth() {
    let lapse = Self.lapse(count: 120)
    let shown = TimeLapseScrub(frame: 44)
    #expect(TimeLapseView.caption(lapse, shown) == "time-lapse at step 440 · frame 45/120")
    #expect(TimeLapseView.caption(lapse, shown, width: 36) == "time-lapse at step 440 · 45/120")
    #expect(TimeLapseView.caption(lapse, shown, width: 20) == "step 440 · 45/120")
    #expect(TimeLapseView.caption(lapse, TimeLapseScrub(frame: 44, isPlaying: true), width: 41)
      == "time-lapse at step 440 · 45/120 · playing")
    #expect(TimeLapseView.caption(lapse, TimeLapseScrub(), width: 36) == "time-lapse: 120 frames to step 1,190")
    #expect(TimeLapseView.caption(lapse, TimeLapseScrub(), width: 30) == "120 frames to step 1,190")
  }

  @Test func trackColumnsAndClicksAgree() {
    let track = Rect(x: 10, y: 3, width: 22, height: 1)
    for count in [1, 2, 7, 20, 433] {
      for index in [0, count / 2, count - 1] {
        let x = track.x + 1 + TimeLapseView.column(ofFrame: index, count: count, width: track.width - 2)
        let back = TimeLapseView.frame(atColumn: x, track: track, count: count)
        // A column holds several frames of a long time-lapse: the click lands within one column's worth.
        let tolerance = (count - 1) / (track.width - 3) + 1
        #expect(back.map { abs($0 - index) <= tolerance } == true, "\(count) frames, frame \(index): \(String(describing: back))")
      }
      #expect(TimeLapseView.frame(atColumn: track.x, track: track, count: count) == 0)
      #expect(TimeLapseView.frame(atColumn: track.right - 1, track: track, count: count) == count - 1)
      #expect(TimeLapseView.frame(atColumn: track.right, track: track, count: count) == nil)
    }
  }

  // MARK: - The screens' actions, keys and clicks

  /// A time-lapse of `count` LeNet-5 frames at steps 0, 10, 20, … with values that tell them apart.
  static func lapse(count: Int) -> TimeLapse {
    var lapse = TimeLapse(layer: "C1", kernelCount: 6, kernelSize: 5, mapLayers: [.init(name: "C1", count: 6, side: 28)],
                          every: 10)
    for i in 0..<count {
      lapse.record(TimeLapse.Frame(step: i * 10, kernels: (0..<150).map { Float(sin(Double($0 + 7 * i))) },
                                   maps: [(0..<(6 * 28 * 28)).map { Float(cos(Double($0) * 0.01 * Double(i + 1))) }]))
    }
    return lapse
  }

  static func trainState(frames: Int) -> AppState {
    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = .train
    state.train.isRunning = true
    state.train.runCount = 1
    var p = TrainProgress(model: "lenet5", dataset: "mnist")
    p.runID = 1
    (p.kernelLayer, p.kernelCount, p.kernelSize) = ("C1", 6, 5)
    p.kernels = [Float](repeating: 0.1, count: 150)
    (p.sampleMapLayer, p.sampleMapCount, p.sampleMapSide) = ("C1", 6, 28)
    p.sampleMaps = [Float](repeating: 0.5, count: 6 * 28 * 28)
    p.timeLapse = frames > 0 ? lapse(count: frames) : nil
    state.train.progress = p
    return state
  }

  @Test func trainKeysScrubAndPlay() throws {
    var state = Self.trainState(frames: 5)
    let back = try #require(KeyMap.action(for: .char("("), in: state))
    #expect(back == .train(.timeLapse(.step(-1))))
    _ = update(&state, back)
    #expect(state.train.scrub.frame == 4)
    _ = update(&state, try #require(KeyMap.action(for: .char("P"), in: state)))
    #expect(state.train.scrub == TimeLapseScrub(frame: 0, isPlaying: true))
    for _ in 0..<TimeLapseScrub.ticksPerFrame { _ = update(&state, .tick) }
    #expect(state.train.scrub.frame == 1)
    // Without a time-lapse the keys say why nothing moves.
    var bare = Self.trainState(frames: 0)
    _ = update(&bare, .train(.timeLapse(.step(-1))))
    #expect(bare.train.scrub == TimeLapseScrub())
    #expect(bare.train.message == TimeLapseScrub.noFrames)
    // The footer offers the keys only when there is a time-lapse.
    #expect(KeyMap.footerHints(for: state).contains { $0.key == "( ) P" })
    #expect(!KeyMap.footerHints(for: bare).contains { $0.key == "( ) P" })
  }

  @Test func exploreScrubsTheFollowedRunOrTheLoadedCheckpoint() throws {
    var state = Self.trainState(frames: 5)
    state.screen = .explore
    state.explore.trace = ExploreTests.lenetTrace
    // Not following, no checkpoint: nothing to scrub.
    _ = update(&state, .explore(.timeLapse(.step(-1))))
    #expect(state.explore.scrub == TimeLapseScrub() && state.statusMessage == TimeLapseScrub.noFrames)
    // Following the run: its time-lapse.
    state.explore.isLive = true
    _ = update(&state, try #require(KeyMap.action(for: .char("("), in: state)))
    #expect(state.explore.scrub.frame == 4)
    // Esc closes the scrubber before anything else.
    state.explore.isZoomed = true
    _ = update(&state, .closeOverlay)
    #expect(state.explore.scrub == TimeLapseScrub() && state.explore.isZoomed)
    // A checkpoint's own time-lapse, while its model is the one explored.
    state.explore.isLive = false
    state.explore.userWeights = ExploreWeights(model: "lenet5", path: "/tmp/run.safetensors", timeLapse: Self.lapse(count: 3))
    _ = update(&state, .explore(.timeLapse(.togglePlay)))
    #expect(state.explore.scrub == TimeLapseScrub(frame: 0, isPlaying: true))
    for _ in 0..<(3 * TimeLapseScrub.ticksPerFrame) { _ = update(&state, .tick) }
    #expect(state.explore.scrub == TimeLapseScrub())
    // R (or another model) starts without a frame picked.
    state.explore.scrub.frame = 1
    _ = update(&state, .explore(.toggleLive))
    #expect(state.explore.scrub == TimeLapseScrub())
  }

  /// The scrubber's panel is beside every view of Explore: on the output layer the output view
  /// gives it the side, and the overview and the explain view close to show it.
  @Test func theScrubberPanelShowsOnTheOutputLayerAndClosesTheOverview() throws {
    var state = Self.trainState(frames: 5)
    state.screen = .explore
    state.explore.trace = ExploreTests.lenetTrace
    state.explore.isLive = true
    _ = update(&state, .explore(.jumpLast))
    let output = try #require(state.explore.currentLayer?.name)
    _ = update(&state, .explore(.timeLapse(.step(-1))))
    let text = ScreenSnapshotTests.draw(state, width: 120, height: 40)
    #expect(text.contains("Time-lapse of"))
    #expect(text.contains("time-lapse at step 40 · frame 5/5"))
    #expect(text.contains("\(output)'s maps are"))
    #expect(text.contains("C1 kernels at step 40"))
    // Esc closes the panel: the output view has the whole width again.
    _ = update(&state, .closeOverlay)
    #expect(!ScreenSnapshotTests.draw(state, width: 120, height: 40).contains("Time-lapse of"))
    // The overview and the explain view close when a frame is picked.
    state.explore.isOverview = true
    _ = update(&state, .explore(.timeLapse(.step(-1))))
    #expect(!state.explore.isOverview && state.explore.scrub.frame == 4)
    state.explore.isInspectorOpen = true
    _ = update(&state, .explore(.timeLapse(.jump(1))))
    #expect(!state.explore.isInspectorOpen && state.explore.scrub.frame == 1)
  }

  /// A LeNet-5 time-lapse keeping C1's and C3's maps: frame i's C3 values are i + their
  /// position / 10,000, so a drawing tells the frames and the layers apart.
  static func twoLayerLapse(count: Int) -> TimeLapse {
    var lapse = TimeLapse(layer: "C1", kernelCount: 6, kernelSize: 5,
                          mapLayers: [.init(name: "C1", count: 6, side: 28), .init(name: "C3", count: 16, side: 10)], every: 10)
    for i in 0..<count {
      lapse.record(TimeLapse.Frame(step: i * 10, kernels: (0..<150).map { Float(sin(Double($0 + 7 * i))) },
                                   maps: [(0..<(6 * 28 * 28)).map { Float(cos(Double($0) * 0.01 * Double(i + 1))) },
                                          (0..<(16 * 10 * 10)).map { Float(i) + Float($0) / 10_000 }]))
    }
    return lapse
  }

  struct LayerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var layers = 2
    var start = 0
    var presses = 1
    var mapLayer = 0
    var message: String?
    var testDescription: String { name }
  }

  static let layerCases: [LayerCase] = [
    LayerCase(name: "L from C1 shows C3", mapLayer: 1),
    LayerCase(name: "L from C3 wraps to C1", start: 1, mapLayer: 0),
    LayerCase(name: "L twice is back at C1", presses: 2, mapLayer: 0),
    LayerCase(name: "a pick past a shorter time-lapse's layers counts from its last", start: 5, mapLayer: 0),
    LayerCase(name: "one kept layer: stays and says how to keep more", layers: 1, mapLayer: 0,
              message: "This run's time-lapse keeps C1's maps only (--timelapse-layers keeps more)."),
    LayerCase(name: "no time-lapse: stays and says why", layers: 0, mapLayer: 0, message: TimeLapseScrub.noFrames),
  ]

  @Test(arguments: layerCases) func theMapLayerKeyCycles(_ c: LayerCase) {
    var state = Self.trainState(frames: 0)
    state.train.progress?.timeLapse = c.layers == 2 ? Self.twoLayerLapse(count: 3) : c.layers == 1 ? Self.lapse(count: 3) : nil
    state.train.mapLayer = c.start
    for _ in 0..<c.presses { _ = update(&state, .train(.cycleMapLayer)) }
    #expect(state.train.mapLayer == c.mapLayer)
    #expect(state.train.message == c.message)
  }

  /// `L` is the Train screen's own key (no other binding there has it), listed in help and, with
  /// two layers kept, in the footer; on Explore it keeps its meaning there.
  @Test func theMapLayerKeyIsOnTrainOnly() throws {
    var state = Self.trainState(frames: 0)
    state.train.progress?.timeLapse = Self.twoLayerLapse(count: 3)
    #expect(KeyMap.action(for: .char("L"), in: state) == .train(.cycleMapLayer))
    let holders = KeyMap.activeBindings(in: state).filter { $0.matches(.char("L")) }
    #expect(holders.count == 1)
    #expect(KeyMap.footerHints(for: state).contains { $0.key == "L" })
    #expect(KeyMap.helpEntries(for: .train).contains { $0.key == "L" })
    // One kept layer: nothing to turn to, so the footer does not offer it.
    state.train.progress?.timeLapse = Self.lapse(count: 3)
    #expect(!KeyMap.footerHints(for: state).contains { $0.key == "L" })
    state.screen = .explore
    #expect(KeyMap.action(for: .char("L"), in: state) != .train(.cycleMapLayer))
  }

  /// C3 picked on Train at 120×40: its 16 maps of the newest kept frame (the run computes only
  /// C1's between frames), then of the frame scrubbed to, named in the title with the step.
  @Test func trainShowsThePickedLayersMaps() throws {
    var state = Self.trainState(frames: 0)
    state.train.progress?.timeLapse = Self.twoLayerLapse(count: 5)
    let progress = try #require(state.train.progress)
    #expect(TrainSideView.maps(state.train, progress)?.layer == "C1")
    #expect(TrainSideView.maps(state.train, progress)?.step == nil)  // the run's live maps
    _ = update(&state, try #require(KeyMap.action(for: .char("L"), in: state)))
    let newest = try #require(TrainSideView.maps(state.train, progress))
    #expect(newest.layer == "C3" && newest.count == 16 && newest.side == 10 && newest.step == 40)
    #expect(newest.values == Self.twoLayerLapse(count: 5).frames[4].maps[1])
    _ = update(&state, .train(.timeLapse(.jump(2))))
    let scrubbed = try #require(TrainSideView.maps(state.train, progress))
    #expect(scrubbed.step == 20 && scrubbed.values.first == 2)
    let text = ScreenSnapshotTests.draw(state, width: 120, height: 40)
    // Two rows of seven at 120×40: fourteen of the sixteen, and the title says so.
    #expect(text.contains("C3 maps (14 of 16) of test image 0 at step 20"))
    #expect(text.contains("C1 kernels (6 × 5×5) at step 20"))
    #expect(text.contains("L maps layer"))
    Snapshot.assert(text, named: "train-timelapse-c3-120x40")
  }

  /// At 100×30 the output view beside the time-lapse panel is narrower: its prototypes caption
  /// takes a shorter wording that keeps the page's classes and its key, rather than being cut.
  @Test func theOutputCaptionFitsBesideTheTimeLapsePanel() throws {
    var state = Self.trainState(frames: 5)
    state.screen = .explore
    state.explore.trace = ExploreTests.lenetTrace
    state.explore.isLive = true
    _ = update(&state, .explore(.jumpLast))
    _ = update(&state, .explore(.timeLapse(.step(-1))))
    let text = ScreenSnapshotTests.draw(state, width: 100, height: 30)
    #expect(text.contains("Time-lapse of"))
    // The whole wording "F6 vs classes 0–4, pgdn/pgup" no longer fits; its shorter one does, whole.
    #expect(text.contains("F6 vs classes 0–4, pgdn "))
    Snapshot.assert(text, named: "explore-output-timelapse-100x30")
  }

  /// The scrubbed time-lapse at the smallest terminal and a large one: the caption keeps the
  /// step and the frame whole at 80×24; at 200×60 the maps grow into the rows the panel under
  /// them does not need; without Unicode the small grids are drawn, not stood in for.
  @Test(arguments: [(80, 24), (200, 60)]) func timeLapseLayout(size: (Int, Int)) throws {
    var train = Self.trainState(frames: 5)
    _ = update(&train, .train(.timeLapse(.step(-1))))
    let text = ScreenSnapshotTests.draw(train, width: size.0, height: size.1)
    #expect(text.contains("time-lapse at step 40 · frame 5/5"))
    // The maps' title is shortened to fit, never cut: the step is always there.
    #expect(text.contains(size.0 == 80 ? "C1 maps of test image 0 at step 40" : "C1 maps of test image 0 (0) at step 40"))
    Snapshot.assert(text, named: "train-timelapse-\(size.0)x\(size.1)")
    var sized = train
    sized.size = Size(width: size.0, height: size.1)
    let progress = try #require(train.train.progress)
    let side = try #require(TrainView.panes(train.train, progress, inner: Self.trainInner(sized))).side
    let sideLayout = TrainSideView.layout(train.train, progress, in: side)
    let maps = TrainSideView.cells(count: 6, side: 28, maxRows: 1, width: side.width, height: sideLayout.mapRows)
    if size.0 == 200 {
      // Three maps a row in two rows, 24 columns or more each, where one row gave each 12.
      #expect(maps.perRow == 3 && maps.rows == 2 && maps.width >= 24)
    } else {
      #expect(maps.rows == 1)
    }
    let ascii = ScreenSnapshotTests.draw(train, width: size.0, height: size.1, depth: .mono, unicode: false)
    #expect(ascii.contains("time-lapse at step 40"))
    // The kernels in the ASCII shade ramp, not one stand-in character: their rows, in the side
    // column, hold several of its shades.
    let top = try #require(sideLayout.kernels)
    let rows = ascii.split(separator: "\n").map { Array($0.dropFirst()) }  // the snapshot quotes each row
    let cells = rows[(top + 1)...(top + 3)].flatMap { $0[side.x..<min($0.count, side.right)] }
    #expect(Set(cells.filter { ".:-=*%#@".contains($0) }).count >= 4, "\(String(cells))")
    Snapshot.assert(ascii, named: "train-timelapse-\(size.0)x\(size.1)-ascii-mono")

    var explore = Self.trainState(frames: 5)
    explore.screen = .explore
    explore.explore.trace = ExploreTests.lenetTrace
    explore.explore.isLive = true
    explore.explore.layer = 1
    _ = update(&explore, .explore(.timeLapse(.step(-1))))
    let panel = ScreenSnapshotTests.draw(explore, width: size.0, height: size.1)
    #expect(panel.contains(size.0 == 80 ? "step 40 · 5/5" : "time-lapse at step 40 · frame 5/5"))
    #expect(panel.contains(size.0 == 80 ? "C1 maps at step 40" : "C1 maps of test image 0 at step 40"))
    Snapshot.assert(panel, named: "explore-timelapse-\(size.0)x\(size.1)")
  }

  @Test func clicksOnTheTracksJump() throws {
    var train = Self.trainState(frames: 5)
    let progress = try #require(train.train.progress)
    let side = try #require(TrainView.panes(train.train, progress, inner: Self.trainInner(train))?.side)
    let track = try #require(TrainSideView.layout(train.train, progress, in: side).track(in: side))
    let click = MouseEvent(x: track.right - 1, y: track.y, button: .left)
    #expect(InputRouter.action(for: click, in: train) == .train(.timeLapse(.jump(4))))
    #expect(InputRouter.action(for: MouseEvent(x: track.x, y: track.y, button: .left), in: train)
      == .train(.timeLapse(.jump(0))))
    #expect(InputRouter.action(for: MouseEvent(x: track.x, y: track.y - 1, button: .left), in: train) == nil)
    // The drawn track is where the click looks for it.
    let text = ScreenSnapshotTests.draw(train, width: 120, height: 40)
    let row = text.split(separator: "\n")[track.y]
    #expect(row.contains("├") && row.contains("●┤"))

    var explore = Self.trainState(frames: 5)
    explore.screen = .explore
    explore.explore.trace = ExploreTests.lenetTrace
    explore.explore.isLive = true
    let exploreTrack = ExploreTimeLapsePanel.track(in: ExploreLayout(size: explore.size).side)
    let middle = MouseEvent(x: exploreTrack.x + exploreTrack.width / 2, y: exploreTrack.y, button: .left)
    // Only while the panel is open (a frame is shown).
    #expect(InputRouter.action(for: middle, in: explore) == nil)
    _ = update(&explore, .explore(.timeLapse(.step(-1))))
    #expect(InputRouter.action(for: middle, in: explore) == .explore(.timeLapse(.jump(2))))
    // While help is open, clicks do not scrub.
    train.isHelpVisible = true
    #expect(InputRouter.action(for: click, in: train) == nil)
  }

  static func trainInner(_ state: AppState) -> Rect {
    Block(title: "", unicode: true).inner(RootView.layout(Rect(state.size)).body).inset(top: 0, left: 1, bottom: 0, right: 1)
  }

  // MARK: - A Train run's time-lapse, saved and replayed

  /// A LeNet-5 (ReLU) run on 1,024 MNIST images (32 steps), stepped without a worker thread.
  static func session(limit: Int = 1_024) throws -> TrainSession {
    var setup = TrainSetup(model: ModelChoice(name: "lenet5-modern"))
    (setup.limit, setup.epochs, setup.batchSize) = (limit, 1, 32)
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1)
    return TrainSession(trainer: run.trainer, setup: setup, runID: 1, trainSet: run.trainSet, testSet: run.testSet)
  }

  @Test func aRunKeepsItsTimeLapseAndSavesItBesideTheCheckpoint() throws {
    let session = try Self.session()
    let start = session.snapshot()
    #expect(start.timeLapse?.frames.map(\.step) == [0])
    for _ in 0..<25 { _ = session.advance() }
    let lapse = try #require(session.archive().timeLapse)
    #expect(lapse.frames.map(\.step) == [0, 10, 20])
    #expect(lapse.layer == "C1" && lapse.kernelCount == 6)
    #expect(lapse.mapLayers == [.init(name: "C1", count: 6, side: 28), .init(name: "C3", count: 16, side: 10)])
    // Frame 0 is what the screen showed before the first step.
    #expect(lapse.frames[0].kernels == start.kernels && lapse.frames[0].maps[0] == start.sampleMaps)
    #expect(lapse.frames[2].kernels != start.kernels)
    // w writes it beside the checkpoint (with the metrics).
    let path = Fixtures.temporaryDirectory() + "/runs/r.safetensors"
    session.send(.save(path: path))
    _ = session.advance()
    #expect(session.snapshot().savedPath == path)
    let saved = try #require(try ExploreWeights.timeLapse(besideCheckpoint: path))
    #expect(saved == session.archive().timeLapse)
    #expect(session.snapshot().timeLapse == saved)
  }

  /// The same frame of the live run (Explore following it) and of the run saved and loaded
  /// again with --weights draws the same pictures.
  @Test func aReloadedRunScrubsToTheSamePictures() throws {
    let session = try Self.session()
    for _ in 0..<30 { _ = session.advance() }
    let path = Fixtures.temporaryDirectory() + "/runs/replay.safetensors"
    session.send(.save(path: path))
    _ = session.advance()
    var live = AppState(size: Size(width: 120, height: 40))
    live.screen = .explore
    live.explore.trace = ExploreTests.lenetTrace
    live.explore.isLive = true
    live.train.progress = session.snapshot()
    live.train.runCount = 1
    var reloaded = AppState(size: Size(width: 120, height: 40))
    reloaded.screen = .explore
    reloaded.explore.trace = ExploreTests.lenetTrace
    reloaded.explore.userWeights = ExploreWeights(model: "lenet5", path: path,
                                                  timeLapse: try ExploreWeights.timeLapse(besideCheckpoint: path))
    for _ in 0..<3 {
      _ = update(&live, .explore(.timeLapse(.step(-1))))
      _ = update(&reloaded, .explore(.timeLapse(.step(-1))))
    }
    #expect(live.explore.scrub.frame == 1 && reloaded.explore.scrub.frame == 1)
    // The panel alone, text and colours, below its first row (which names the run or the file).
    func panel(_ state: AppState) throws -> [String] {
      let lapse = try #require(ExploreScreen.timeLapse(state))
      let backend = MemoryBackend(width: 40, height: 34, colorDepth: .c256, unicode: true)
      var terminal = Terminal(backend: backend)
      terminal.draw { frame in ExploreTimeLapsePanel.render(state, lapse: lapse, in: Rect(x: 0, y: 0, width: 40, height: 34), into: &frame) }
      let text = backend.buffer.snapshot().split(separator: "\n").dropFirst().map(String.init)
      let styles = backend.buffer.styleSnapshot().split(separator: "\n").filter { !$0.hasPrefix("0:") }.map(String.init)
      return text + styles
    }
    let a = try panel(live), b = try panel(reloaded)
    #expect(a == b)
    #expect(a.joined().contains("time-lapse at step 10 · frame 2/4"))
    #expect(a.joined().contains("C1 kernels at step 10"))
    // On the input, which the time-lapse does not keep, the panel says so and shows C1.
    #expect(a.joined().contains("input's maps are not kept (kept: C1, C3"))
    #expect(a.joined().contains("C1 maps of test image 0 at step 10"))
    #expect(a.count > 40)
    Snapshot.assert(ScreenSnapshotTests.draw(reloaded, width: 120, height: 40), named: "explore-timelapse-reloaded-120x40")
    // Viewing C3, a deeper layer: its maps at that step, the same for the live run and the reloaded one.
    let c3 = try #require(ExploreTests.lenetTrace?.layers.firstIndex { $0.name == "C3" })
    live.explore.layer = c3
    reloaded.explore.layer = c3
    let c, d: [String]
    (c, d) = (try panel(live), try panel(reloaded))
    #expect(c == d)
    #expect(c.joined().contains("C3 maps of test image 0 at step 10"))
    #expect(!c.joined().contains("not kept"))
    Snapshot.assert(ScreenSnapshotTests.draw(reloaded, width: 120, height: 40), named: "explore-timelapse-reloaded-c3-120x40")
  }
}
