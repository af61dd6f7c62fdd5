import ConvEngine
import ConvScopeApp
import TerminalUI

/// Draws a time-lapse's kernels as pictures: one row of kernels per frame, each kernel
/// magnified `scale` times, coloured blue–white–red on one symmetric scale for the whole
/// time-lapse (white is zero), so a filter that grows stronger looks stronger.
enum TimeLapseImages {
  /// One frame's kernels side by side.
  static func frame(_ lapse: TimeLapse, index: Int, scale: Int) -> RGBImage {
    sheet(lapse, frames: [index], scale: scale)
  }

  /// The frames `frames` (indices, top to bottom) as one contact sheet: a row of kernels per
  /// frame on `HeatmapImage`'s grid (gray gaps between and around them).
  static func sheet(_ lapse: TimeLapse, frames: [Int], scale: Int) -> RGBImage {
    let range = max(lapse.kernelRange, .leastNormalMagnitude)
    let k = lapse.kernelSize
    var kernels: [ArraySlice<Float>] = []
    for index in frames {
      let values = lapse.frames[index].kernels  // (kernelCount, k, k)
      for kernel in 0..<lapse.kernelCount { kernels.append(values[(kernel * k * k)..<((kernel + 1) * k * k)]) }
    }
    return HeatmapImage.grid(maps: kernels, rows: k, cols: k, perRow: lapse.kernelCount, scale: scale) { _, value in
      // White is zero, on one symmetric scale for the whole time-lapse.
      guard case .rgb(let r, let g, let b) = ColorMap.blueWhiteRed.rgb(at: 0.5 + Double(value / range) / 2) else {
        return HeatmapImage.gapColour
      }
      return (r, g, b)
    }
  }
}
