import Foundation

extension Inspector {
  /// b_i = a_i / (k + α·Σ_j a_j²)^β over the neighbouring maps at the same position.
  static func explainLRN(_ layer: LocalResponseNorm, _ site: InspectionSite) -> LRNExplanation {
    let neighbours = Array(layer.window(of: site.channel))
    let a = neighbours.map { site.inputValue($0, site.y, site.x) }
    let sumOfSquares = a.reduce(0) { $0 + $1 * $1 }
    let k = Double(layer.k), alpha = Double(layer.alpha), beta = Double(layer.beta)
    let scale = k + alpha * sumOfSquares
    let denominator = Foundation.pow(scale, beta)
    let ai = site.inputValue(site.channel, site.y, site.x)
    return LRNExplanation(
      position: site.position, inputName: site.inputName, inputShape: layer.inputShape, size: layer.size, k: k,
      alpha: alpha, beta: beta, neighbours: neighbours, activations: a, sumOfSquares: sumOfSquares, scale: scale,
      denominator: denominator, input: ai, output: ai / denominator,
      engineScale: layer.lastScale?.pointer[site.outputIndex], engineOutput: site.engineOutput)
  }

  /// Flatten and Dropout (inference): the value at the same flat position of the input.
  static func explainPassThrough(_ site: InspectionSite, kind: String) -> PassThroughExplanation {
    let out = site.layer.outputShape
    let flat = (site.channel * out.h + site.y) * out.w + site.x
    let noun = site.layerIndex > 0 && site.network.layers[site.layerIndex - 1] is FullyConnected ? "unit" : "map"
    return PassThroughExplanation(
      position: site.position, kind: kind, inputName: site.inputName,
      source: InspectionSite.label(site.inputName, shape: site.inputShape, flat: flat, noun: noun),
      input: site.inputValue(flat: flat), engineOutput: site.engineOutput)
  }
}
