import Foundation
import TerminalUI

/// Draws the Train screen: status and settings, the epoch bar, the smoothed loss curve with
/// its live changes, per-epoch accuracy, the first layer's kernels and the confusion matrix.
/// Every number comes from the worker's `TrainProgress`.
enum TrainView {
  static func render(_ state: AppState, in body: Rect, into frame: inout Frame) {
    let t = state.train
    let block = Block(title: title(t), unicode: frame.unicode)
    frame.render(block, in: body)
    let inner = block.inner(body).inset(top: 0, left: 1, bottom: 0, right: 1)
    guard let p = t.progress else {
      renderIntro(t, in: inner, into: &frame)
      return
    }
    var y = inner.y
    put(statusLine(t, p), at: y, in: inner, style: Style(bold: true), into: &frame)
    y += 1
    put(settingsLine(t, p), at: y, in: inner, into: &frame)
    y += 1
    let eta = p.epochETA.map { "  ETA \(duration($0))" } ?? ""
    frame.render(
      ProgressBar(fraction: p.epochFraction, label: "epoch \(p.epoch)/\(p.epochs)\(eta)", unicode: frame.unicode),
      in: Rect(x: inner.x, y: y, width: inner.width, height: 1))
    y += 1
    if let d = p.divergence {
      put("Diverged at step \(d.step): \(d.reason).", at: y, in: inner, style: Style(fg: .red, bold: true), into: &frame)
      put("Try: \(d.hint) (`[` halves the learning rate, space resumes).", at: y + 1, in: inner,
          style: Style(fg: .yellow), into: &frame)
      y += 2
    } else if let message = t.message {
      put(message, at: y, in: inner, style: Style(fg: .green), into: &frame)
      y += 1
    }
    let rest = Rect(x: inner.x, y: y, width: inner.width, height: inner.bottom - y)
    guard rest.height >= 6 else { return }
    let sideWidth = min(44, rest.width / 2)
    let left = Rect(x: rest.x, y: rest.y, width: rest.width - sideWidth - 1, height: rest.height)
    let side = Rect(x: left.right + 1, y: rest.y, width: sideWidth, height: rest.height)
    renderCurve(p, in: left, into: &frame)
    renderSide(p, in: side, into: &frame)
  }

  static func title(_ t: TrainState) -> String {
    " Train · \(t.progress?.model ?? t.model) on \(t.progress?.dataset ?? t.dataset) "
  }

  static func statusLine(_ t: TrainState, _ p: TrainProgress) -> String {
    let what = p.isFinished ? "finished" : p.divergence != nil ? "DIVERGED, paused" : p.isEvaluating ? "testing" : t.isPaused ? "paused" : "running"
    return "\(what) · step \(p.step.grouped) · \(Int(p.imagesPerSecond.rounded()).grouped) img/s · elapsed \(duration(p.elapsed))"
  }

  static func settingsLine(_ t: TrainState, _ p: TrainProgress) -> String {
    let lr = t.learningRate ?? p.learningRate
    return "lr \(number(lr)) (now \(number(p.learningRate)), cosine) · momentum \(number(t.momentum ?? p.momentum)) · batch \(t.batchSize ?? p.batchSize)"
  }

  private static func renderIntro(_ t: TrainState, in area: Rect, into frame: inout Frame) {
    let lines = [
      "Train LeNet-5 on MNIST or Fashion-MNIST and watch the loss, the accuracy and the filters change.",
      "",
      "Next run: \(t.model) on \(t.dataset)   (m: model, t: dataset)",
      "enter starts it. Then: space pause/resume · s one batch · n one epoch · [ ] learning rate ·",
      ", . momentum · - + batch size · w save a checkpoint to runs/",
    ] + (t.message.map { ["", $0] } ?? [])
    var y = area.y + 1
    for line in lines {
      let paragraph = Paragraph(line)
      let rows = min(paragraph.lines(width: area.width).count, max(0, area.bottom - y))
      frame.render(paragraph, in: Rect(x: area.x, y: y, width: area.width, height: rows))
      y += max(1, rows)
    }
  }

  /// The smoothed loss per step, the live changes under it and the per-epoch accuracies.
  private static func renderCurve(_ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    let table = epochRows(p)
    let marks = p.marks.filter { $0.kind != .note }.suffix(2)
    let below = min(table.count + 1, max(0, area.height / 3)) + marks.count
    let chartArea = Rect(x: area.x, y: area.y, width: area.width, height: area.height - below)
    if p.loss.count >= 2 {
      frame.render(
        LineChart(
          series: [LineChart.Series("loss (smoothed)", values: p.loss, color: .cyan)],
          xStart: 1, xStep: Double(p.lossStride), unicode: frame.unicode),
        in: chartArea)
    } else {
      put("The loss curve appears after the first steps.", at: chartArea.y, in: chartArea, into: &frame)
    }
    var y = chartArea.bottom
    for mark in marks {
      let arrow = frame.unicode ? "▲" : "^"
      put("\(arrow) step \(mark.step): \(mark.message)", at: y, in: area, style: Style(fg: .yellow), into: &frame)
      y += 1
    }
    guard !table.isEmpty, y < area.bottom else { return }
    let rows = Array(table.suffix(max(0, area.bottom - y - 1)))
    frame.render(
      Table(header: ["epoch", "train loss", "train acc", "test acc", "time"], rows: rows, unicode: frame.unicode),
      in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
  }

  private static func epochRows(_ p: TrainProgress) -> [[String]] {
    p.epochResults.map {
      ["\($0.epoch)", String(format: "%.4f", $0.trainLoss), percent($0.trainAccuracy), percent($0.testAccuracy),
       duration($0.seconds)]
    }
  }

  /// The first layer's kernels, then the latest confusion matrix.
  private static func renderSide(_ p: TrainProgress, in area: Rect, into frame: inout Frame) {
    var y = area.y
    if p.kernelCount > 0, p.kernelSize > 0 {
      put("conv1 kernels (\(p.kernelCount) × \(p.kernelSize)×\(p.kernelSize))", at: y, in: area, into: &frame)
      y += 1
      let plane = p.kernelSize * p.kernelSize
      let scale = Scale.symmetric(p.kernels)
      let cellWidth = p.kernelSize + 1
      let perRow = max(1, area.width / cellWidth)
      let height = (p.kernelSize + 1) / 2
      for k in 0..<p.kernelCount {
        let rowY = y + (k / perRow) * (height + 1)
        guard rowY + height <= area.bottom else { break }
        let values = Array(p.kernels[(k * plane)..<min(p.kernels.count, (k + 1) * plane)])
        frame.render(
          Heatmap(values: values, rows: p.kernelSize, cols: p.kernelSize, scale: scale, colorDepth: frame.colorDepth,
                  zoom: false),
          in: Rect(x: area.x + (k % perRow) * cellWidth, y: rowY, width: p.kernelSize, height: height))
      }
      y += ((p.kernelCount + perRow - 1) / perRow) * (height + 1)
    }
    guard y < area.bottom else { return }
    guard !p.confusion.isEmpty else {
      put("Confusion matrix after the first epoch.", at: y, in: area, style: Style(dim: true), into: &frame)
      return
    }
    put("test confusion (rows: true class)", at: y, in: area, into: &frame)
    y += 1
    let rows = p.confusion.enumerated().map { i, row in ["\(i)"] + row.map { "\($0)" } }
    frame.render(
      Table(header: ["↓"] + (0..<p.confusion.count).map { "\($0)" }, rows: rows, columnSpacing: 1,
            unicode: frame.unicode),
      in: Rect(x: area.x, y: y, width: area.width, height: area.bottom - y))
  }

  private static func put(_ text: String, at y: Int, in area: Rect, style: Style = Style(), into frame: inout Frame) {
    guard y >= area.y, y < area.bottom else { return }
    frame.buffer.put(text, at: Point(x: area.x, y: y), style: style, clippedTo: area.row(y - area.y))
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : String(format: "%.1fs", seconds)
  }

  static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }

  static func number(_ value: Float) -> String { String(format: "%g", Double(value)) }
}

extension Int {
  /// 12,345 style, for counts on screen.
  fileprivate var grouped: String {
    let digits = String(abs(self))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (self < 0 ? "-" : "") + out
  }
}
