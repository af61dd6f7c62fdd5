import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// `convscope compare [A B]`: two models side by side (LeNet-5 and AlexNet by default).
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Two models side by side: aligned stages, totals, ratios, design choices and measured speed.",
    discussion: """
      Without model names compares lenet5 with alexnet. Timing runs both models briefly on this \
      machine (a few batch-1 forward passes and training steps); --no-timing skips it.
      """)

  @OptionGroup var options: CompareOptions
  @Flag(help: "Print JSON instead of text.") var json = false
  @Flag(help: "Draw the bar charts and symbols with ASCII only (also the default under a non-UTF-8 locale).")
  var ascii = false

  func run() throws {
    try CLI.guarded {
      // Progress on standard error, so a redirected report stays clean.
      let comparison = try options.comparison(showingProgress: !json && isatty(STDERR_FILENO) == 1)
      let unicode = !ascii && StandardOutput.isUTF8
      let text = Self.render(comparison, unicode: unicode)
      print(json ? try CLI.json(comparison) : unicode ? text : ASCIIText.plain(text.replacingOccurrences(of: "│", with: "|")))
    }
  }

  // MARK: - Text

  /// The whole comparison as text.
  static func render(_ c: ModelComparison, unicode: Bool = true) -> String {
    var parts = ["\(c.left.title) — \(c.left.name)\n  vs\n\(c.right.title) — \(c.right.name)",
                 stageTable(c), totals(c), bars(c, unicode: unicode), design(c)]
    if let timing = c.timing { parts.append(speed(timing, c)) }
    return parts.joined(separator: "\n\n")
  }

  /// The aligned layers: stage, then each model's layer name, kind, output, params, MACs, memory.
  static func stageTable(_ c: ModelComparison) -> String {
    let columns = ["layer", "kind", "output", "params", "MACs", "memory"]
    var rows = [["stage"] + columns + ["│"] + columns]
    func cells(_ r: ShapeRow?) -> [String] {
      guard let r else { return Array(repeating: "", count: columns.count) }
      let kind = r.kind == "input" ? "" : r.kind
      return [r.name, kind, r.outputDescription, r.kind == "input" ? "" : r.parameters.grouped,
              r.kind == "input" ? "" : r.macs.grouped, NumberFormat.bytes(r.activationBytes)]
    }
    for stage in c.stages {
      for (i, line) in stage.lines.enumerated() {
        rows.append([i == 0 ? stage.label : ""] + cells(line.left) + ["│"] + cells(line.right))
      }
    }
    rows.append(["total", "", "", "", c.left.parameters.grouped, c.left.macs.grouped, NumberFormat.bytes(c.left.activationBytes),
                 "│", "", "", "", c.right.parameters.grouped, c.right.macs.grouped, NumberFormat.bytes(c.right.activationBytes)])
    var text = CLI.table(rows, rightAligned: [4, 5, 6, 11, 12, 13])
    text += "\n\nparams: trainable; MACs: multiply-accumulates per image; memory: Float32 output per image."
    text += "\n\nalignment: " + c.alignmentRule
    let notes = c.stages.flatMap(\.notes)
    if !notes.isEmpty { text += "\n" + notes.map { "• " + $0 }.joined(separator: "\n") }
    return text
  }

  /// Parameters and MACs per stage as log-scale bars (the Compare screen's charts).
  static func bars(_ c: ModelComparison, unicode: Bool) -> String {
    let width = min(100, LessonGuard.terminalWidth)
    let charts = [CompareBars.lines(c, .parameters, width: width, unicode: unicode),
                  CompareBars.lines(c, .macs, width: width, unicode: unicode)]
    return charts.map { $0.map { $0.map(\.text).joined() }.joined(separator: "\n") }.joined(separator: "\n\n")
  }

  /// Totals, ratios and layer counts.
  static func totals(_ c: ModelComparison) -> String {
    let l = c.left, r = c.right
    func counts(_ m: ComparedModel) -> String {
      "\(m.layerCounts.weightLayers) (\(m.layerCounts.convolution) conv + \(m.layerCounts.fullyConnected) FC)"
    }
    func share(_ m: ComparedModel) -> String {
      "\(m.classifierParameters.grouped) (" + String(format: "%.1f%%", m.classifierShare * 100) + ")"
    }
    let rows = [
      ["totals", l.name, r.name, "\(r.name) ÷ \(l.name)"],
      ["parameters (trainable)", l.parameters.grouped, r.parameters.grouped, NumberFormat.ratio(c.ratios.parameters)],
      ["MACs per image", l.macs.grouped, r.macs.grouped, NumberFormat.ratio(c.ratios.macs)],
      ["activation memory per image", NumberFormat.bytes(l.activationBytes), NumberFormat.bytes(r.activationBytes),
       NumberFormat.ratio(c.ratios.activationBytes)],
      ["weight layers", counts(l), counts(r), ""],
      ["with pooling and normalisation", "\(l.layerCounts.withPoolingAndNormalisation)",
       "\(r.layerCounts.withPoolingAndNormalisation)", ""],
      ["parameters in the classifier", share(l), share(r), ""],
    ]
    var text = CLI.table(rows, rightAligned: [1, 2, 3])
    text += "\n\n• \"Layers\" counts differ by convention: weight layers only (AlexNet's \"8\") or with pooling and "
      + "normalisation too (LeNet-5's \"7\")."
    for v in c.variantRatios {
      let other = v.replacesLeft ? l.name : r.name
      text += "\n• The ratios depend on which LeNet-5: with \(v.variant) (\(v.parameters.grouped) parameters, "
        + "\(v.macs.grouped) MACs) in place of \(other), \(NumberFormat.ratio(v.ratios.parameters)) the parameters and "
        + "\(NumberFormat.ratio(v.ratios.macs)) the MACs; with \(other), \(NumberFormat.ratio(c.ratios.parameters)) and \(NumberFormat.ratio(c.ratios.macs))."
    }
    return text
  }

  /// Design choices: derived ones, then paper facts with their sources.
  static func design(_ c: ModelComparison) -> String {
    let width = max(c.left.name.count, c.right.name.count) + 1
    func entry(_ name: String, _ e: DesignEntry) -> String {
      let label = (name + ":").padding(toLength: width, withPad: " ", startingAt: 0)
      return "  \(label) \(e.text)" + (e.source.map { " [\($0)]" } ?? "")
    }
    var lines = ["design choices (read off the model definitions)"]
    var printedPaperHeader = false
    for d in c.designChoices {
      if (d.left.isPaperFact || d.right.isPaperFact) && !printedPaperHeader {
        lines.append("")
        lines.append("training (paper facts, with their sources: a layer list cannot show these)")
        printedPaperHeader = true
      }
      lines.append(d.aspect)
      lines.append(entry(c.left.name, d.left))
      lines.append(entry(c.right.name, d.right))
    }
    return lines.joined(separator: "\n")
  }

  /// Measured speeds and the projection to a 1.2 M-image epoch.
  static func speed(_ t: ComparisonTiming, _ c: ModelComparison) -> String {
    let lp = t.leftProjection, rp = t.rightProjection
    func method(_ m: ModelTiming) -> String {
      let plural = m.trainThreads == 1 ? "" : "s"
      let training = m.intraOp
        ? "training batch \(m.trainBatch) with \(m.trainThreads) thread\(plural) inside each layer"
        : "training batch \(m.trainBatch) split over \(m.trainThreads) replica\(plural) (as the trainer runs it)"
      return "• \(m.model): forward median of \(m.forwardIterations) batch-1 passes on \(m.forwardThreads) thread"
        + "\(m.forwardThreads == 1 ? "" : "s"); \(training), \(m.trainSteps) timed steps on random inputs"
    }
    var text = "measured on this machine\n" + method(t.left) + "\n" + method(t.right) + "\n\n"
    let rows = [
      ["", t.left.model, t.right.model, "\(t.right.model) ÷ \(t.left.model)"],
      ["forward, batch 1", milliseconds(t.left.forwardBatch1.median), milliseconds(t.right.forwardBatch1.median),
       NumberFormat.ratio(t.forwardTimeRatio)],
      ["training, per image", milliseconds(t.left.trainMillisecondsPerImage),
       milliseconds(t.right.trainMillisecondsPerImage), NumberFormat.ratio(t.trainTimeRatio)],
      ["training throughput", rate(t.left.trainImagesPerSecond), rate(t.right.trainImagesPerSecond), ""],
      ["one epoch of \(NumberFormat.abbreviated(lp.images, unitSpace: true)) images", NumberFormat.span(lp.trainEpochSeconds), NumberFormat.span(rp.trainEpochSeconds), ""],
      ["\(lp.epochs) epochs (the paper's schedule)", NumberFormat.span(lp.trainRunSeconds), NumberFormat.span(rp.trainRunSeconds), ""],
      ["classify \(NumberFormat.abbreviated(lp.images, unitSpace: true)) images one by one", NumberFormat.span(lp.inferenceSeconds),
       NumberFormat.span(rp.inferenceSeconds), ""],
    ]
    text += CLI.table(rows, rightAligned: [1, 2, 3])
    if t.paperImagesPerSecond.count == 2 {
      text += String(format: "\n\n• The paper: %d epochs of %@ images in %@ days on two GTX 580 GPUs, i.e. %.0f–%.0f "
                       + "training images/s [%@].", lp.epochs, NumberFormat.abbreviated(lp.images, unitSpace: true),
                     daysText(PaperFacts.alexNetTrainingDays), t.paperImagesPerSecond[0], t.paperImagesPerSecond[1],
                     PaperFacts.alexNetScheduleSource)
    }
    if t.trainTimeRatio < c.ratios.macs {
      text += "\n• Per image, \(t.right.model) takes \(NumberFormat.ratio(t.trainTimeRatio)) \(t.left.model)'s training time for "
        + "\(NumberFormat.ratio(c.ratios.macs)) its MACs: small layers do less arithmetic per memory access and per call, "
        + "so \(t.left.model) gets fewer MACs per second out of the same cores."
    }
    text += "\n• A short measurement: other work on the machine shows up in it; raise --iterations and --steps, "
      + "or run on an idle machine, for steadier numbers."
    return text
  }

  // MARK: - Number formatting (the Compare screen's, so both read the same)

  static func milliseconds(_ ms: Double) -> String { CompareText.milliseconds(ms) }
  static func rate(_ imagesPerSecond: Double) -> String { CompareText.rate(imagesPerSecond) }

  static func daysText(_ days: ClosedRange<Double>) -> String {
    String(format: "%g–%g", days.lowerBound, days.upperBound)
  }
}
