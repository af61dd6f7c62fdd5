/// The Explore screen's part of `update`: pure, like the rest of it.
enum ExploreScreen {
  static func update(_ state: inout AppState, _ action: ExploreAction) -> [Effect] {
    var e = state.explore
    defer { state.explore = e }
    switch action {
    case .open:
      // Not after a failure: the quiet-turn tick would retry a bad file every 50 ms. A new
      // model or input (or a followed link) asks again.
      return e.trace == nil && !e.isLoading && e.error == nil ? requestForward(&e) : []
    case .move(let dx, let dy):
      if e.isDrawing {
        e.canvas.movePen(dx: dx, dy: dy)
        return []
      }
      if e.isZoomed, let layer = e.currentLayer {
        e.cursorX = min(layer.width - 1, max(0, e.cursorX + dx))
        e.cursorY = min(layer.height - 1, max(0, e.cursorY + dy))
        return requestExplain(&e, width: ExploreLayout(size: state.size).side.width)
      }
      if dx != 0 { step(&e, to: e.layer + dx) }
      if dy != 0 { selectMap(&e, e.selectedMap + dy, size: state.size) }
      return e.isInspectorOpen ? requestExplain(&e, width: ExploreLayout(size: state.size).side.width) : []
    case .jumpFirst:
      step(&e, to: 0)
    case .jumpLast:
      step(&e, to: (e.trace?.layers.count ?? 1) - 1)
    case .page(let delta):
      guard let layer = e.currentLayer, !layer.isVector else { return [] }
      let perPage = e.mapsPerPage(size: state.size)
      let pages = (layer.channels + perPage - 1) / perPage
      e.page = min(max(0, pages - 1), max(0, e.page + delta))
      e.selectedMap = min(layer.channels - 1, e.page * perPage)
    case .toggleZoom:
      guard let layer = e.currentLayer, !layer.isVector else { return [] }
      e.isZoomed.toggle()
      e.cursorY = min(e.cursorY, layer.height - 1)
      e.cursorX = min(e.cursorX, layer.width - 1)
      if e.isZoomed { e.isInspectorOpen = true }
      return e.isZoomed ? requestExplain(&e, width: ExploreLayout(size: state.size).side.width) : []
    case .back:
      if state.isHelpVisible {
        state.isHelpVisible = false
      } else if e.isDrawing {
        e.isDrawing = false
      } else if e.isZoomed {
        e.isZoomed = false
      } else {
        e.isInspectorOpen = false
      }
    case .toggleInspector:
      e.isInspectorOpen.toggle()
      return e.isInspectorOpen ? requestExplain(&e, width: ExploreLayout(size: state.size).side.width) : []
    case .cycleScale:
      e.scaleMode = e.scaleMode.next
    case .toggleKernels:
      e.showsKernels.toggle()
    case .stepInput(let delta):
      e.input = stepped(e.input, by: delta, model: e.model)
      e.isDrawing = false
      return requestForward(&e)
    case .randomInput:
      // SplitMix64 step: deterministic, so tests can predict it.
      e.randomState &+= 0x9E37_79B9_7F4A_7C15
      var z = e.randomState
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      if e.isAlexNet {
        e.input = .photo(ExploreInput.photos[Int(z % UInt64(ExploreInput.photos.count))])
      } else {
        let kind = if case .dataset(let k, _) = e.input.base { k } else { "mnist" }
        e.input = .dataset(kind, index: Int(z % UInt64(ExploreState.testImageCount)))
      }
      e.isDrawing = false
      return requestForward(&e)
    case .cycleModel:
      let models = ExploreState.models
      let next = models[((models.firstIndex(of: e.model) ?? -1) + 1) % models.count]
      e = e.switching(to: next)
      return requestForward(&e)
    case .cycleDataset:
      guard !e.isAlexNet else { return [] }
      if case .dataset(let kind, let index) = e.input.base {
        e.input = .dataset(kind == "mnist" ? "fashion-mnist" : "mnist", index: index)
      } else {
        e.input = .dataset("mnist", index: 0)
      }
      e.isDrawing = false
      return requestForward(&e)
    case .toggleDrawing:
      guard !e.isAlexNet else {
        state.statusMessage = "drawing needs a LeNet-5 model (press m)"
        return []
      }
      e.isDrawing.toggle()
      e.isZoomed = false
      if e.isDrawing {
        e.input = .drawing(e.canvas.pixels)
        return requestForward(&e)
      }
    case .paint:
      guard e.isDrawing else { return [] }
      e.canvas.paint()
      e.input = .drawing(e.canvas.pixels)
      return requestForward(&e)
    case .clearCanvas:
      guard e.isDrawing else { return [] }
      e.canvas.clear()
      e.input = .drawing(e.canvas.pixels)
      return requestForward(&e)
    case .cyclePen:
      e.canvas.cyclePen()
    case .transform(let edit):
      return applyTransform(&e, edit, state: &state)
    case .addNoise:
      e.randomState &+= 0x9E37_79B9_7F4A_7C15
      return applyTransform(&e, .noise(seed: e.randomState), state: &state)
    case .paintCell(let y, let x):
      guard e.isDrawing else { return [] }
      e.canvas.paint(atY: y, x: x)
      e.input = .drawing(e.canvas.pixels)
      return requestForward(&e)
    case .openIndexPrompt, .openPathPrompt, .promptEdit, .promptSubmit, .promptCancel:
      return updatePrompt(&e, action, state: &state)
    case .setUp(let setup):
      return setUpExplore(&e, setup, state: &state)
    }
    return []
  }

  /// Stores an Explore engine result.
  static func apply(_ event: ExploreEvent, to state: inout AppState) -> [Effect] {
    var e = state.explore
    defer { state.explore = e }
    switch event {
    case .forwardFinished(let trace):
      e.trace = trace
      e.isLoading = false
      e.error = nil
      e.layer = min(e.layer, trace.layers.count - 1)
      clampSelection(&e)
      applyPendingSelection(&e, state: &state)
      if e.isInspectorOpen { return requestExplain(&e, width: ExploreLayout(size: state.size).side.width) }
    case .explained(let layer, let channel, let y, let x, let lines):
      guard layer == e.layer, channel == e.selectedMap, y == e.inspectY, x == e.inspectX else { return [] }
      e.inspectorLines = lines
    case .failed(let message):
      e.isLoading = false
      e.error = message
      state.statusMessage = message
      // The screen still shows the last pass: browsing goes on from that input, not the one
      // that failed (a mistyped path, say).
      if let shown = e.trace?.input, shown != e.input, !e.isDrawing {
        e.input = shown
      }
      e.pendingLayer = nil
      e.pendingMap = nil
    }
    return []
  }

  /// Edits the input: a drawing's canvas in place (so further strokes keep the edit), a
  /// dataset image by recording the edit for the engine, which owns the pixels.
  private static func applyTransform(_ e: inout ExploreState, _ edit: ExploreTransform, state: inout AppState) -> [Effect] {
    switch e.input.base {
    case _ where e.isAlexNet, .photo:
      state.statusMessage = "transforms work on 28×28 digits; pick a LeNet-5 model (press m)"
      return []
    case .drawing:
      e.canvas.pixels = edit.apply(to: e.canvas.pixels)
      e.input = .drawing(e.canvas.pixels)
    default:
      e.input = e.input.adding(edit)
    }
    return requestForward(&e)
  }

  static func requestForward(_ e: inout ExploreState) -> [Effect] {
    e.isLoading = true
    return [.startEngineWork(.explore(.forward(model: e.model, input: e.input, weights: e.weightsFile)))]
  }

  private static func requestExplain(_ e: inout ExploreState, width: Int) -> [Effect] {
    guard e.isInspectorOpen, e.trace != nil else { return [] }
    e.inspectorLines = []
    return [.startEngineWork(.explore(.explain(
      model: e.model, input: e.input, layer: e.layer, channel: e.selectedMap, y: e.inspectY, x: e.inspectX,
      width: width, weights: e.weightsFile)))]
  }

  static func step(_ e: inout ExploreState, to layer: Int) {
    let count = e.trace?.layers.count ?? 1
    let target = min(count - 1, max(0, layer))
    guard target != e.layer else { return }
    e.layer = target
    e.page = 0
    e.selectedMap = 0
    e.isZoomed = false
    e.inspectorLines = []
    clampSelection(&e)
  }

  static func selectMap(_ e: inout ExploreState, _ map: Int, size: Size) {
    guard let layer = e.currentLayer else { return }
    e.selectedMap = min(layer.channels - 1, max(0, map))
    if !layer.isVector {
      let perPage = e.mapsPerPage(size: size)
      e.page = e.selectedMap / perPage
    }
  }

  private static func clampSelection(_ e: inout ExploreState) {
    guard let layer = e.currentLayer else { return }
    e.selectedMap = min(e.selectedMap, layer.channels - 1)
    e.cursorY = min(e.cursorY, layer.height - 1)
    e.cursorX = min(e.cursorX, layer.width - 1)
  }

  private static func stepped(_ input: ExploreInput, by delta: Int, model: String) -> ExploreInput {
    switch input {
    case .dataset(let kind, let index):
      let n = ExploreState.testImageCount
      return .dataset(kind, index: ((index + delta) % n + n) % n)
    case .photo(let name):
      let photos = ExploreInput.photos
      let i = photos.firstIndex(of: name) ?? 0
      return .photo(photos[((i + delta) % photos.count + photos.count) % photos.count])
    case .drawing, .file:
      return ExploreInput.defaultInput(for: model)
    case .transformed(let base, _):
      // The next image starts clean: edits belong to the image they were made on.
      return stepped(base, by: delta, model: model)
    }
  }
}

import TerminalUI

extension ExploreState {
  /// The layer being looked at, when a pass is there.
  var currentLayer: ExploreLayerTrace? {
    guard let layers = trace?.layers, layer < layers.count else { return nil }
    return layers[layer]
  }

  /// How many maps of the current layer fit on one page at this terminal size.
  func mapsPerPage(size: Size) -> Int {
    guard let layer = currentLayer else { return 1 }
    let area = ExploreLayout(size: size).main
    return ExploreGrid(area: area, mapHeight: layer.height, mapWidth: layer.width).perPage
  }

  /// The position the inspector explains: the cursor when zoomed, else the map's centre
  /// (FC units have only one position).
  var inspectY: Int { isZoomed ? cursorY : (currentLayer.map { $0.height / 2 } ?? 0) }
  var inspectX: Int { isZoomed ? cursorX : (currentLayer.map { $0.width / 2 } ?? 0) }
}
