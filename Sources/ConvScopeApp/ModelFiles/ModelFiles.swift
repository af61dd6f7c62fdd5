import Foundation
import ConvEngine

/// The model-file part of `update`: pure, like the rest of it. Files are only named here; the
/// `.readModelFile` and `.editModelFile` effects read them (and run the editor), and their
/// outcome comes back as `.read`, which switches the screen to the file's network or, after
/// an edit, reloads it and keeps a report of what changed.
enum ModelFiles {
  static func update(_ state: inout AppState, _ action: ModelFileAction) -> [Effect] {
    switch action {
    case .openPrompt:
      guard let screen = modelScreen(state) else { return [] }
      if screen == .train, state.train.isRunning { return trainBusy(&state) }
      // Start from the file open now, so the next variant is one edit away.
      state.modelFiles.prompt = TextLineEditor(currentFile(state, on: screen) ?? "")
      state.modelFiles.promptScreen = screen
      state.modelFiles.promptError = nil
    case .promptEdit(let edit):
      let before = state.modelFiles.prompt?.text
      state.modelFiles.prompt?.apply(edit)
      if state.modelFiles.prompt?.text != before { state.modelFiles.promptError = nil }
    case .promptCancel:
      state.modelFiles.prompt = nil
    case .promptSubmit:
      guard let text = state.modelFiles.prompt?.text.trimmingCharacters(in: .whitespaces) else { return [] }
      if let problem = problem(withPath: text) {
        state.modelFiles.promptError = problem
        state.statusMessage = problem
        return []
      }
      state.modelFiles.prompt = nil
      state.statusMessage = nil
      return [.readModelFile(path: text, screen: state.modelFiles.promptScreen)]
    case .edit:
      guard let screen = modelScreen(state) else { return [] }
      if screen == .train, state.train.isRunning { return trainBusy(&state) }
      guard let path = currentFile(state, on: screen) else {
        state.statusMessage = builtInAdvice(screen == .explore ? state.explore.model : state.train.next.model.name)
        return []
      }
      // A file convscope ships (a lesson's, a built-in's) is not edited in place: the editor
      // gets a copy in the folder the workbench was started from, which the screen then shows.
      if let copy = copyPath(forShipped: path) { return [.editModelFile(path: copy, screen: screen, copyOf: path)] }
      return [.editModelFile(path: path, screen: screen)]
    case .editorFailed(let message):
      state.statusMessage = message
    case .read(let read):
      return apply(read, to: &state)
    case .closeReport:
      state.modelFiles.report = nil
    }
    return []
  }

  /// The screen whose model the keys act on: Explore or Train (nil elsewhere).
  static func modelScreen(_ state: AppState) -> Screen? {
    state.screen == .explore || state.screen == .train ? state.screen : nil
  }

  /// The model file open on `screen`, or nil when it shows a built-in model.
  static func currentFile(_ state: AppState, on screen: Screen) -> String? {
    let model = screen == .train ? state.train.next.model.name : state.explore.model
    return ModelFile.isModelFile(model) ? model : nil
  }

  /// Where `M` copies a shipped model file (one in a `lessons/models/` or `assets/models/`
  /// folder) before editing it: its name in the folder the workbench was started from. Nil
  /// for the user's own files, which are edited where they are.
  static func copyPath(forShipped path: String) -> String? {
    let folders = path.split(separator: "/").dropLast().suffix(2)
    guard folders.count == 2, folders.last == "models", ["lessons", "assets"].contains(folders.first) else { return nil }
    return "./" + path.fileName
  }

  /// Why `text` cannot be a model file's path, or nil.
  static func problem(withPath text: String) -> String? {
    if text.isEmpty { return "type the path of a model file (*.convnet)" }
    if !ModelFile.isModelFile(text) {
      return "\(text): a model file's name ends in \(ModelFile.fileExtension) (copy one from assets/models/)"
    }
    return nil
  }

  /// What to do to edit a built-in model: copy its file (`alexnet@0.25-67px` is alexnet's).
  static func builtInAdvice(_ model: String) -> String {
    let file = ModelChoice(model)?.name ?? model.lowercased()
    return "\(model) is built in: copy assets/models/\(file).convnet to a file of your own, open it with F, edit it with M"
  }

  private static func trainBusy(_ state: inout AppState) -> [Effect] {
    state.statusMessage = "A run is active: the model applies to the next run (E ends this one), then F and M work here."
    return []
  }

  /// Stores a read file: opened on its screen, or reloaded with a report of what changed.
  /// A file with a mistake leaves the screen's model as it was.
  static func apply(_ read: ModelFileRead, to state: inout AppState) -> [Effect] {
    let name = read.path.fileName
    guard case .spec(let spec) = read.outcome else {
      if case .failed(let message) = read.outcome {
        // The file's name, not its whole path, so the line and the problem fit the status line.
        let short = message.hasPrefix(read.path + ":") ? name + message.dropFirst(read.path.count) : message
        state.statusMessage = read.purpose == .edit ? "not reloaded, the model stays: \(short)" : short
      }
      return []
    }
    // The file was checked layer by layer when read, so its table exists.
    guard let table = try? spec.shapeTable() else { return [] }
    // The path the screen showed: the shipped file, when the edit was made on a copy of it.
    let shown = read.copyOf ?? read.path
    let before = read.purpose == .edit ? previousSpec(state, shown, on: read.screen) : nil
    var effects: [Effect] = []
    switch read.screen {
    case .train:
      state.train.next.model = ModelChoice(name: read.path)
      state.train.next.modelSpec = spec
      state.train.next.takeDataset(of: spec)
      state.train.next.learningRate = nil
      state.train.next.momentum = nil
      state.train.next.weightDecay = nil
      state.train.next.batchSize = nil
    default:
      if read.purpose == .edit, state.explore.model == shown {
        // The same view (layer, input) on the new network (in the copy, from now on);
        // selections past its end are clamped when the pass arrives.
        state.explore.model = read.path
        state.explore.spec = spec
      } else {
        state.explore = state.explore.switching(to: read.path, spec: spec)
      }
      effects = ExploreScreen.requestForward(&state.explore)
    }
    // Status lines short enough for the room the key hints leave at 80 columns (38 cells);
    // the screen's title names the file, and the report has every number.
    guard let before, let old = try? before.shapeTable() else {
      state.statusMessage = "opened: \(table.totalParameters.grouped) parameters; M edits it"
      return effects
    }
    let diff = ShapeTableDiff(before: old, after: table)
    state.modelFiles.report = ModelFileReport(path: read.path, screen: read.screen, title: spec.title, diff: diff, copyOf: read.copyOf)
    if read.copyOf != nil {
      state.statusMessage = "edited a copy: \(read.path)"
    } else {
      state.statusMessage = diff.isUnchanged
        ? "saved with no change to the network"
        : "reloaded: \(diff.changedRows.count) of \(table.rows.count) layers changed"
    }
    return effects
  }

  /// The network `screen` had from the file at `path` before the edit.
  private static func previousSpec(_ state: AppState, _ path: String, on screen: Screen) -> ModelSpec? {
    switch screen {
    case .train: state.train.next.model.name == path ? state.train.next.modelSpec : nil
    default: state.explore.model == path ? state.explore.spec : nil
    }
  }
}
