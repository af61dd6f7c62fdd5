import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation

/// The workbench's options about what it shows (as opposed to how it draws): weights of the
/// user's own for the Explore screen. Shared by `convscope workbench` and a bare `convscope`.
struct WorkbenchOptions: ParsableArguments {
  @Option(help: """
    Weights (safetensors) for the Explore screen, e.g. a checkpoint from `convscope train --save`. \
    They are used for the model they were saved for; the other models keep their own.
    """)
  var weights: String?

  @Option(help: """
    The model Explore and Train open: \(ExploreState.models.joined(separator: ", ")), alexnet-224px-style sizes, \
    or a model file (*.convnet; a mistake in it is reported before the workbench starts). \
    With --weights: the model they are for, when the file does not say (a convscope file does; \
    a torchvision AlexNet state dict means alexnet-torchvision).
    """)
  var model: String?

  @Option(help: """
    The layers whose maps each Train-screen run's time-lapse keeps, comma-separated (e.g. C1,C3), \
    or all (every conv layer); names a run's model lacks are skipped. Default: the first two conv layers.
    """)
  var timelapseLayers: String?

  func validate() throws {
    if let model, !ModelFile.isModelFile(model), ModelChoice(model) == nil {
      throw ValidationError("unknown model \"\(model)\"; choose one of \(ExploreState.models.joined(separator: ", ")), "
        + "or a model file (*.convnet)")
    }
  }

  /// The state the workbench opens in: Explore (and Train's next run) on --model, or on the
  /// weights' model with the weights. A missing or unreadable file, or a model file with a
  /// mistake, fails here, before the terminal is taken over; whether the tensors fit the
  /// model is the engine's to say, on screen, when it loads them.
  func initialState() throws -> AppState {
    var state = Workbench.defaultState()
    state.train.timeLapseLayers = timelapseLayers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    // A model file is read once, here: its errors are one line with file:line:column.
    var fileSpec: ModelSpec?
    if let model, ModelFile.isModelFile(model) { fileSpec = try CLI.guarded { try ModelFile.read(path: model) } }
    guard let weights else {
      if let model { open(model, spec: fileSpec, in: &state) }
      return state
    }
    let path = absolutePath(weights)
    // The reader's own checks, without reading: a FIFO would otherwise block here (or, opened
    // later, with the terminal taken), and /dev/zero would be read on screen until memory ran out.
    do {
      try FileIO.checkReadable(path, as: .weights)
    } catch let error as EngineError {
      CLI.printError(EngineError(weights, error.problem).description + " (--weights)")
      throw ExitCode(1)
    }
    let declared = ExploreWeights.declaredModel(ofFile: path)
    // An explicit --model wins: the load then says plainly if the file is for another one.
    let chosen = model.map { ModelFile.isModelFile($0) ? $0 : ModelChoice($0)?.text ?? $0 } ?? declared ?? "lenet5"
    // A run saved with its time-lapse can be replayed: a broken one fails here, like the weights.
    let timeLapse: TimeLapse?
    do {
      timeLapse = try ExploreWeights.timeLapse(besideCheckpoint: path)
    } catch {
      CLI.printError("\(error) (the time-lapse beside --weights; move it away to explore the weights alone)")
      throw ExitCode(1)
    }
    state.explore = ExploreState(model: chosen, userWeights: ExploreWeights(model: chosen, path: path, timeLapse: timeLapse))
    state.explore.spec = fileSpec
    if let model { open(model, spec: fileSpec, in: &state, explore: false) }
    return state
  }

  /// Opens `model` (a catalog name or a model file read as `spec`) on Explore and as the
  /// Train screen's next run.
  private func open(_ model: String, spec: ModelSpec?, in state: inout AppState, explore: Bool = true) {
    let choice = ModelFile.isModelFile(model) ? ModelChoice(name: model) : ModelChoice(model) ?? ModelChoice(name: model)
    if explore { state.explore = state.explore.switching(to: choice.text, spec: spec) }
    state.train.next.model = choice
    state.train.next.modelSpec = spec
    if let spec { state.train.next.takeDataset(of: spec) }
  }

  /// `path` made absolute (with `~` expanded), so the title and errors name the real file.
  private func absolutePath(_ path: String) -> String {
    let expanded = NSString(string: path).expandingTildeInPath
    if expanded.hasPrefix("/") { return expanded }
    return FileManager.default.currentDirectoryPath + "/" + expanded
  }
}
