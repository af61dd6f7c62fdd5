import TerminalUI

/// Draws the Explore prompt on one row: its label, the typed line (scrolled so the cursor
/// shows, the cursor in reverse video), then either why the last Enter was refused or the
/// keys that finish it.
enum ExplorePromptView {
  static func render(_ prompt: ExplorePrompt, in area: Rect, into frame: inout Frame) {
    render(label: prompt.label, editor: prompt.editor, error: prompt.error, in: area, into: &frame)
  }

  /// Any one-line prompt (this screen's, the model-file prompt): `label`, the line, the tail.
  static func render(label: String, editor: TextLineEditor, error: String?, in area: Rect, into frame: inout Frame) {
    guard !area.isEmpty else { return }
    frame.buffer.fill(area)
    var x = area.x
    x += frame.buffer.put(label + " ", at: Point(x: x, y: area.y), style: Style(bold: true), clippedTo: area)
    let tail = error.map { "  \($0)" } ?? "  enter loads, esc cancels"
    // The line gets what is left after the label and the tail (a refusal must be readable
    // whole), but at least a dozen columns, so a narrow terminal still shows the typing.
    let lineWidth = max(12, min(area.right - x - tail.displayWidth, 60))
    let (shown, cursor) = editor.visible(width: lineWidth)
    let field = Style(underline: true)
    frame.buffer.put(shown.fitted(to: lineWidth), at: Point(x: x, y: area.y), style: field, clippedTo: area)
    let cursorX = x + cursor
    if cursorX < area.right {
      let under = frame.buffer[cursorX, area.y].symbol
      frame.buffer[cursorX, area.y] = Cell(under, style: Style(bold: true, reverse: true))
    }
    x += lineWidth
    let tailStyle = error == nil ? Style(dim: true) : Style(fg: .red, bold: true)
    frame.buffer.put(tail, at: Point(x: x, y: area.y), style: tailStyle, clippedTo: area)
  }
}
