import ConvEngine

/// The Train screen's state: the next run's setup, the run in progress as its worker last
/// summarised it, and every run of the session for comparison. The trainer itself lives
/// with the worker (`TrainSession`); only small summaries live here, so the state stays
/// `Equatable` and cheap.
public struct TrainState: Equatable, Sendable {
  /// What the chart shows.
  public enum Chart: String, Equatable, Sendable {
    case loss, accuracy
  }

  /// What the lower right panel shows.
  public enum Panel: String, Equatable, Sendable, CaseIterable {
    case confusion, mistakes, runs
  }

  /// The datasets `t` cycles through; `TrainSetup.models` are the models `m` cycles through.
  public static let datasets: [DatasetKind] = [.mnist, .fashionMNIST]
  /// Epoch counts `e` cycles through (nil: the model's recipe).
  public static let epochChoices: [Int?] = [nil, 1, 2, 5, 10, 20]
  /// Pooling choices `p` cycles through (nil: the model's own).
  public static let poolingChoices: [PoolKind?] = [nil, .max, .average]
  /// Training-set sizes `l` cycles through (nil: the whole set).
  public static let limitChoices: [Int?] = [nil, 100, 1_000, 10_000]

  /// Whether a training run is in progress in the background (paused counts: quitting would
  /// still throw it away).
  public var isRunning: Bool
  /// The next run, as the keys set it up.
  public var next = TrainSetup()
  /// The layers every run's time-lapse keeps maps of (`convscope --timelapse-layers`), unless
  /// its setup says; nil: the first two conv layers.
  public var timeLapseLayers: [String]?
  /// Runs waiting to start when the current one ends (a two-run comparison, transfer arms).
  public var queue: [TrainSetup] = []
  /// Whether the run is paused (space, `s`, `n`, or the health monitor).
  public var isPaused = false
  /// The settings the user asked for; taken from the first summary, then changed by keys.
  public var learningRate: Float?
  public var momentum: Float?
  public var weightDecay: Float?
  public var batchSize: Int?
  /// The worker's latest summary of the current (or last) run; nil before the first one.
  public var progress: TrainProgress?
  /// Every earlier run of this session, oldest first, as it ended.
  public var runs: [TrainProgress] = []
  /// Runs drawn on the chart with the current one (ids), at most `maxCompared`.
  public var compared: [Int] = []
  /// The run `w` and `x` act on (k/j in the runs table); nil: the current (or last) run.
  public var selectedRun: Int?
  /// The misclassified image picked in the gallery (an index into the shown run's `mistakes`):
  /// Enter opens it in Explore.
  public var selectedMistake: Int?
  /// The step each run's newest checkpoint holds (`w`), by run id.
  public var savedSteps: [Int: Int] = [:]
  /// Runs started so far (the next run's id is this plus one).
  public var runCount = 0
  public var chart = Chart.loss
  /// Log y axis as chosen with `y`; nil: the default (log for the loss of overlaid runs,
  /// whose differences a linear axis from the first steps' loss flattens).
  public var logScale: Bool?
  /// The chart shows only the first steps (x in steps), `z`.
  public var isZoomed = false
  public var panel = Panel.confusion
  /// Whether a poll is on its way (one at a time, so polls never pile up).
  public var isPolling = false
  /// The last thing the screen wants to say (saved checkpoint, errors).
  public var message: String?
  /// Where the time-lapse scrubber is (`(`, `)`, `P`): a kept frame of the run, or the run now.
  public var scrub = TimeLapseScrub()
  /// Which of the time-lapse's map layers the side column shows (`L`), an index into
  /// `TimeLapse.mapLayers`; 0, the shallowest, is also the one the run shows live.
  public var mapLayer = 0

  /// How many other runs the chart overlays at once.
  public static let maxCompared = 3

  public init(isRunning: Bool = false) {
    self.isRunning = isRunning
  }

  /// Every run of the session, the current one last.
  public var allRuns: [TrainProgress] { runs + (progress.map { [$0] } ?? []) }

  /// A run by id (earlier ones, or the current one).
  public func run(_ id: Int) -> TrainProgress? { allRuns.last { $0.runID == id } }

  /// Whether the chart's y axis is logarithmic now.
  public func usesLogScale(comparing: Bool) -> Bool { logScale ?? (chart == .loss && comparing) }

  /// The run `w` and `x` act on: the selected one, else the current (or last) one.
  public var targetRun: TrainProgress? { selectedRun.flatMap(run) ?? progress }

  /// Runs that trained since their last checkpoint (quitting would lose them; the one
  /// training now included).
  public var unsavedRuns: [TrainProgress] {
    allRuns.filter { $0.step > 0 && (savedSteps[$0.runID] ?? -1) < $0.step }
  }

  /// The next run's model and dataset names, e.g. for the intro text.
  public var model: String { next.modelName }
  public var dataset: String { next.dataset.rawValue }
}
