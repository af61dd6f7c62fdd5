extension ExploreScreen {
  /// The Explore prompt (a test image by index, an image file by path) and the setup a lesson
  /// link asks for: the parts of `ExploreScreen.update` that choose an input by name. Pure like the
  /// rest: files are only named here; the engine work reads them.
  static func updatePrompt(_ e: inout ExploreState, _ action: ExploreAction, state: inout AppState) -> [Effect] {
    switch action {
    case .openIndexPrompt:
      guard !e.takesPhotos else {
        state.statusMessage = "test images by index are 28×28 digits for LeNet-5 and the small AlexNet (press m); o opens an image file"
        return []
      }
      let dataset = if case .dataset(let kind, _) = e.input.base { kind } else { "mnist" }
      e.prompt = ExplorePrompt(.index(dataset: dataset))
    case .openPathPrompt:
      // Start from the last file typed, so a typo is one edit away from fixed.
      let last = if case .file(let path) = e.input.base { path } else { "" }
      e.prompt = ExplorePrompt(.path, text: last)
    case .promptEdit(let edit):
      let before = e.prompt?.editor.text
      e.prompt?.editor.apply(edit)
      // The refusal stays until the text changes: moving the cursor to fix it keeps it in view.
      if e.prompt?.editor.text != before { e.prompt?.error = nil }
    case .promptSubmit:
      guard let prompt = e.prompt else { return [] }
      switch ExplorePrompt.input(for: prompt.kind, text: prompt.editor.text) {
      case .failure(let problem):
        // The prompt stays open with the text as typed, so it can be corrected.
        e.prompt?.error = problem.message
        state.statusMessage = problem.message
        return []
      case .success(let input):
        e.prompt = nil
        e.input = input
        e.isDrawing = false
        e.isZoomed = false
        state.statusMessage = nil
        return requestForward(&e)
      }
    case .promptCancel:
      e.prompt = nil
    default:
      break
    }
    return []
  }

  /// Sets the screen up as a lesson link describes: another model starts fresh (keeping the
  /// user's settings); the input is replaced; the layer and map are selected at once when the
  /// pass on screen is already for this input, else when the new pass arrives.
  static func setUpExplore(_ e: inout ExploreState, _ setup: ExploreSetup, state: inout AppState) -> [Effect] {
    if setup.model != e.model { e = e.switching(to: setup.model) }
    if let input = setup.input { e.input = input }
    e.isDrawing = false
    e.isZoomed = false
    e.showsKernels = false
    e.prompt = nil
    e.error = nil
    e.pendingLayer = setup.layer
    e.pendingMap = setup.map
    if let trace = e.trace, trace.input == e.input, !e.isLoading {
      applyPendingSelection(&e, state: &state)
      return []
    }
    return requestForward(&e)
  }

  /// Selects the layer and map a followed link asked for, once a pass for the asked-for input
  /// is there (an older pass still on its way is not the one the link meant).
  static func applyPendingSelection(_ e: inout ExploreState, state: inout AppState) {
    guard e.pendingLayer != nil || e.pendingMap != nil, let trace = e.trace else { return }
    if let input = trace.input, input != e.input { return }
    if let name = e.pendingLayer {
      if let index = trace.layers.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
        step(&e, to: index)
      } else {
        state.statusMessage = "\(trace.model) has no layer \(name); layers: "
          + trace.layers.map(\.name).joined(separator: ", ")
      }
    }
    if let map = e.pendingMap { selectMap(&e, map, size: state.size, pixelMode: state.pixelMode) }
    e.pendingLayer = nil
    e.pendingMap = nil
  }
}
