extension ConvExplanation {
  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    let k = kernel
    var out = ["\(position) (sample \(position.sample))"]
    out.append("convolution \(k)×\(k), stride \(stride), padding \(padding), \(activation.rawValue): "
      + "a = Σ x·w + b, y = \(activation.formula)")
    let mapList = inputMaps.count <= 8
      ? inputMaps.map(String.init).joined(separator: ", ")
      : "\(inputMaps.first ?? 0)…\(inputMaps.last ?? 0)"
    let of = "(\(inputMaps.count) of \(inputShape.c))"
    if usesTable {
      out.append("input maps from the connection table (LeNet-5 Table I): \(inputName) maps \(mapList) \(of)")
    } else if let group {
      out.append("group \(group + 1) of \(groups): only this group's \(inputName) maps \(mapList) \(of)")
    } else {
      out.append("input maps: all \(inputMaps.count) maps of \(inputName)")
    }
    let rf = receptiveField
    var field = "receptive field on \(inputName) (\(inputShape.sampleDescription)): "
      + "\(T.span("row", rf.rows)), \(T.span("col", rf.cols))"
    if rf.paddedCells > 0 { field += "; \(rf.paddedCells) of \(k * k) cells are zero padding (·)" }
    out.append(field)

    let shown = maps.prefix(limits.maps)
    for m in shown {
      out.append("")
      out.append("\(inputName) map \(m.channel): Σ x·w = \(T.number(m.sum))")
      let products: [Double?] = zip(m.patch, m.products).map { $0 == nil ? nil : $1 }
      let blocks = [
        T.grid(title: "input patch x", values: m.patch, rows: k, cols: k, maxRows: limits.gridRows, maxWidth: maxWidth),
        T.grid(title: "kernel w", values: m.kernel.map { Optional($0) }, rows: k, cols: k,
               maxRows: limits.gridRows, maxWidth: maxWidth),
        T.grid(title: "products x·w", values: products, rows: k, cols: k,
               maxRows: limits.gridRows, maxWidth: maxWidth),
      ]
      out += T.sideBySide(blocks, maxWidth: maxWidth)
      let visible = min(k, limits.gridRows) * T.gridColumns(values: products, cols: k, maxWidth: maxWidth)
      if visible < k * k {
        out.append("… \(T.count(k * k - visible, "more term")) of this map not shown; Σ above includes all \(k * k)")
      }
    }
    let hidden = maps.dropFirst(limits.maps)
    if !hidden.isEmpty {
      out.append("")
      let listed = hidden.prefix(limits.extraMapSums)
      out += T.list("other maps' sums:", listed.map { "map \($0.channel) \(T.number($0.sum))" }, maxWidth: maxWidth)
      let unlisted = hidden.dropFirst(limits.extraMapSums)
      if !unlisted.isEmpty {
        let rest = unlisted.reduce(0) { $0 + $1.sum }
        out.append("… \(T.count(unlisted.count, "more map")) (\(T.count(unlisted.count * k * k, "term"))), "
          + "together Σ = \(T.number(rest))")
      }
    }
    out.append("")
    let pre = comparisons[0], post = comparisons[1]
    let rows = [
      ["Σ of \(T.count(termCount, "product")) (\(maps.count) map\(maps.count == 1 ? "" : "s") × \(k)×\(k))", T.number(sum), ""],
      ["+ bias b", T.number(bias), ""],
      ["= pre-activation a", T.number(preActivation), T.engineNote(pre)],
      ["output y = \(activation.formula)", T.number(output), T.engineNote(post)],
    ]
    out += T.arithmetic(rows)
    return out
  }
}
