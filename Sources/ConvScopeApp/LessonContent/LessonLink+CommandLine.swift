import ConvEngine

extension LessonLink {
  /// The nearest headless commands, for readers without the workbench (`lesson show`,
  /// `lesson quiz`). Settings that only the workbench has are named in parentheses.
  public var commandLineHint: String {
    switch self {
    case .explore(let e):
      var lines = ["convscope summary \(Self.modelArguments(e.model))"]
      if let input = e.input {
        lines.append("convscope forward \(Self.modelArguments(e.model)) --input \(input.text) --top 3")
      }
      if let layer = e.layer { lines[0] += "   (row \(layer)\(e.map.map { ", map \($0)" } ?? ""))" }
      return lines.joined(separator: "\n")
    case .train(let t):
      if let n = t.transfer {
        return "convscope transfer --model \(t.effectiveModel?.name ?? "lenet5-modern") --examples \(n)"
          + (t.epochs.map { " --epochs \($0)" } ?? "")
      }
      guard let model = t.effectiveModel else { return "convscope train --help" }
      var base = "convscope train \(Self.modelArguments(model)) --epochs \(t.epochs ?? 1)"
      if let d = t.dataset { base += " --dataset \(d.rawValue)" }
      if let lr = t.learningRate { base += " --lr \(lr)" }
      if let b = t.batchSize { base += " --batch \(b)" }
      if let l = t.limit { base += " --limit \(l)" }
      if let i = t.initialization { base += " --initialization \(i.rawValue)" }
      var only: [String] = []
      if let a = t.activation { only.append("activation \(a.rawValue)") }
      if let p = t.dropout { only.append("dropout \(p)") }
      if let w = t.weights { only.append("start from \(w)") }
      if let f = t.freeze { only.append("freeze \(f.joined(separator: ","))") }
      let note = only.isEmpty ? "" : "   (in the workbench: \(only.joined(separator: "; ")))"
      switch t.preset {
      case nil:
        return base + (t.augment.map { " --augment \($0.joined(separator: ","))" } ?? "") + note
      case .reluVsTanh:
        return base + "   (then the same with tanh hidden layers, in the workbench)"
      case .classicVsModern:
        return "convscope train lenet5 --epochs \(t.epochs ?? 1)\nconvscope train lenet5-modern --epochs \(t.epochs ?? 1)"
      case .dropoutVsNone:
        return base + "   (then the same with dropout 0, in the workbench)"
      case .augmentVsNone:
        return base + " --augment crop,flip\n" + base
      }
    case .compare(let models):
      return models.map { "convscope summary \(Self.modelArguments($0))" }.joined(separator: "\n")
    case .lesson(let id, _):
      return "convscope lesson show \(id)"
    case .quiz(let id):
      return "convscope lesson quiz \(id)"
    }
  }

  private static func modelArguments(_ m: ModelChoice) -> String {
    var s = m.name
    if let w = m.width { s += " --width \(w)" }
    if let i = m.inputSize { s += " --input-size \(i)" }
    return s
  }
}
