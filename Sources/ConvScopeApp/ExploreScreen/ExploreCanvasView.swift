import TerminalUI

/// The 28×28 drawing canvas, one pixel per cell column and half a cell row, with the pen.
enum ExploreCanvasView {
  static func render(_ canvas: ExploreCanvas, penDown: Bool = false, in area: Rect, into frame: inout Frame) {
    guard area.height >= 3 else { return }
    let pen = penDown ? "pen DOWN: arrows draw (b lifts)" : "pen up: b puts it down"
    frame.buffer.put(
      ExploreView.text("Drawing: \(pen), space inks, c clears, + pen \(canvas.penSize), esc done", frame),
      at: Point(x: area.x, y: area.y), style: Style(bold: true), clippedTo: area)
    let side = ExploreCanvas.side
    let room = canvasRoom(in: area)
    let values = canvas.pixels.map { Float($0) }
    let heatmap = Heatmap(values: values, rows: side, cols: side, scale: Scale(min: 0, max: 255),
                          colorDepth: frame.colorDepth)
    frame.render(heatmap, in: room)
    let drawn = heatmap.renderedSize(in: room)
    guard drawn.width > 0, drawn.height > 0 else { return }
    let cx = room.x + canvas.penX * drawn.width / side
    let cy = room.y + canvas.penY * drawn.height / side
    frame.buffer[cx, cy] = Cell(frame.unicode ? "◆" : "X", style: Style(fg: penDown ? .white : .red, bg: penDown ? .red : .white, bold: true))
  }

  /// Where the canvas heatmap goes: under the help line, at most two columns per pixel.
  static func canvasRoom(in area: Rect) -> Rect {
    Rect(x: area.x, y: area.y + 1, width: min(area.width, ExploreCanvas.side * 2), height: max(0, area.height - 1))
  }

  /// The canvas pixel (y, x) under a terminal cell, or nil off the canvas. Mouse drawing uses
  /// it; it assumes the half-block rendering of colour terminals (two pixel rows per cell),
  /// the same size computation the renderer uses, so clicks land where the pixels are drawn.
  static func pixel(at point: Point, in area: Rect, colorDepth: ColorDepth = .direct) -> (y: Int, x: Int)? {
    let side = ExploreCanvas.side
    let room = canvasRoom(in: area)
    let blank = Heatmap(values: [Float](repeating: 0, count: side * side), rows: side, cols: side,
                        scale: Scale(min: 0, max: 255), colorDepth: colorDepth)
    let drawn = blank.renderedSize(in: room)
    let (cx, cy) = (point.x - room.x, point.y - room.y)
    guard drawn.width > 0, drawn.height > 0, (0..<drawn.width).contains(cx), (0..<drawn.height).contains(cy)
    else { return nil }
    return (y: cy * side / drawn.height, x: cx * side / drawn.width)
  }

  /// What a mouse event on the Explore screen does: a left press or drag on the canvas, while
  /// drawing, inks the pixel under it.
  static func action(for mouse: MouseEvent, in state: AppState) -> Action? {
    guard state.screen == .explore, state.explore.isDrawing, mouse.button == .left,
      mouse.kind == .press || mouse.kind == .drag,
      let p = pixel(at: mouse.point, in: ExploreLayout(size: state.size).main)
    else { return nil }
    return .explore(.paintCell(y: p.y, x: p.x))
  }
}
