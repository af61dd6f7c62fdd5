import Foundation
import TerminalUI

/// Draws the replay: the recorded screen, and a footer line with the play position, the speed
/// and the keys.
///
/// The recording keeps its own size. In a bigger terminal it is centred, inside a dim frame
/// when there is room for one (so its edges show); in a smaller one its top-left part is shown
/// and the footer says how much of it fits.
public func renderReplay(_ state: ReplayState, into frame: inout Frame) {
  let area = frame.area
  guard area.height >= 2, area.width >= 10 else {
    frame.render(TooSmallNotice(needs: Size(width: 10, height: 2), have: area.size))
    return
  }
  let screen = state.player.terminal.screen
  let stage = Rect(x: area.x, y: area.y, width: area.width, height: area.height - 1)
  let fits = stage.width >= screen.width && stage.height >= screen.height
  var origin = Point(x: stage.x, y: stage.y)
  if fits {
    let framed = stage.width >= screen.width + 2 && stage.height >= screen.height + 2
    let box = stage.centered(width: screen.width + (framed ? 2 : 0), height: screen.height + (framed ? 2 : 0))
    if framed {
      frame.render(Block(title: " \(state.name) ", borderStyle: Style(dim: true), titleStyle: Style(dim: true), unicode: frame.unicode), in: box)
    }
    origin = Point(x: box.x + (framed ? 1 : 0), y: box.y + (framed ? 1 : 0))
  }
  for y in 0..<min(screen.height, stage.height) {
    for x in 0..<min(screen.width, stage.width) {
      frame.buffer[origin.x + x, origin.y + y] = screen[x, y]
    }
  }
  let note = fits ? nil : "shows \(min(screen.width, stage.width))×\(min(screen.height, stage.height)) of \(screen.width)×\(screen.height)"
  renderFooter(state, note: note, in: area.row(area.height - 1), into: &frame)
}

/// "▶ 0:12.3 / 1:05.0  ×2" followed by the key hints that fit, in reverse video.
private func renderFooter(_ state: ReplayState, note: String?, in row: Rect, into frame: inout Frame) {
  let bar = Style(reverse: true)
  let mark: String
  if state.isAtEnd {
    mark = frame.unicode ? "■ end" : "[end]"
  } else if state.isPaused {
    mark = frame.unicode ? "❚❚" : "||"
  } else {
    mark = frame.unicode ? "▶" : ">"
  }
  let speed = state.speed == state.speed.rounded() ? "\(Int(state.speed))" : "\(state.speed)"
  let position = " \(mark) \(clockText(state.player.time)) / \(clockText(state.player.duration))  ×\(speed)  "
  frame.buffer.fill(row, with: Cell(" ", style: bar))
  let used = frame.buffer.put(position, at: Point(x: row.x, y: row.y), style: bar.bolded(), clippedTo: row)
  let rest = Rect(x: row.x + used, y: row.y, width: max(0, row.width - used), height: 1)
  let message = note ?? ""
  let hints = fittingHints(width: rest.width - (message.isEmpty ? 0 : message.displayWidth + 2))
  frame.render(StatusBar(hints: hints, message: message.isEmpty ? nil : message + " ", style: bar, keyStyle: Style(bold: true)), in: rest)
}

/// The most hints that fit in `width` columns, dropping the least needed first (quitting and
/// pausing are kept longest), shown in their usual order.
private func fittingHints(width: Int) -> [KeyHint] {
  let all = ReplayKeys.hints
  // Indexes into `all`, most needed first: quit, pause, seek, speed, big seek, start/end.
  let priority = [5, 0, 1, 3, 2, 4]
  for count in stride(from: priority.count, through: 1, by: -1) {
    let kept = priority.prefix(count).sorted().map { all[$0] }
    if StatusBar(hints: kept).spans.reduce(0, { $0 + $1.displayWidth }) <= width { return kept }
  }
  return []
}

/// Seconds as "m:ss.s".
private func clockText(_ seconds: Double) -> String {
  let tenths = Int((max(0, seconds) * 10).rounded(.down))
  return String(format: "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10)
}
