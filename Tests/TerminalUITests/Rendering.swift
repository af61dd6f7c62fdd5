@testable import TerminalUI

/// Renders `widget` into a fresh `width`×`height` buffer covering the whole buffer.
func rendered(_ widget: some Widget, width: Int, height: Int) -> ScreenBuffer {
  var buffer = ScreenBuffer(width: width, height: height)
  widget.render(in: buffer.area, into: &buffer)
  return buffer
}
