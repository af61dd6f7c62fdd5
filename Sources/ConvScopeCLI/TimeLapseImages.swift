import ConvEngine
import TerminalUI

/// Draws a time-lapse's kernels as pictures: one row of kernels per frame, each kernel
/// magnified `scale` times, coloured blue–white–red on one symmetric scale for the whole
/// time-lapse (white is zero), so a filter that grows stronger looks stronger.
enum TimeLapseImages {
  /// Pixels between kernels and between rows (mid gray, neither colour of the ramp).
  static let gap = 2
  static let gapColour: (UInt8, UInt8, UInt8) = (128, 128, 128)

  /// One frame's kernels side by side.
  static func frame(_ lapse: TimeLapse, index: Int, scale: Int) -> RGBImage {
    sheet(lapse, frames: [index], scale: scale)
  }

  /// The frames `frames` (indices, top to bottom) as one contact sheet.
  static func sheet(_ lapse: TimeLapse, frames: [Int], scale: Int) -> RGBImage {
    let side = lapse.kernelSize * scale
    let width = lapse.kernelCount * side + (lapse.kernelCount + 1) * gap
    let height = frames.count * side + (frames.count + 1) * gap
    var pixels = [UInt8](repeating: 0, count: width * height * 3)  // (height, width, RGB)
    for p in 0..<(width * height) {
      (pixels[p * 3], pixels[p * 3 + 1], pixels[p * 3 + 2]) = gapColour
    }
    let range = max(lapse.kernelRange, .leastNormalMagnitude)
    let k = lapse.kernelSize
    for (row, index) in frames.enumerated() {
      let kernels = lapse.frames[index].kernels  // (kernelCount, k, k)
      let top = gap + row * (side + gap)
      for kernel in 0..<lapse.kernelCount {
        let left = gap + kernel * (side + gap)
        for y in 0..<side {
          for x in 0..<side {
            let value = kernels[(kernel * k + y / scale) * k + x / scale]
            guard case .rgb(let r, let g, let b) = ColorMap.blueWhiteRed.rgb(at: 0.5 + Double(value / range) / 2)
            else { continue }
            let p = ((top + y) * width + left + x) * 3
            (pixels[p], pixels[p + 1], pixels[p + 2]) = (r, g, b)
          }
        }
      }
    }
    return RGBImage(width: width, height: height, channels: 3, pixels: pixels)
  }
}
