import TerminalUI

/// The 28×28 drawing canvas, one pixel per cell column and half a cell row, with the pen.
enum ExploreCanvasView {
  static func render(_ canvas: ExploreCanvas, in area: Rect, into frame: inout Frame) {
    guard area.height >= 3 else { return }
    frame.buffer.put(
      "Drawing: arrows move, space inks, c clears, + pen \(canvas.penSize), esc done",
      at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    let side = ExploreCanvas.side
    let room = Rect(x: area.x, y: area.y + 1, width: min(area.width, side * 2), height: area.height - 1)
    let values = canvas.pixels.map { Float($0) }
    let heatmap = Heatmap(values: values, rows: side, cols: side, scale: Scale(min: 0, max: 255),
                          colorDepth: frame.colorDepth)
    frame.render(heatmap, in: room)
    let drawn = heatmap.renderedSize(in: room)
    guard drawn.width > 0, drawn.height > 0 else { return }
    let cx = room.x + canvas.penX * drawn.width / side
    let cy = room.y + canvas.penY * drawn.height / side
    frame.buffer[cx, cy] = Cell(frame.unicode ? "◆" : "X", style: Style(fg: .red, bg: .white, bold: true))
  }
}
