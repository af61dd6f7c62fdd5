import ConvEngine
import TerminalUI

/// Presenter mode's kernel view: one filter at a time (↑/↓ picks it), large and centred under
/// a one-line caption, with the kernels' colour legend below. A filter of a small layer
/// (C3) shows each kernel it has, one per input map it reads; an RGB filter (AlexNet's
/// conv1) is one colour picture; any other filter is one kernel (the mean over its inputs
/// when it reads several) with its weights as numbers beside it.
enum ExploreKernelsView {
  static func renderPresented(_ e: ExploreState, layer: ExploreLayerTrace, in area: Rect, into frame: inout Frame) {
    let k = layer.kernelSize
    guard k > 0, !layer.kernels.isEmpty, layer.channels > 0, area.height >= 6 else {
      ExploreMapsView.renderKernels(layer, in: area, into: &frame)
      return
    }
    let filter = min(max(0, e.selectedMap), layer.channels - 1)
    let plane = k * k
    let mode = PixelMode(depth: frame.colorDepth, unicode: frame.unicode)
    let scale = ExploreMapsView.kernelScale(layer)
    let reads = layer.connections.indices.contains(filter) ? layer.connections[filter] : []
    // Caption, blank, pictures, blank, legend.
    let room = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 4)
    var caption: String
    var pictureWidth = 0
    var pictureHeight = 0
    if layer.kernelChannels == 3 {
      caption = "filter \(filter): \(k)×\(k) weights for red, green and blue, drawn as one colour"
      let image = ColorImage(rgb: ExploreMapsView.kernelRGB(layer, filter: filter, scale: scale), rows: k, cols: k,
                             colorDepth: frame.colorDepth, unicode: frame.unicode)
      let size = image.renderedSize(in: room)
      frame.render(image, in: Rect(x: room.x + (room.width - size.width) / 2, y: room.y, width: size.width, height: size.height))
      (pictureWidth, pictureHeight) = (size.width, size.height)
    } else if ExploreMapsView.showsKernelMatrix(layer) {
      // Every kernel of the filter, labelled with the input map it reads.
      caption = "filter \(filter): one \(k)×\(k) kernel for each input map it reads"
      let offset = layer.connections.prefix(filter).reduce(0) { $0 + $1.count }
      let grid = HeatmapGrid(count: reads.count, mapRows: k, mapCols: k, area: Size(width: room.width, height: room.height),
                             mode: mode, gap: 3, maxZoom: 12)
      // As many rows as the grid needs, the kernels shared evenly between them (3 and 3,
      // not 5 and 1).
      let rows = (reads.count + grid.columns - 1) / grid.columns
      let columns = (reads.count + rows - 1) / rows
      pictureWidth = columns * grid.tileWidth + (columns - 1) * grid.gap
      pictureHeight = rows * grid.tileHeight
      let origin = Point(x: room.x + (room.width - pictureWidth) / 2, y: room.y)
      for (slot, m) in reads.enumerated() {
        let x = origin.x + (slot % columns) * (grid.tileWidth + grid.gap), y = origin.y + (slot / columns) * grid.tileHeight
        let values = Array(layer.fullKernels[((offset + slot) * plane)..<((offset + slot + 1) * plane)])
        frame.buffer.put("in \(m)", at: Point(x: x, y: y), style: Style(bold: true), clippedTo: room)
        frame.render(kernel(values, k: k, scale: scale, frame: frame),
                     in: Rect(x: x, y: y + 1, width: grid.mapCells.width, height: grid.mapCells.height).intersection(room))
      }
    } else {
      caption = reads.count > 1 ? "filter \(filter): its \(reads.count) kernels' mean, \(k)×\(k)" : "filter \(filter): \(k)×\(k)"
      let values = Array(layer.kernels[(filter * plane)..<((filter + 1) * plane)])
      // The weights beside the picture when both fit, the picture alone otherwise.
      let numbers = Array(ExplanationText.grid(title: "", values: values.map { Double($0) }, rows: k, cols: k, maxRows: k,
                                               maxWidth: .max).dropFirst())
      let numbersWidth = numbers.map(\.count).max() ?? 0
      let gap = 4
      let withNumbers = room.width - numbersWidth - gap >= mode.cells(for: Size(width: k, height: k)).width
        && room.height >= numbers.count
      let pictureRoom = Rect(x: room.x, y: room.y, width: withNumbers ? room.width - numbersWidth - gap : room.width,
                             height: room.height)
      let map = kernel(values, k: k, scale: scale, frame: frame)
      let size = map.renderedSize(in: pictureRoom)
      pictureWidth = size.width + (withNumbers ? gap + numbersWidth : 0)
      pictureHeight = size.height
      let x0 = room.x + (room.width - pictureWidth) / 2
      frame.render(map, in: Rect(x: x0, y: room.y, width: size.width, height: size.height))
      if withNumbers {
        // Centred on the picture's height.
        let top = room.y + max(0, (size.height - numbers.count) / 2)
        for (i, line) in numbers.enumerated() {
          frame.buffer.put(line, at: Point(x: x0 + size.width + gap, y: top + i), style: Style(bold: true), clippedTo: room)
        }
      }
    }
    caption = ExploreView.text(caption, frame)
    frame.buffer.put(caption, at: Point(x: area.x + max(0, (area.width - caption.displayWidth) / 2), y: area.y),
                     style: Style(bold: true), clippedTo: area)
    guard let (legendScale, legendMap) = ExploreMapsView.kernelLegend(layer, palette: frame.palette) else { return }
    let legendWidth = min(40, area.width)
    let legendY = min(area.bottom - 1, room.y + pictureHeight + 1)
    frame.render(HeatmapLegend(scale: legendScale, colorMap: legendMap, colorDepth: frame.colorDepth, unicode: frame.unicode),
                 in: Rect(x: area.x + (area.width - legendWidth) / 2, y: legendY, width: legendWidth, height: 1))
  }

  /// One kernel plane on the palette's diverging map (zero is white).
  private static func kernel(_ values: [Float], k: Int, scale: Scale, frame: Frame) -> Heatmap {
    Heatmap(values: values, rows: k, cols: k, scale: scale, colorMap: frame.palette.diverging, colorDepth: frame.colorDepth,
            unicode: frame.unicode, squarePixels: true)
  }
}
