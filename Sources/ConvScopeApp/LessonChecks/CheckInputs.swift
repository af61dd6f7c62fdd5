import ConvEngine

/// The parts of `AppState` a `CheckSnapshot` is made from, kept as they are in the state.
/// The copies share their storage with the state, so comparing two of them costs a few
/// pointer comparisons while nothing changed (Swift's arrays compare equal at once when they
/// share a buffer): `LessonChecks.regrade` builds a snapshot only when these differ from the
/// ones it last graded, not after every loop turn or training poll.
struct CheckInputs: Equatable, Sendable {
  /// The Train screen's ended runs, and of the current one only what the checks read (a poll
  /// changes its step and curve many times an epoch; its epoch results change once an epoch).
  var runs: [TrainProgress]
  var current: Current?
  var explore: ExploreState
  var comparison: ModelComparison?
  var pick: Int?
  var probes: [StrokeProbe]

  struct Current: Equatable, Sendable {
    var runID: Int
    var model: ModelChoice
    var dataset: String
    var epochs: [RunRecord.Epoch]
  }

  init(_ state: AppState) {
    runs = state.train.runs
    current = state.train.progress.map {
      Current(runID: $0.runID, model: $0.setup.model, dataset: $0.dataset, epochs: $0.epochResults)
    }
    explore = state.explore
    comparison = state.compare.comparison
    pick = state.compare.pick
    probes = state.lessonChecks.probes
  }
}
