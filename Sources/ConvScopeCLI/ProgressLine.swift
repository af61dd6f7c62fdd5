import ConvEngine
import Foundation

/// The training progress display: a redrawn bar on a terminal, occasional plain lines otherwise.
final class ProgressLine {
  private let interactive: Bool
  private let silent: Bool
  private var lastDraw = 0.0
  private var lastPlainDecile = -1
  private var drawn = false

  /// `silent` prints nothing at all (for `--json`, whose stdout must be one JSON document).
  init(interactive: Bool, silent: Bool = false) {
    self.interactive = interactive
    self.silent = silent
  }

  func update(epoch: Int, of epochs: Int, fraction: Double, loss: Double, accuracy: Double,
              imagesPerSecond: Double, eta: Double) {
    if silent { return }
    if interactive {
      let now = Benchmark.now()
      // Redrawing 10 times a second is plenty and keeps the terminal out of the hot loop.
      guard now - lastDraw >= 0.1 || fraction >= 1 else { return }
      lastDraw = now
      let width = 24
      let filled = Int((fraction * Double(width)).rounded(.down))
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let line = String(format: "epoch %d/%d %@ %3d%%  loss %.4f  acc %5.2f%%  %@ img/s  ETA %@",
                        epoch, epochs, bar, Int(fraction * 100), loss, accuracy * 100,
                        Int(imagesPerSecond).grouped, NumberFormat.clock(eta))
      CLI.write("\r\u{1B}[K" + line)
      drawn = true
    } else {
      let decile = Int(fraction * 10)
      guard decile > lastPlainDecile, decile < 10 else { return }
      lastPlainDecile = decile
      guard decile > 0 else { return }
      print(String(format: "epoch %d/%d %3d%%  loss %.4f  acc %.2f%%  %@ img/s", epoch, epochs, decile * 10, loss,
                   accuracy * 100, Int(imagesPerSecond).grouped))
    }
  }

  /// Ends the current bar so the next print starts on a clean line.
  func finish() {
    if interactive && drawn { CLI.write("\r\u{1B}[K") }
    drawn = false
    lastPlainDecile = -1
  }
}
