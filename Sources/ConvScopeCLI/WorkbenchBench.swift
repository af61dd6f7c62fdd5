import ConvEngine
import Foundation
import NcursesBackend
import TerminalUI

/// How fast the real terminal path draws: render + diff + ncurses + bytes onto a
/// pseudo-terminal, for a screen full of heatmaps whose data changes every frame.
enum WorkbenchBench {
  /// What `convscope bench` reports for the terminal front end (milliseconds per frame).
  ///
  /// `median`/`p99` are wall-clock time, what a user sees, so they include waiting for the
  /// pseudo-terminal reader and for the CPU on a busy machine. `cpuMedian`/`cpuP99` are the
  /// drawing thread's own CPU time: the cost of our code plus ncurses, steady under load.
  struct Report: Codable {
    var width: Int
    var height: Int
    var term: String
    var colorDepth: String
    var frames: Int
    var heatmaps: Int
    var median: Double
    var p99: Double
    var mean: Double
    var cpuMedian: Double
    var cpuP99: Double
    /// Bytes ncurses wrote to the terminal per frame, on average.
    var bytesPerFrame: Double
    var targetMedian: Double = 10
    var targetP99: Double = 16
    var meetsTargets: Bool
  }

  /// Draws `frames` frames of a `width`×`height` screen tiled with heatmaps through a real
  /// `NcursesBackend` on a pseudo-terminal (`TERM=term`); never touches the user's terminal.
  static func run(
    frames: Int = 300, width: Int = 200, height: Int = 60, term: String = "xterm-256color"
  ) throws -> Report {
    let pty = try PseudoTerminal(columns: width, rows: height)
    pty.startDraining()
    let backend = try NcursesBackend(
      options: NcursesOptions(device: .pseudoTerminal(pty, term: term), environment: [:]))
    defer { backend.shutdown() }
    var terminal = Terminal(backend: backend)
    let panes = layout(Rect(backend.size))
    let warmUp = 10
    var times: [Double] = []
    var cpuTimes: [Double] = []
    times.reserveCapacity(frames)
    cpuTimes.reserveCapacity(frames)
    var bytesAtStart = 0
    for frame in 0..<(frames + warmUp) {
      if frame == warmUp { bytesAtStart = pty.bytesDrained }
      let start = DispatchTime.now().uptimeNanoseconds
      let cpuStart = ThreadCPUClock.seconds() * 1e3
      terminal.draw { canvas in drawPanes(panes, frame: frame, into: &canvas) }
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
      if frame >= warmUp {
        times.append(elapsed)
        cpuTimes.append(ThreadCPUClock.seconds() * 1e3 - cpuStart)
      }
    }
    let bytes = Double(pty.bytesDrained - bytesAtStart) / Double(max(1, frames))
    let wall = Percentiles(times), cpu = Percentiles(cpuTimes)
    return Report(
      width: backend.size.width, height: backend.size.height, term: term,
      colorDepth: backend.colorDepth.description, frames: frames, heatmaps: panes.count,
      median: wall.median, p99: wall.p99, mean: wall.mean,
      cpuMedian: cpu.median, cpuP99: cpu.p99, bytesPerFrame: bytes,
      meetsTargets: wall.median <= 10 && wall.p99 <= 16)
  }

  /// A 4×3 grid of boxed panes, the densest layout the workbench will draw.
  static func layout(_ area: Rect) -> [Rect] {
    let rows = area.split(.vertical, Array(repeating: .fill(1), count: 3))
    return rows.flatMap { $0.split(.horizontal, Array(repeating: .fill(1), count: 4)) }
  }

  /// Every pane gets a border and a heatmap of a moving pattern, so every frame changes
  /// nearly every cell (the worst case for the diff, ncurses and the wire).
  static func drawPanes(_ panes: [Rect], frame: Int, into canvas: inout Frame) {
    for (index, pane) in panes.enumerated() {
      let block = Block(title: " map \(index + 1) ", unicode: canvas.unicode)
      canvas.render(block, in: pane)
      let inner = block.inner(pane)
      let rows = inner.height * 2
      let cols = inner.width
      let phase = Float(frame) * 0.35 + Float(index)
      var values = [Float](repeating: 0, count: rows * cols)
      for y in 0..<rows {
        for x in 0..<cols {
          values[y * cols + x] = sinf(Float(x) * 0.31 + phase) * cosf(Float(y) * 0.23 - phase * 0.7)
        }
      }
      let map = Heatmap(
        values: values, rows: rows, cols: cols, scale: Scale(min: -1, max: 1),
        colorMap: index % 2 == 0 ? .viridis : .blueWhiteRed, colorDepth: canvas.colorDepth)
      canvas.render(map, in: inner)
    }
  }
}
