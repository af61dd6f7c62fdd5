import TerminalUI

/// The small box asking whether to quit while training runs.
enum QuitQuestion {
  /// The question; the dash degrades to ASCII on terminals without Unicode.
  static func text(unicode: Bool) -> String {
    "Training is running \(unicode ? "—" : "-") quit? y/n"
  }

  static func render(in area: Rect, into frame: inout Frame) {
    let text = text(unicode: frame.unicode)
    let box = area.centered(width: text.count + 4, height: 3)
    guard !box.isEmpty else { return }
    frame.buffer.fill(box)
    let block = Block(title: " Quit? ", unicode: frame.unicode)
    frame.render(block, in: box)
    let inner = block.inner(box)
    frame.buffer.put(
      text, at: Point(x: inner.x + 1, y: inner.y), style: Style(bold: true), clippedTo: inner)
  }
}
