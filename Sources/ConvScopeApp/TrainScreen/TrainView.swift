import ConvEngine
import Foundation
import TerminalUI

/// Draws the Train screen: status and settings, the epoch bar, the chart (loss or accuracy,
/// with earlier runs overlaid and live changes marked), the epoch table, and on the right
/// the first layer's kernels, one sample's feature maps, and the confusion matrix, the
/// misclassified images or the runs table. Every number comes from the worker's summaries.
enum TrainView {
  static func render(_ state: AppState, in body: Rect, into frame: inout Frame) {
    let t = state.train
    let block = Block(title: title(t), unicode: frame.unicode)
    frame.render(block, in: body)
    let inner = block.inner(body).inset(top: 0, left: 1, bottom: 0, right: 1)
    guard let p = t.progress else {
      renderIntro(t, presenting: state.isPresenting, in: inner, into: &frame)
      return
    }
    var y = inner.y
    put(statusLine(t, p), at: y, in: inner, style: Style(bold: true), into: &frame)
    y += 1
    // Presenting, the settings are a label too many: the room watches the curve.
    if !state.isPresenting {
      put(settingsLine(t, p), at: y, in: inner, into: &frame)
      y += 1
    }
    frame.render(progressBar(p, unicode: frame.unicode), in: Rect(x: inner.x, y: y, width: inner.width, height: 1))
    y += 1
    for (offset, line) in noticeLines(t, p, width: inner.width).enumerated() {
      put(line.text, at: y + offset, in: inner, style: line.style, into: &frame)
    }
    guard let (left, side) = panes(t, p, inner: inner, presenting: state.isPresenting) else { return }
    TrainChartView.render(t, p, in: left, into: &frame)
    if !side.isEmpty { TrainSideView.render(t, p, in: side, into: &frame) }
  }

  /// The chart's and the side column's areas under the status lines (nil when too short).
  /// The side panel grows with the terminal (two fifths of it), so maps, kernels and the
  /// mistakes gallery get bigger on big terminals; 36 columns at least. Presenting, the chart
  /// takes the whole width and the side column is empty.
  static func panes(_ t: TrainState, _ p: TrainProgress, inner: Rect, presenting: Bool = false) -> (chart: Rect, side: Rect)? {
    let y = inner.y + (presenting ? 2 : 3) + noticeLines(t, p, width: inner.width).count
    let rest = Rect(x: inner.x, y: y, width: inner.width, height: inner.bottom - y)
    guard rest.height >= 6 else { return nil }
    if presenting { return (rest, Rect(x: rest.right, y: rest.y, width: 0, height: rest.height)) }
    let sideWidth = max(36, rest.width * 2 / 5)
    let left = Rect(x: rest.x, y: rest.y, width: rest.width - sideWidth - 1, height: rest.height)
    return (left, Rect(x: left.right + 1, y: rest.y, width: sideWidth, height: rest.height))
  }

  /// The lines under the progress bar: the cost question of a run that waits, a divergence
  /// and its remedy, a message, or what enter starts next. The question and the divergence
  /// wrap, because every number in them is one the user decides on; the key hints shorten.
  static func noticeLines(_ t: TrainState, _ p: TrainProgress, width: Int) -> [(text: String, style: Style)] {
    // The question is only for a run that waits: one ended (`E`) while waiting keeps the
    // flag in its last progress, and the screen then says the run is over instead.
    if t.isRunning, p.awaitsConfirmation, let e = p.estimate {
      let hint = String.firstFitting(["enter: go ahead · E: end it (m and l pick a smaller model or fewer images for the next run)",
                                      "enter: go ahead · E: end it (m, l: a smaller next run)", "enter: go ahead · E: end it"],
                                     width: width)
      return TextWrapper.wrap(confirmation(p, e), width: width).map { ($0, Style(fg: .yellow, bold: true)) }
        + [(hint, Style(fg: .yellow))]
    }
    if let d = p.divergence {
      return TextWrapper.wrap("Diverged at step \(d.step): \(d.reason).", width: width).map { ($0, Style(fg: .red, bold: true)) }
        + TextWrapper.wrap("Try: \(d.hint) (`[` halves the learning rate, space resumes).", width: width).map { ($0, Style(fg: .yellow)) }
    }
    if let message = t.message { return [(message, Style(fg: .green))] }
    guard !t.isRunning else { return [] }
    // One row is kept for this line, so a narrower screen drops the key hints before the
    // next run's settings get cut.
    let next = "Run over. enter starts run \(t.runCount + 1): \(t.next.summary)"
    return [(String.firstFitting([next + "  (c compares runs, v shows the runs table)", next + "  (c compares, v: runs)", next],
                                 width: width), Style(dim: true))]
  }

  /// What a click does on the Train screen: on the time-lapse track, show the frame under it.
  static func action(for mouse: MouseEvent, in state: AppState) -> Action? {
    // Presenting, there is no side panel (and so no track) to click.
    guard state.screen == .train, !state.isHelpVisible, !state.isPresenting, mouse.button == .left,
      mouse.kind == .press || mouse.kind == .drag, let p = state.train.progress, let lapse = p.timeLapse
    else { return nil }
    let block = Block(title: "", unicode: true)
    let inner = block.inner(RootView.layout(Rect(state.size)).body).inset(top: 0, left: 1, bottom: 0, right: 1)
    guard let (_, side) = panes(state.train, p, inner: inner),
      let track = TrainSideView.layout(state.train, p, in: side).track(in: side), mouse.y == track.y,
      let index = TimeLapseView.frame(atColumn: mouse.x, track: track, count: lapse.frames.count)
    else { return nil }
    return .train(.timeLapse(.jump(index)))
  }

  static func title(_ t: TrainState) -> String {
    guard let p = t.progress else { return " Train · next: \(t.next.modelName) on \(t.next.dataset.rawValue) " }
    return " Train · \(p.title)" + (p.setup.label == nil ? "" : " · \(p.setup.modelName)") + " on \(p.dataset) "
  }

  /// The epoch under way with its ETA; once the run has ended, how much of it was done
  /// (no countdown left over from the last summary).
  static func progressBar(_ p: TrainProgress, unicode: Bool) -> ProgressBar {
    guard p.isFinished else {
      let eta = p.epochETA.map { "  ETA \(NumberFormat.elapsed($0))" } ?? ""
      let whole = p.runETA.map { "  ·  run ETA \(NumberFormat.elapsed($0))" } ?? ""
      return ProgressBar(fraction: p.epochFraction, label: "epoch \(p.epoch)/\(p.epochs)\(eta)\(whole)", unicode: unicode)
    }
    let done = p.epochResults.count
    let label = p.wasStopped ? "ended at step \(p.step.grouped): \(done) of \(p.epochs) epochs done"
      : "all \(p.epochs) epoch\(p.epochs == 1 ? "" : "s") done"
    return ProgressBar(fraction: Double(done) / Double(max(1, p.epochs)), label: label, unicode: unicode)
  }

  /// "This run needs about 62m00s: 3 epochs × (20m10s training + 30.2s testing), from 4 timed
  /// steps at 1.29 s each."
  static func confirmation(_ p: TrainProgress, _ e: RunEstimate) -> String {
    "This run needs about \(NumberFormat.elapsed(e.remainingSeconds)): \(p.epochs) epoch\(p.epochs == 1 ? "" : "s") × "
      + "(\(NumberFormat.elapsed(e.epochSeconds)) training + \(NumberFormat.elapsed(e.testSeconds)) testing), from \(e.measuredSteps) timed steps "
      + "at \(String(format: "%.3g", e.secondsPerStep)) s each."
  }

  static func statusLine(_ t: TrainState, _ p: TrainProgress) -> String {
    let what = p.wasStopped ? "ended early" : p.isFinished ? "finished" : p.divergence != nil ? "DIVERGED, paused"
      : p.awaitsConfirmation ? "waiting for your go-ahead" : p.isEvaluating ? "testing" : t.isPaused ? "paused" : "running"
    return "\(what) · step \(p.step.grouped) · \(Int(p.imagesPerSecond.rounded()).grouped) img/s · elapsed \(NumberFormat.elapsed(p.elapsed))"
      + (p.testAccuracy.map { " · test \(NumberFormat.percent($0, decimals: 2))" } ?? "")
  }

  static func settingsLine(_ t: TrainState, _ p: TrainProgress) -> String {
    let lr = t.learningRate ?? p.learningRate
    return "lr \(NumberFormat.compact(lr)) (now \(NumberFormat.compact(p.learningRate)), cosine) · momentum \(NumberFormat.compact(t.momentum ?? p.momentum))"
      + " · wd \(NumberFormat.compact(t.weightDecay ?? p.weightDecay)) · batch \(t.batchSize ?? p.batchSize) · seed \(p.setup.seed)"
      + " · \(p.trainImages.grouped) images"
  }

  /// Before the first run: what the next run will be, with the recipe's values filled in.
  private static func renderIntro(_ t: TrainState, presenting: Bool, in area: Rect, into frame: inout Frame) {
    let next = t.next
    let config = (try? next.model.spec(classes: 10)).map(TrainingRecipe.defaults) ?? TrainingConfig()
    let purpose = "Train LeNet-5 or AlexNet on MNIST or Fashion-MNIST and watch the loss, the accuracy and the filters change."
    let nextRun = "Next run: \(next.modelName) on \(next.dataset.rawValue)   (m model · t dataset)"
    // Presenting: what this screen is for, what runs next, and the key that starts it.
    let all = [
      purpose,
      "",
      nextRun,
      "  epochs \(next.epochs ?? config.epochs)   (e)       seed \(next.seed)   (r/R)",
      "  learning rate \(NumberFormat.compact(next.learningRate ?? config.learningRate)) (\(config.schedule.description))   ([ ])",
      "  momentum \(NumberFormat.compact(next.momentum ?? config.momentum))   (, .)     weight decay \(NumberFormat.compact(next.weightDecay ?? config.weightDecay))   ({ })",
      "  batch \(next.batchSize ?? config.batchSize)   (- +)     training images \(next.limit.map { $0.grouped } ?? "all")   (l)"
        + "     pooling \(next.pooling?.rawValue ?? "the model's own")   (p)",
      "T: transfer experiment instead, MNIST-trained \(next.model.name.hasPrefix("lenet5") ? next.model.name : "lenet5-modern") "
        + "on \((next.limit ?? 1_000).grouped) Fashion-MNIST images: frozen features vs fine-tune all vs from scratch.",
      "",
      "enter starts it; u resumes the newest checkpoint saved for this model and data.",
      "While it runs: space pause/resume · s one batch · n one epoch · E end it.",
      "[ ] , . { } - + change the settings live; the curve marks each change.",
      "w saves a checkpoint, x exports the metrics (CSV, JSONL) to runs/.",
      "a: loss or accuracy chart · y: log scale · v: confusion / mistakes / runs.",
      "Every run is kept: start another and press c to draw an earlier run over it.",
    ]
    let lines = (presenting ? [purpose, "", nextRun, "", "enter starts it."] : all) + (t.message.map { ["", $0] } ?? [])
    var y = area.y + 1
    for line in lines {
      let paragraph = Paragraph(line)
      let rows = min(paragraph.lines(width: area.width).count, max(0, area.bottom - y))
      frame.render(paragraph, in: Rect(x: area.x, y: y, width: area.width, height: rows))
      y += max(1, rows)
    }
  }

  static func put(_ text: String, at y: Int, in area: Rect, style: Style = Style(), into frame: inout Frame) {
    guard y >= area.y, y < area.bottom else { return }
    frame.buffer.put(text, at: Point(x: area.x, y: y), style: style, clippedTo: area.row(y - area.y))
  }
}
