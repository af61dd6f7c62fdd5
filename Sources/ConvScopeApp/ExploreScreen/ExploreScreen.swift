import ConvEngine
import TerminalUI

/// The Explore screen's part of `update`: pure, like the rest of it.
enum ExploreScreen {
  /// Applies `action`, then keeps the explain view in step with the cursor: whatever the key
  /// did, an open explain view asks for the value now selected (and only shows an answer
  /// whose key is that value).
  static func update(_ state: inout AppState, _ action: ExploreAction) -> [Effect] {
    var effects = apply(action, to: &state)
    effects += syncExplain(&state)
    return effects
  }

  private static func apply(_ action: ExploreAction, to state: inout AppState) -> [Effect] {
    var e = state.explore
    defer { state.explore = e }
    switch action {
    case .open:
      if e.isLoading { e.loadingTicks += 1 }
      e.scrub.tick(count: timeLapse(state)?.frames.count ?? 0)
      if e.isLive {
        // Following a run: a fresh pass on its newest weights every few quiet turns, one at a time.
        e.liveTicks += 1
        guard e.liveTicks >= ExploreState.liveRefreshTicks, !e.isLoading else { return [] }
        e.liveTicks = 0
        return requestForward(&e)
      }
      // Not after a failure: the quiet-turn tick would retry a bad file every 50 ms. A new
      // model or input (or a followed link) asks again.
      return e.trace == nil && !e.isLoading && e.error == nil ? requestForward(&e) : []
    case .move(let dx, let dy):
      if e.isDrawing {
        e.canvas.movePen(dx: dx, dy: dy)
        guard e.isPenDown else { return [] }
        e.canvas.paint()
        e.input = .drawing(e.canvas.pixels)
        return requestForward(&e)
      }
      if e.isOverview {
        if dx != 0 { step(&e, to: e.layer + dx) }
        return []
      }
      if let layer = e.currentLayer, e.isZoomed || e.isInspectorOpen {
        if layer.isVector {
          // Units and classes have one position: ↑/↓ (and ←/→) pick the unit.
          selectMap(&e, e.selectedMap + dy + dx, size: state.size, pixelMode: state.pixelMode)
        } else {
          e.cursorX = min(layer.width - 1, max(0, e.cursorX + dx))
          e.cursorY = min(layer.height - 1, max(0, e.cursorY + dy))
        }
        return []
      }
      if dx != 0 { step(&e, to: e.layer + dx) }
      if dy != 0 { selectMap(&e, e.selectedMap + dy, size: state.size, pixelMode: state.pixelMode) }
    case .jumpFirst:
      step(&e, to: 0)
    case .jumpLast:
      step(&e, to: (e.trace?.layers.count ?? 1) - 1)
    case .page(let delta):
      if e.isInspectorOpen {
        let text = ExploreLayout(size: state.size, presenting: state.isPresenting).explainText
        e.explainScroll = max(0, e.explainScroll + delta * max(1, text.height - 2))
        clampScroll(&e, size: state.size, presenting: state.isPresenting)
        return []
      }
      if let trace = e.trace, e.layer == trace.layers.count - 1, !e.showsKernels {
        // The output layer pages the class prototypes.
        let pages = ExploreOutputView.prototypePages(trace, size: state.size, mode: state.pixelMode)
        e.page = min(pages - 1, max(0, e.page + delta))
        return []
      }
      guard let layer = e.currentLayer, !layer.isVector else { return [] }
      let perPage = e.mapsPerPage(size: state.size, pixelMode: state.pixelMode)
      let pages = (layer.channels + perPage - 1) / perPage
      e.page = min(max(0, pages - 1), max(0, e.page + delta))
      e.selectedMap = min(layer.channels - 1, e.page * perPage)
    case .selectMap(let delta):
      selectMap(&e, e.selectedMap + delta, size: state.size, pixelMode: state.pixelMode)
    case .slide(let delta):
      slide(&e, by: delta)
    case .toggleZoom:
      if e.isOverview {
        e.isOverview = false
        return []
      }
      guard let layer = e.currentLayer, !layer.isVector else { return [] }
      e.isZoomed.toggle()
      clampSelection(&e)
    case .back:
      if state.isHelpVisible {
        state.isHelpVisible = false
      } else if e.scrub.isActive || e.scrub.isPlaying {
        e.scrub = TimeLapseScrub()
      } else if e.isDrawing {
        e.isDrawing = false
        e.isPenDown = false
      } else if e.isInspectorOpen {
        e.isInspectorOpen = false
      } else if e.isOverview {
        e.isOverview = false
      } else {
        e.isZoomed = false
      }
    case .toggleInspector:
      e.isInspectorOpen.toggle()
      e.isOverview = false
      e.explainScroll = 0
    case .toggleOverview:
      e.isOverview.toggle()
      e.isInspectorOpen = false
      e.isZoomed = false
    case .cycleScale:
      e.scaleMode = e.scaleMode.next
    case .toggleKernels:
      e.showsKernels.toggle()
    case .stepInput(let delta):
      e.input = stepped(e.input, by: delta, model: e.model)
      e.isDrawing = false
      return requestForward(&e)
    case .randomInput:
      // The engine's generator, continued from the saved state: deterministic, so tests can predict it.
      var rng = SplitMix64(state: e.randomState)
      let z = rng.next()
      e.randomState = rng.state
      if e.takesPhotos {
        e.input = .photo(ExploreInput.photos[Int(z % UInt64(ExploreInput.photos.count))])
      } else {
        let kind = if case .dataset(let k, _) = e.input.base { k } else { e.weightsDataset }
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
      guard !e.takesPhotos else {
        state.statusMessage = "the full-size AlexNet looks at photos; m picks a model for MNIST / Fashion-MNIST"
        return []
      }
      if case .dataset(let kind, let index) = e.input.base {
        e.input = .dataset(kind == "mnist" ? "fashion-mnist" : "mnist", index: index)
      } else {
        e.input = .dataset("mnist", index: 0)
      }
      e.isDrawing = false
      return requestForward(&e)
    case .toggleDrawing:
      guard !e.takesPhotos else {
        state.statusMessage = "drawing needs a model that reads digits: LeNet-5 or the small AlexNet (press m)"
        return []
      }
      e.isDrawing.toggle()
      e.isPenDown = false
      e.isZoomed = false
      e.isInspectorOpen = false
      e.isOverview = false
      if e.isDrawing {
        e.input = .drawing(e.canvas.pixels)
        return requestForward(&e)
      }
    case .togglePen:
      guard e.isDrawing else { return [] }
      e.isPenDown.toggle()
      guard e.isPenDown else { return [] }
      e.canvas.paint()
      e.input = .drawing(e.canvas.pixels)
      return requestForward(&e)
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
      // A fresh seed for each press: the generator's state after one more step.
      var rng = SplitMix64(state: e.randomState)
      _ = rng.next()
      e.randomState = rng.state
      return applyTransform(&e, .noise(seed: e.randomState), state: &state)
    case .resetTransforms:
      guard case .transformed(let base, _) = e.input else { return [] }
      e.input = base
      return requestForward(&e)
    case .paintCell(let y, let x):
      guard e.isDrawing else { return [] }
      e.canvas.paint(atY: y, x: x)
      e.input = .drawing(e.canvas.pixels)
      return requestForward(&e)
    case .openIndexPrompt, .openPathPrompt, .promptEdit, .promptSubmit, .promptCancel:
      return updatePrompt(&e, action, state: &state)
    case .setUp(let setup):
      return setUpExplore(&e, setup, state: &state)
    case .toggleLive:
      return toggleLive(&e, state: &state)
    case .timeLapse(let action):
      if let message = e.scrub.apply(action, count: timeLapse(state)?.frames.count ?? 0) { state.statusMessage = message }
      // The scrubber's panel sits beside the maps: the overview and the explain view, which
      // take the whole screen, close so the frame picked is seen.
      if e.scrub.isActive { (e.isOverview, e.isInspectorOpen) = (false, false) }
    }
    return []
  }

  /// The time-lapse the scrubber moves through: the followed run's (as the Train screen last
  /// heard of it), else the one saved with the checkpoint given as --weights while its model
  /// is the one explored.
  static func timeLapse(_ state: AppState) -> TimeLapse? {
    let e = state.explore
    if e.isLive {
      return (e.trace?.live?.runID ?? state.train.progress?.runID).flatMap(state.train.run)?.timeLapse
    }
    guard let weights = e.userWeights, weights.model == e.model else { return nil }
    return weights.timeLapse
  }

  /// Binds the screen to the training run, or back to the model's own weights.
  private static func toggleLive(_ e: inout ExploreState, state: inout AppState) -> [Effect] {
    if !e.isLive {
      guard let run = state.train.progress else {
        state.statusMessage = "no training run to follow: start one on the Train screen (2), then press R here"
        return []
      }
      e.isLive = true
      e.isDrawing = false
      state.statusMessage = "following run \(run.runID) live; R goes back"
    } else {
      e.isLive = false
      state.statusMessage = "Explore: back to \(e.model)'s own weights"
    }
    e.liveTicks = 0
    e.scrub = TimeLapseScrub()
    return requestForward(&e)
  }

  /// Stores an Explore engine result.
  static func apply(_ event: ExploreEvent, to state: inout AppState) -> [Effect] {
    var e = state.explore
    switch event {
    case .forwardFinished(let trace):
      // A pass for a model or input left behind while it ran: the newer request's answer
      // is on its way.
      if let model = trace.requestedModel, model != e.model { return [] }
      // A pass from before R was pressed: the one for the new binding is on its way.
      if (trace.live != nil) != e.isLive { return [] }
      // A live refresh of the same view keeps the explanation on screen until the new
      // step's arrives (asked for below), so the explain view does not flicker.
      let refresh = trace.live != nil && e.trace?.live != nil && trace.input == e.trace?.input
      let kept = refresh ? e.explanation : nil
      // The next refresh counts from this answer, so a slow pass (AlexNet) still leaves the
      // cores to training between passes.
      if trace.live != nil { e.liveTicks = 0 }
      e.trace = trace
      // A model file opened by a link or the command line: the pass read it; its network is
      // what the next reload is compared with.
      if e.isModelFile, e.spec == nil { e.spec = trace.modelFileSpec }
      // An earlier input's pass (strokes come faster than passes) is shown, and the newest is
      // still coming.
      e.isLoading = trace.input.map { $0 != e.input } ?? false
      e.loadingTicks = 0
      e.error = nil
      e.layer = min(e.layer, trace.layers.count - 1)
      // A new pass: any explanation is of the old one.
      e.explanation = kept
      e.requestedExplain = nil
      clampSelection(&e)
      applyPendingSelection(&e, state: &state)
      state.explore = e
    case .explained(let explanation):
      guard explanation.key == e.explainKey else { return [] }
      e.explanation = explanation
      clampScroll(&e, size: state.size, presenting: state.isPresenting)
      state.explore = e
    case .failed(let message) where e.isLive:
      // The run went away (stopped, or replaced before its first step): back to the model's weights.
      e.isLive = false
      e.isLoading = false
      state.statusMessage = message
      state.explore = e
      return requestForward(&state.explore)
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
      state.explore = e
    }
    return syncExplain(&state)
  }

  /// Asks for the explanation of the selected value when the explain view is open and the
  /// last request was for another value or width.
  static func syncExplain(_ state: inout AppState) -> [Effect] {
    var e = state.explore
    defer { state.explore = e }
    guard e.isInspectorOpen, !e.isLoading, e.trace != nil, e.currentLayer != nil else { return [] }
    let request = ExploreExplanation.Request(key: e.explainKey, width: ExploreLayout(size: state.size, presenting: state.isPresenting).explainText.width)
    guard request != e.requestedExplain else { return [] }
    if e.requestedExplain?.key != request.key { e.explainScroll = 0 }
    e.requestedExplain = request
    return [.startEngineWork(.explore(.explain(
      model: e.model, input: e.input, key: request.key, width: request.width, weights: e.weightsFile)))]
  }

  /// Edits the input: a drawing's canvas in place (so further strokes keep the edit), a
  /// dataset image by recording the edit for the engine, which owns the pixels.
  private static func applyTransform(_ e: inout ExploreState, _ edit: ExploreTransform, state: inout AppState) -> [Effect] {
    switch e.input.base {
    case _ where e.takesPhotos, .photo:
      state.statusMessage = "transforms work on 28×28 digits; pick LeNet-5 or the small AlexNet (press m)"
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
    e.loadingTicks = 0
    return [.startEngineWork(.explore(.forward(model: e.model, input: e.input, weights: e.weightsFile, spec: e.spec)))]
  }

  /// Moves the explained window one position on in reading order (wrapping to the next row,
  /// and from the last position back to the first): CNN Explainer's sliding window.
  static func slide(_ e: inout ExploreState, by delta: Int) {
    guard let layer = e.currentLayer else { return }
    if layer.isVector {
      e.selectedMap = ((e.selectedMap + delta) % layer.channels + layer.channels) % layer.channels
      return
    }
    let n = layer.height * layer.width
    let i = ((e.cursorY * layer.width + e.cursorX + delta) % n + n) % n
    e.cursorY = i / layer.width
    e.cursorX = i % layer.width
  }

  static func step(_ e: inout ExploreState, to layer: Int) {
    let count = e.trace?.layers.count ?? 1
    let target = min(count - 1, max(0, layer))
    guard target != e.layer else { return }
    e.layer = target
    e.page = 0
    e.selectedMap = 0
    e.isZoomed = false
    e.explainScroll = 0
    // The cursor starts in the middle of the new layer's maps.
    if let l = e.currentLayer {
      e.cursorY = l.height / 2
      e.cursorX = l.width / 2
    }
    clampSelection(&e)
  }

  static func selectMap(_ e: inout ExploreState, _ map: Int, size: Size, pixelMode: PixelMode = .halfBlock) {
    guard let layer = e.currentLayer else { return }
    e.selectedMap = min(layer.channels - 1, max(0, map))
    if !layer.isVector {
      let perPage = e.mapsPerPage(size: size, pixelMode: pixelMode)
      e.page = e.selectedMap / perPage
    }
  }

  private static func clampSelection(_ e: inout ExploreState) {
    guard let layer = e.currentLayer else { return }
    e.selectedMap = min(e.selectedMap, layer.channels - 1)
    e.cursorY = min(e.cursorY, layer.height - 1)
    e.cursorX = min(e.cursorX, layer.width - 1)
  }

  private static func clampScroll(_ e: inout ExploreState, size: Size, presenting: Bool) {
    let lines = e.explanation?.lines.count ?? 0
    let room = ExploreLayout(size: size, presenting: presenting).explainText.height - 1
    e.explainScroll = min(e.explainScroll, max(0, lines - room))
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
