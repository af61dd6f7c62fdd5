extension PoolExplanation {
  public func lines(maxWidth: Int, limits: ExplanationLimits = .standard) -> [String] {
    typealias T = ExplanationText
    let h = rows.count, w = cols.count
    var out = ["\(position) (sample \(position.sample))"]
    switch kind {
    case .max:
      out.append("max pooling \(h)×\(w), stride \(stride)\(h > stride ? " (overlapping windows)" : ""): y = max of the window")
    case .average:
      out.append("average pooling \(h)×\(w), stride \(stride): y = Σ window / \(h * w)")
    case .adaptiveAverage:
      out.append("adaptive average pooling, this window \(h)×\(w): y = Σ window / \(h * w)")
    case .subsampling:
      out.append("sub-sampling \(h)×\(w) (LeNet-5): a = coefficient × Σ window + bias, y = \(activation.formula)")
    }
    out.append("window on \(inputName) (\(inputShape.sampleDescription)): \(T.span("row", rows)), \(T.span("col", cols))")
    out += grid(maxRows: limits.gridRows)
    out.append("")
    let checks = comparisons
    let outputCheck = checks[checks.count - 1]
    switch kind {
    case .max:
      if let (r, c) = winnerPosition, let winner {
        let same = engineWinner == winner ? "the engine's argmax recorded the same cell ✓"
          : "the engine's argmax recorded cell \(engineWinner.map(String.init) ?? "?") ✗"
        out.append("winner [in brackets]: row \(r), col \(c) = \(T.number(values[winner])); \(same)")
      }
      out += T.arithmetic([["output y = max", T.number(output), T.engineNote(outputCheck)]])
    case .average, .adaptiveAverage:
      out += T.arithmetic([
        ["Σ window (\(T.count(values.count, "value")))", T.number(sum), ""],
        ["output y = Σ / \(values.count)", T.number(output), T.engineNote(outputCheck)],
      ])
    case .subsampling:
      out += T.arithmetic([
        ["Σ window (\(T.count(values.count, "value")))", T.number(sum), ""],
        ["× coefficient", T.number(coefficient ?? 0), ""],
        ["+ bias", T.number(bias ?? 0), ""],
        ["= pre-activation a", T.number(preActivation ?? 0), checks.count > 1 ? T.engineNote(checks[0]) : ""],
        ["output y = \(activation.formula)", T.number(output), T.engineNote(outputCheck)],
      ])
    }
    return out
  }

  /// The window's values with the max-pooling winner in brackets.
  private func grid(maxRows: Int) -> [String] {
    let w = cols.count
    let texts = values.map(ExplanationText.number)
    let cell = (texts.map(\.count).max() ?? 1) + 2
    var lines: [String] = []
    for r in 0..<min(rows.count, maxRows) {
      var line = "  "
      for c in 0..<w {
        let i = r * w + c
        let text = i == winner ? "[" + texts[i] + "]" : " " + texts[i] + " "
        line += ExplanationText.pad(text, cell)
      }
      lines.append(line.droppingTrailingSpaces)
    }
    if rows.count > maxRows { lines.append("  ⋮ \(rows.count - maxRows) more rows (in Σ)") }
    return lines
  }
}
