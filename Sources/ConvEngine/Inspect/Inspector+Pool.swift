extension Inspector {
  /// The window's values of one input map, row-major.
  private static func window(_ site: InspectionSite, rows: ClosedRange<Int>, cols: ClosedRange<Int>) -> [Double] {
    rows.flatMap { r in cols.map { c in site.inputValue(site.channel, r, c) } }
  }

  /// LeNet-5 sub-sampling: coefficient × Σ block + bias, through the squashing.
  static func explainSubsampling(_ layer: Subsampling, _ site: InspectionSite) -> PoolExplanation {
    let k = layer.window
    let rows = (site.y * k)...(site.y * k + k - 1), cols = (site.x * k)...(site.x * k + k - 1)
    let values = window(site, rows: rows, cols: cols)
    let sum = values.reduce(0, +)
    let coefficient = Double(layer.coefficient.value.pointer[site.channel])
    let bias = Double(layer.bias.value.pointer[site.channel])
    let pre = coefficient * sum + bias
    return PoolExplanation(
      position: site.position, kind: .subsampling, inputName: site.inputName, inputShape: layer.inputShape,
      rows: rows, cols: cols, stride: k, values: values, winner: nil, engineWinner: nil, sum: sum,
      coefficient: coefficient, bias: bias, preActivation: pre,
      enginePreActivation: layer.preActivation?.pointer[site.outputIndex], activation: layer.spec.activation,
      output: layer.spec.activation.exactValue(pre), engineOutput: site.engineOutput)
  }

  /// Max pooling (the first largest value in scan order wins, as in the engine) or average.
  static func explainPool(_ layer: Pool2D, _ site: InspectionSite) -> PoolExplanation {
    let s = layer.stride, k = layer.size
    let rows = (site.y * s)...(site.y * s + k - 1), cols = (site.x * s)...(site.x * s + k - 1)
    let values = window(site, rows: rows, cols: cols)
    let sum = values.reduce(0, +)
    var winner: Int?, engineWinner: Int?, output: Double
    if layer.kind == .max {
      var best = 0
      for i in values.indices where values[i] > values[best] { best = i }
      winner = best
      output = values[best]
      // argmax holds the winner's index within the input plane, per (sample, map, y, x).
      let out = layer.outputShape, inW = layer.inputShape.w
      let slot = ((site.sample * out.c + site.channel) * out.h + site.y) * out.w + site.x
      if slot < layer.argmax.count {
        let plane = Int(layer.argmax[slot])
        engineWinner = (plane / inW - rows.lowerBound) * k + (plane % inW - cols.lowerBound)
      }
    } else {
      output = sum / Double(values.count)
    }
    return PoolExplanation(
      position: site.position, kind: layer.kind == .max ? .max : .average, inputName: site.inputName,
      inputShape: layer.inputShape, rows: rows, cols: cols, stride: s, values: values, winner: winner,
      engineWinner: engineWinner, sum: sum, coefficient: nil, bias: nil, preActivation: nil,
      enginePreActivation: nil, activation: .identity, output: output, engineOutput: site.engineOutput)
  }

  /// Adaptive average pooling with PyTorch's windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉).
  static func explainAdaptive(_ layer: AdaptiveAvgPool, _ site: InspectionSite) -> PoolExplanation {
    func span(_ i: Int, _ outSize: Int, _ inSize: Int) -> ClosedRange<Int> {
      (i * inSize / outSize)...(((i + 1) * inSize + outSize - 1) / outSize - 1)
    }
    let rows = span(site.y, layer.outputShape.h, layer.inputShape.h)
    let cols = span(site.x, layer.outputShape.w, layer.inputShape.w)
    let values = window(site, rows: rows, cols: cols)
    let sum = values.reduce(0, +)
    return PoolExplanation(
      position: site.position, kind: .adaptiveAverage, inputName: site.inputName, inputShape: layer.inputShape,
      rows: rows, cols: cols, stride: 0, values: values, winner: nil, engineWinner: nil, sum: sum,
      coefficient: nil, bias: nil, preActivation: nil, enginePreActivation: nil, activation: .identity,
      output: sum / Double(values.count), engineOutput: site.engineOutput)
  }
}
