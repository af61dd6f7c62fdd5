/// What the user can do on the Explore screen (mapped from keys by `ExploreKeys`).
public enum ExploreAction: Equatable, Sendable {
  /// Start the screen: run the first forward pass if there is none.
  case open
  /// Arrow keys: step layers in the grid, move the cursor when zoomed, the pen when drawing.
  case move(dx: Int, dy: Int)
  /// First / last layer.
  case jumpFirst
  case jumpLast
  /// Previous / next page of maps.
  case page(Int)
  /// Zoom the selected map to the pane, or back to the grid.
  case toggleZoom
  /// Leave zoom or drawing (or close help).
  case back
  /// Open or close the explain view for the value under the cursor.
  case toggleInspector
  /// The architecture overview: every layer as a column of small maps.
  case toggleOverview
  /// Previous / next map of the layer (works zoomed and in the explain view).
  case selectMap(Int)
  /// Slide the explained window one position on (or back), in reading order.
  case slide(Int)
  /// Drawing: pen down (arrows draw strokes) or up.
  case togglePen
  /// Undo every shift, rotation, noise and inversion of the input.
  case resetTransforms
  case cycleScale
  case toggleKernels
  /// Previous / next input image (dataset index or photo).
  case stepInput(Int)
  case randomInput
  case cycleModel
  /// MNIST ↔ Fashion-MNIST.
  case cycleDataset
  case toggleDrawing
  case paint
  case clearCanvas
  case cyclePen
  /// Edit the current 28×28 input (shift, rotate, invert) and rerun the pass.
  case transform(ExploreTransform)
  /// Add noise with the next seed of `randomState`.
  case addNoise
  /// Ink the canvas pixel (y, x) (a mouse click or drag on the canvas).
  case paintCell(y: Int, x: Int)
  /// Open the prompt for a test image index / an image file path.
  case openIndexPrompt
  case openPathPrompt
  /// Edit the open prompt's line.
  case promptEdit(TextLineEditor.Edit)
  /// Load what the prompt says (or say why not and keep it open).
  case promptSubmit
  /// Close the prompt without loading anything.
  case promptCancel
  /// Set the screen up as a lesson link asks: model, input, then layer and map.
  case setUp(ExploreSetup)
  /// Follow the training run's weights live (`R`), or go back to the model's own weights.
  case toggleLive
  /// Move through the followed run's (or the loaded checkpoint's) time-lapse, or play it.
  case timeLapse(TimeLapseAction)
}
