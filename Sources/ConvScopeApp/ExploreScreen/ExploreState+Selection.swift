import TerminalUI

extension ExploreState {
  /// The layer being looked at, when a pass is there.
  var currentLayer: ExploreLayerTrace? {
    guard let layers = trace?.layers, layer < layers.count else { return nil }
    return layers[layer]
  }

  /// How many maps of the current layer fit on one page at this terminal size.
  func mapsPerPage(size: Size, pixelMode: PixelMode = .halfBlock) -> Int {
    guard let layer = currentLayer else { return 1 }
    return ExploreLayout(size: size).grid(for: layer, mode: pixelMode).perPage
  }

  /// The value the explain view is about: the cursor on the selected map (units and
  /// classes have one position).
  var explainKey: ExploreValueKey {
    let vector = currentLayer?.isVector ?? true
    return ExploreValueKey(layer: layer, channel: selectedMap, y: vector ? 0 : cursorY, x: vector ? 0 : cursorX)
  }

  /// The explanation on screen: only one whose key is the selected value.
  var currentExplanation: ExploreExplanation? {
    guard let explanation, explanation.key == explainKey else { return nil }
    return explanation
  }
}
