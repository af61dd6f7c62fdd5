import TerminalUI

/// The 28×28 drawing canvas, one pixel per cell column and half a cell row, with the pen.
enum ExploreCanvasView {
  static func render(_ canvas: ExploreCanvas, penDown: Bool = false, in area: Rect, into frame: inout Frame) {
    guard area.height >= 3 else { return }
    let pen = penDown ? "pen DOWN: arrows draw (b lifts)" : "pen up: b puts it down"
    // The short form where the long one would be cut.
    let help = [
      "Drawing: \(pen), space inks, c clears, + pen \(canvas.penSize), esc done",
      "Drawing: pen \(penDown ? "DOWN" : "up") (b) · space inks · c clears · + pen \(canvas.penSize) · esc",
    ].map { ExploreView.text($0, frame) }
    frame.buffer.put(help.first { $0.count <= area.width } ?? help[1], at: Point(x: area.x, y: area.y), style: Style(bold: true),
                     clippedTo: area)
    let side = ExploreCanvas.side
    let room = canvasRoom(in: area)
    var heatmap = canvasHeatmap(canvas.pixels.map { Float($0) }, colorDepth: frame.colorDepth, unicode: frame.unicode)
    heatmap.colorMap = frame.palette.sequential
    frame.render(heatmap, in: room)
    let drawn = heatmap.renderedSize(in: room)
    guard drawn.width > 0, drawn.height > 0 else { return }
    let cx = room.x + canvas.penX * drawn.width / side
    let cy = room.y + canvas.penY * drawn.height / side
    frame.buffer[cx, cy] = Cell(frame.unicode ? "◆" : "X", style: Style(fg: penDown ? .white : .red, bg: penDown ? .red : .white, bold: true))
  }

  /// The canvas as a heatmap, drawn as the maps are: half blocks, or square pixels of
  /// coloured spaces or shades (ASCII ones under `--ascii` and `LANG=C`, where half blocks
  /// would turn into `#`).
  static func canvasHeatmap(_ values: [Float], colorDepth: ColorDepth, unicode: Bool) -> Heatmap {
    Heatmap(values: values, rows: ExploreCanvas.side, cols: ExploreCanvas.side, scale: Scale(min: 0, max: 255),
            colorDepth: colorDepth, unicode: unicode, squarePixels: true)
  }

  /// Where the canvas heatmap goes: under the help line, at most two columns per pixel.
  static func canvasRoom(in area: Rect) -> Rect {
    Rect(x: area.x, y: area.y + 1, width: min(area.width, ExploreCanvas.side * 2), height: max(0, area.height - 1))
  }

  /// The canvas pixel (y, x) under a terminal cell, or nil off the canvas. Mouse drawing uses
  /// it; the same size computation as the renderer's in the terminal's pixel mode, so clicks
  /// land where the pixels are drawn.
  static func pixel(at point: Point, in area: Rect, mode: PixelMode = .halfBlock) -> (y: Int, x: Int)? {
    let side = ExploreCanvas.side
    let room = canvasRoom(in: area)
    // Any depth and Unicode setting that gives `mode`: only the geometry matters here.
    let blank = canvasHeatmap([Float](repeating: 0, count: side * side), colorDepth: mode == .shade ? .c16 : .direct,
                              unicode: mode == .halfBlock)
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
      let p = pixel(at: mouse.point, in: ExploreLayout(size: state.size).main, mode: state.pixelMode)
    else { return nil }
    return .explore(.paintCell(y: p.y, x: p.x))
  }
}
