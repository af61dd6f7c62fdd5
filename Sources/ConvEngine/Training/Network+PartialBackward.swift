extension Network {
  /// Back-propagates d(loss)/d(scores) through layers `layers.count − 1` down to `lowest`
  /// only: below a frozen prefix nothing needs a gradient, so that work is skipped
  /// (`backward` is the same with `lowest = 0`). Per-layer profiling times are not recorded.
  public func backward(_ dscores: Tensor, downTo lowest: Int) {
    var g = dscores
    for i in stride(from: layers.count - 1, through: max(0, lowest), by: -1) {
      guard let next = layers[i].backward(g, needInputGradient: i > lowest) else { break }
      g = next
    }
  }
}
