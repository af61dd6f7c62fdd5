import ConvEngine

/// The layer picked on the Compare screen (`<`/`>` move the pick through the aligned table,
/// left model before right in each line): what the `most-parameters` lesson check grades.
enum ComparePick {
  /// Every layer of the comparison in table order, with its model and parameter count.
  static func layers(of comparison: ModelComparison) -> [CheckSnapshot.CompareLayer] {
    comparison.stages.flatMap { stage in
      stage.lines.flatMap { line in
        [line.left.map { (comparison.left.name, $0) }, line.right.map { (comparison.right.name, $0) }]
          .compactMap { $0 }
          .map { CheckSnapshot.CompareLayer(model: $0.0, name: $0.1.name, parameters: $0.1.parameters) }
      }
    }
  }

  /// Moves the pick by `step` (wrapping; the first move picks the first or last layer) and
  /// says on the status line what was picked.
  static func move(_ step: Int, in state: inout AppState) {
    guard let comparison = state.compare.comparison else {
      state.statusMessage = "The comparison is not ready yet."
      return
    }
    let layers = layers(of: comparison)
    guard !layers.isEmpty else { return }
    let count = layers.count
    let next = state.compare.pick.map { ($0 + step % count + count) % count } ?? (step > 0 ? 0 : count - 1)
    state.compare.pick = next
    let layer = layers[next]
    state.statusMessage = "Picked \(layer.name) of \(layer.model): \(NumberFormat.grouped(layer.parameters)) parameters"
  }

  /// Whether a table row showing `row` of `model` is the picked layer.
  static func isPicked(_ row: ShapeRow?, model: String, in compare: CompareState) -> Bool {
    guard let row, let pick = compare.pick, let comparison = compare.comparison else { return false }
    let layers = layers(of: comparison)
    guard layers.indices.contains(pick) else { return false }
    return layers[pick].model == model && layers[pick].name == row.name
  }
}
