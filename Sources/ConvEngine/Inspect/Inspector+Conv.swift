extension Inspector {
  /// Σ over the connected input maps of patch ⊙ kernel, + bias, through the activation.
  static func explainConv(_ layer: Conv2D, _ site: InspectionSite) -> ConvExplanation {
    let c = layer.conv, k = c.kernel
    let inShape = layer.inputShape
    let cinG = inShape.c / c.groups, coutG = c.outChannels / c.groups
    let group = site.channel / coutG
    // Table I decides C3's maps; otherwise the output's group (all maps when ungrouped).
    let inputMaps = c.table?.inputs(of: site.channel) ?? Array((group * cinG)..<((group + 1) * cinG))
    let field = ReceptiveField(top: site.y * c.stride - c.padding, left: site.x * c.stride - c.padding, size: k,
                               inputHeight: inShape.h, inputWidth: inShape.w)
    let w = layer.weight.value.pointer
    var maps: [ConvMapTerms] = []
    var total = 0.0
    for m in inputMaps {
      // Weights are [out, in/groups, k, k]: the input map's index within its group.
      let local = m - group * cinG
      var patch: [Double?] = [], kernel: [Double] = [], products: [Double] = []
      var sum = 0.0
      for ky in 0..<k {
        for kx in 0..<k {
          let row = field.top + ky, col = field.left + kx
          let weight = Double(w[((site.channel * cinG + local) * k + ky) * k + kx])
          kernel.append(weight)
          if field.isPadding(row: row, col: col) {
            patch.append(nil)
            products.append(0)
          } else {
            let value = site.inputValue(m, row, col)
            patch.append(value)
            products.append(value * weight)
            sum += value * weight
          }
        }
      }
      maps.append(ConvMapTerms(channel: m, patch: patch, kernel: kernel, products: products, sum: sum))
      total += sum
    }
    let bias = Double(layer.bias.value.pointer[site.channel])
    let pre = total + bias
    return ConvExplanation(
      position: site.position, inputName: site.inputName, inputShape: inShape, kernel: k, stride: c.stride,
      padding: c.padding, groups: c.groups, group: c.groups > 1 ? group : nil, usesTable: c.table != nil,
      inputMaps: inputMaps, receptiveField: field, maps: maps, sum: total, bias: bias, preActivation: pre,
      activation: layer.spec.activation, output: layer.spec.activation.exactValue(pre),
      enginePreActivation: layer.preActivation?.pointer[site.outputIndex] ?? .nan, engineOutput: site.engineOutput)
  }
}
