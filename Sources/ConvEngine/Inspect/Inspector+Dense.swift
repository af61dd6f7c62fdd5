import Foundation

extension Inspector {
  /// Σ_j w_j·x_j + b through the activation, keeping the `keep` largest |w·x|.
  static func explainFC(_ layer: FullyConnected, _ site: InspectionSite, keep: Int) -> FCExplanation {
    let fanIn = layer.inputShape.perSample
    let w = layer.weight.value.pointer + site.channel * fanIn
    var terms: [FCTerm] = []
    terms.reserveCapacity(fanIn)
    var sum = 0.0
    for j in 0..<fanIn {
      let xj = site.inputValue(flat: j), wj = Double(w[j])
      terms.append(FCTerm(index: j, input: xj, weight: wj, product: xj * wj))
      sum += xj * wj
    }
    terms.sort { abs($0.product) != abs($1.product) ? abs($0.product) > abs($1.product) : $0.index < $1.index }
    let top = Array(terms.prefix(max(1, keep)))
    let rest = terms.dropFirst(top.count)
    // Name inputs by the layer that made them, looking through Flatten and Dropout.
    var source = site.layerIndex - 1
    while source >= 0, site.network.layers[source] is Flatten || site.network.layers[source] is Dropout { source -= 1 }
    let sourceLayer = source >= 0 ? site.network.layers[source] : nil
    let bias = Double(layer.bias.value.pointer[site.channel])
    let pre = sum + bias
    return FCExplanation(
      position: site.position, sourceName: sourceLayer?.spec.name ?? "input",
      sourceShape: sourceLayer?.outputShape ?? site.network.spec.input.batch(1),
      sourceNoun: sourceLayer is FullyConnected ? "unit" : "map", fanIn: fanIn, topTerms: top,
      restSum: rest.reduce(0) { $0 + $1.product }, restCount: rest.count, sum: sum, bias: bias, preActivation: pre,
      activation: layer.spec.activation, output: layer.spec.activation.exactValue(pre),
      enginePreActivation: layer.preActivation?.pointer[site.outputIndex] ?? .nan, engineOutput: site.engineOutput)
  }

  /// Every class's Σ_j (x_j − w_ij)², with the explained class's terms.
  static func explainRBF(_ layer: RBFOutput, _ site: InspectionSite) -> RBFExplanation {
    let inputs = layer.inputShape.perSample, classes = layer.outputShape.c
    let w = layer.prototypes.value.pointer
    let scores = site.network.outputs[site.layerIndex]
    var distances: [RBFClassDistance] = []
    var terms: [RBFTerm] = []
    var matching = 0
    for i in 0..<classes {
      var d = 0.0
      for j in 0..<inputs {
        let xj = site.inputValue(flat: j), wij = Double(w[i * inputs + j])
        let square = (xj - wij) * (xj - wij)
        d += square
        if i == site.channel {
          terms.append(RBFTerm(index: j, input: xj, prototype: wij, square: square))
          if xj * wij > 0 { matching += 1 }
        }
      }
      distances.append(RBFClassDistance(classIndex: i, distance: d, engine: scores.pointer[site.sample * classes + i]))
    }
    return RBFExplanation(
      position: site.position, inputName: site.inputName, terms: terms, distance: distances[site.channel].distance,
      engineOutput: site.engineOutput, matchingSigns: matching, classes: distances,
      bitmapWidth: inputs == Prototypes.width * Prototypes.height ? Prototypes.width : nil)
  }

  /// Softmax of the last layer's scores (negated penalties for the RBF head).
  static func softmax(_ network: Network, sample: Int, classIndex: Int) throws -> SoftmaxExplanation {
    guard let scores = network.outputs.last, let last = network.layers.last else {
      throw EngineError(network.spec.name, "the network has no layers")
    }
    let k = scores.shape.perSample
    guard sample >= 0, sample < scores.shape.n else {
      throw EngineError(probabilitiesName, "sample \(sample) is not in the last pass (it had \(scores.shape.n))")
    }
    guard classIndex >= 0, classIndex < k else {
      throw EngineError(probabilitiesName, "class \(classIndex) does not exist (0…\(k - 1))")
    }
    var fromPenalties = false
    if case .rbf = network.spec.head { fromPenalties = true }
    let z = (0..<k).map { i -> Double in
      let v = Double(scores.pointer[sample * k + i])
      return fromPenalties ? -v : v
    }
    let m = z.max() ?? 0
    let e = z.map { Foundation.exp($0 - m) }
    let sum = e.reduce(0, +)
    let engine = Loss.probabilities(scores: scores, head: network.spec.head)[sample]
    let position = ValuePosition(layer: network.layers.count, layerName: probabilitiesName, sample: sample,
                                 channel: classIndex, y: 0, x: 0, isVector: true)
    return SoftmaxExplanation(
      position: position, scoresName: last.spec.name, fromPenalties: fromPenalties, logits: z, maxLogit: m, exps: e,
      sumOfExps: sum, probabilities: e.map { $0 / sum }, engineProbabilities: engine)
  }
}
