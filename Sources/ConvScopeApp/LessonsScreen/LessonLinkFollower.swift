import ConvEngine

/// Turns a followed lesson link into what the workbench does: the screen to show, the setup
/// it can already do (Explore: model, input, layer and map), and a status line saying what
/// was asked for.
enum LessonLinkFollower {
  static func follow(_ link: LessonLink, in state: inout AppState) -> [Effect] {
    switch link {
    case .lesson(let id, let section):
      LessonsScreen.open(id, section: section, in: &state)
      return []
    case .quiz(let id):
      LessonsScreen.open(id, section: nil, in: &state)
      LessonsScreen.startQuiz(in: &state)
      return []
    case .compare(let models):
      let names = models.map(\.name).joined(separator: " vs ")
      let effects = update(&state, .selectScreen(.compare))
      state.statusMessage = "Compare: \(names.isEmpty ? "lenet5 vs alexnet" : names)"
      return effects
    case .explore(var explore):
      state.statusMessage = "Explore: " + describe(explore)
      explore.model = located(explore.model, in: state)
      // Set up before switching, so the switch does not start a pass for the old model; the
      // layer and map are selected when the new pass arrives (a missing layer then says so).
      let effects = update(&state, .explore(.setUp(ExploreSetup(explore))))
      return effects + update(&state, .selectScreen(.explore))
    case .train(var train):
      train.model = train.model.map { located($0, in: state) }
      // The runs start at once; a run already under way gives way to the lesson's.
      let runs = TrainSetup.runs(for: train)
      let effects = update(&state, .selectScreen(.train)) + update(&state, .train(.startRuns(runs)))
      let what = runs.count == 1 ? runs[0].summary : runs.compactMap(\.label).joined(separator: " vs ")
      state.statusMessage = "Train: \(what)" + (runs.count > 1 ? " (one after the other, overlaid)" : "")
      return effects
    }
  }

  /// A link's `lessons/models/` file in the lessons folder the workbench loaded (wherever it
  /// was started); built-in models as they are.
  static func located(_ model: ModelChoice, in state: AppState) -> ModelChoice {
    guard ModelFile.isModelFile(model.name), let folder = state.lessons.shelf.directory else { return model }
    return ModelChoice(name: LessonPaths.underLessons(model.name, lessonsDirectory: folder))
  }

  /// "model lenet5, layer C3, input mnist:test:7, map 2".
  static func describe(_ explore: LessonExplore) -> String {
    var parts = ["model " + describe(explore.model)]
    if let layer = explore.layer { parts.append("layer \(layer)") }
    if let input = explore.input { parts.append("input \(input.text)") }
    if let map = explore.map { parts.append("map \(map)") }
    return parts.joined(separator: ", ")
  }

  /// "alexnet (width 0.25, 67 px)".
  static func describe(_ model: ModelChoice) -> String {
    var extras: [String] = []
    if let width = model.width { extras.append("width \(width)") }
    if let size = model.inputSize { extras.append("\(size) px") }
    return extras.isEmpty ? model.name : "\(model.name) (\(extras.joined(separator: ", ")))"
  }
}
