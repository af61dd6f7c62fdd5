import ConvEngine
import TerminalUI

/// Maps of values as a picture file: one pixel per value, magnified by a whole factor, maps
/// side by side on a grid with a gap of gray between and around them. The home of "values to
/// a PNG" for the workbench's `e` export, `convscope export png` and the time-lapse sheets.
public enum HeatmapImage {
  /// Pixels between maps and around them.
  public static let gap = 2
  /// The gap's colour: mid gray, neither end of any colour ramp.
  public static let gapColour: (UInt8, UInt8, UInt8) = (128, 128, 128)

  /// `maps` (each `rows`×`cols` values, row-major) on a grid of `perRow` maps a row, each value
  /// a `scale`×`scale` square coloured by `colour(map, value)`.
  public static func grid(
    maps: [ArraySlice<Float>], rows: Int, cols: Int, perRow: Int, scale: Int,
    colour: (Int, Float) -> (UInt8, UInt8, UInt8)
  ) -> RGBImage {
    grid(count: maps.count, rows: rows, cols: cols, perRow: perRow, scale: scale) { index, offset in
      colour(index, maps[index][maps[index].startIndex + offset])
    }
  }

  /// The same grid for pictures whose pixel is more than one value (an RGB kernel's three
  /// weights): `pixel(map, offset)` colours value `offset` (row-major) of map `map`.
  public static func grid(
    count: Int, rows: Int, cols: Int, perRow: Int, scale: Int, pixel: (Int, Int) -> (UInt8, UInt8, UInt8)
  ) -> RGBImage {
    let across = max(1, min(perRow, count))
    let down = max(1, (count + across - 1) / across)
    let tileW = cols * scale, tileH = rows * scale
    let width = across * tileW + (across + 1) * gap
    let height = down * tileH + (down + 1) * gap
    var pixels = [UInt8](repeating: 0, count: width * height * 3)  // (height, width, RGB)
    for p in 0..<(width * height) {
      (pixels[p * 3], pixels[p * 3 + 1], pixels[p * 3 + 2]) = gapColour
    }
    for index in 0..<count {
      let left = gap + (index % across) * (tileW + gap)
      let top = gap + (index / across) * (tileH + gap)
      for y in 0..<tileH {
        for x in 0..<tileW {
          let p = ((top + y) * width + left + x) * 3
          (pixels[p], pixels[p + 1], pixels[p + 2]) = pixel(index, (y / scale) * cols + x / scale)
        }
      }
    }
    return RGBImage(width: width, height: height, channels: 3, pixels: pixels)
  }

  /// The RGB a colour map gives `value` on `scale` (ramps are RGB; anything else is black);
  /// NaN, a value that is not there (C3's kernels Table I leaves out), is the gap's gray.
  public static func rgb(_ value: Float, scale: Scale, map: ColorMap) -> (UInt8, UInt8, UInt8) {
    guard !value.isNaN else { return gapColour }
    guard case .rgb(let r, let g, let b) = map.rgb(at: scale.normalize(Double(value))) else { return (0, 0, 0) }
    return (r, g, b)
  }
}
