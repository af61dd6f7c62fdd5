import ConvEngine

/// A step's state in words and numbers, for `convscope tour show` and the tests: what the
/// screen will show, worked out the way the workbench works it out.
public struct TourStepSummary: Sendable, Hashable, Encodable {
  public var number: Int
  public var title: String
  public var line: Int
  public var screen: String
  public var link: String
  /// "model lenet5, layer C1, input mnist:test:0, map 2" / the runs / the models compared.
  public var state: String
  /// Training steps: the steps of each run, in order (empty off the Train screen).
  public var trainingSteps: [Int]
  /// "zoom 14,9", "inspector at 14,9", "row C3", or nil.
  public var view: String?
  /// "key" or "8s".
  public var advance: String
  public var key: String?
  public var text: String
  /// The step's tasks, with whether the progress file has each met.
  public var tasks: [LessonTaskStatus]
}

extension TourStep {
  /// The runs a Train step starts (none on the other screens).
  public var runs: [TrainSetup] {
    guard case .train(let train) = show else { return [] }
    return TrainSetup.runs(for: train)
  }

  /// Steps a run takes: epochs × ⌈images ÷ batch⌉, with the model's recipe where the link
  /// names no epochs or batch size, and the dataset's 60,000 training images without a limit.
  public static func trainingSteps(_ setup: TrainSetup) -> Int {
    let recipe = (try? setup.model.spec(classes: 10)).map(TrainingRecipe.defaults) ?? TrainingConfig()
    let batch = max(1, setup.batchSize ?? recipe.batchSize)
    let images = setup.transfer?.examples ?? setup.limit ?? 60_000
    return (setup.epochs ?? recipe.epochs) * ((images + batch - 1) / batch)
  }

  /// The step as `convscope tour show` prints it; `tasks` are its tasks' status
  /// (`Tour.summaries(progress:)` gives every step with its own).
  public func summary(number: Int, tasks: [LessonTaskStatus] = []) -> TourStepSummary {
    let state: String
    switch show {
    case .explore(let explore): state = LessonLinkFollower.describe(explore)
    case .train: state = runs.map(\.summary).joined(separator: " | ")
    case .compare(let models): state = models.map(\.name).joined(separator: " vs ")
    case .lesson, .quiz: state = showText
    }
    let viewText: String? = switch view {
    case .plain: nil
    case .zoom(let r, let c, let inspect): inspect ? "zoomed, inspector at row \(r), column \(c)" : "zoomed, cursor at row \(r), column \(c)"
    case .compareRow(let text): "scrolled to the row \"\(text)\""
    }
    let advanceText = switch advance {
    case .key: "key"
    case .after(let s): "\(s)s"
    }
    return TourStepSummary(
      number: number, title: title, line: line, screen: screen.title, link: showText, state: state,
      trainingSteps: runs.map(Self.trainingSteps), view: viewText, advance: advanceText,
      key: key.map { "\($0.label): \($0.description)" }, text: text, tasks: tasks)
  }
}
