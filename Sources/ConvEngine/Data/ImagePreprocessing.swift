/// Geometry for photos: resizing, cropping, flipping, and gray to RGB.
extension RGBImage {
  /// The image resized, keeping its aspect ratio, so that its shorter side is `side` pixels.
  ///
  /// The longer side is rounded to the nearest pixel (a 451×300 photo becomes 385×256).
  /// Returns the image unchanged when the shorter side is already `side`.
  public func resizedShorterSide(to side: Int) -> RGBImage {
    // Sides come from `shorterSide(forCrop:)` of a checked model input size: never 0.
    precondition(side > 0, "shorter side \(side)")
    let (w, h) = width <= height
      ? (side, Self.scaledLength(height, by: side, over: width))
      : (Self.scaledLength(width, by: side, over: height), side)
    return resized(width: w, height: h)
  }

  /// `length · numerator / denominator`, rounded half up, at least 1.
  private static func scaledLength(_ length: Int, by numerator: Int, over denominator: Int) -> Int {
    max(1, (2 * length * numerator + denominator) / (2 * denominator))
  }

  /// The image resampled to exactly `width`×`height` with an antialiased bicubic filter.
  ///
  /// This is convolution resampling as Pillow does it for `Image.resize(..., BICUBIC)`: the Keys
  /// cubic with a = −0.5, widened by the reduction factor when shrinking (so every source pixel
  /// contributes, instead of aliasing), weights normalised per output pixel and held in 22-bit
  /// fixed point, the horizontal pass first with 8-bit rounding between the passes. Following it
  /// exactly means the shipped 227×227 samples, made with Pillow, are reproduced from their
  /// originals bit for bit (see ImageTests). Enlarging uses the plain cubic.
  public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
    // Callers pass sizes derived from a valid image or a checked model input (≥ 1).
    precondition(newWidth > 0 && newHeight > 0, "resize to \(newWidth)×\(newHeight)")
    var image = self
    if newWidth != width {
      image = image.resampledHorizontally(to: newWidth)
    }
    if newHeight != height {
      image = image.resampledVertically(to: newHeight)
    }
    return image
  }

  private func resampledHorizontally(to newWidth: Int) -> RGBImage {
    let taps = ResamplingTaps(from: width, to: newWidth)
    var out = [UInt8](repeating: 0, count: newWidth * height * channels)
    let c = channels, w = width
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        taps.weights.withUnsafeBufferPointer { weights in
          for y in 0..<height {
            let row = y * w * c
            for x in 0..<newWidth {
              let first = taps.first[x], count = taps.count[x], k = x * taps.stride
              for ch in 0..<c {
                var sum = ResamplingTaps.half
                for t in 0..<count { sum += Int(src[row + (first + t) * c + ch]) * weights[k + t] }
                dst[(y * newWidth + x) * c + ch] = ResamplingTaps.clip(sum)
              }
            }
          }
        }
      }
    }
    return RGBImage(width: newWidth, height: height, channels: channels, pixels: out)
  }

  private func resampledVertically(to newHeight: Int) -> RGBImage {
    let taps = ResamplingTaps(from: height, to: newHeight)
    let rowLength = width * channels
    var out = [UInt8](repeating: 0, count: rowLength * newHeight)
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        taps.weights.withUnsafeBufferPointer { weights in
          for y in 0..<newHeight {
            let first = taps.first[y], count = taps.count[y], k = y * taps.stride
            for i in 0..<rowLength {
              var sum = ResamplingTaps.half
              for t in 0..<count { sum += Int(src[(first + t) * rowLength + i]) * weights[k + t] }
              dst[y * rowLength + i] = ResamplingTaps.clip(sum)
            }
          }
        }
      }
    }
    return RGBImage(width: width, height: newHeight, channels: channels, pixels: out)
  }

  /// The `width`×`height` rectangle whose top-left pixel is (`x`, `y`).
  public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> RGBImage {
    // Crops are placed inside images resized to cover them (`evalImage`, `Augmentation`).
    precondition(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height,
                 "crop \(w)×\(h) at (\(x), \(y)) from \(width)×\(height)")
    if x == 0 && y == 0 && w == width && h == height { return self }
    var out = [UInt8](repeating: 0, count: w * h * channels)
    let rowLength = w * channels
    for row in 0..<h {
      let from = ((y + row) * width + x) * channels
      out.replaceSubrange((row * rowLength)..<((row + 1) * rowLength), with: pixels[from..<(from + rowLength)])
    }
    return RGBImage(width: w, height: h, channels: channels, pixels: out)
  }

  /// The central `width`×`height` rectangle. When the margin is odd the extra pixel is left on
  /// the right/bottom (offset = ⌊margin / 2⌋), which is how the shipped samples were cut.
  public func centreCropped(width w: Int, height h: Int) -> RGBImage {
    cropped(x: (width - w) / 2, y: (height - h) / 2, width: w, height: h)
  }

  /// A 3-channel copy of a gray image (R = G = B); RGB images are returned as they are.
  public func grayscaleToRGB() -> RGBImage {
    guard channels == 1 else { return self }
    var out = [UInt8](repeating: 0, count: pixels.count * 3)
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<src.count {
          dst[3 * i] = src[i]
          dst[3 * i + 1] = src[i]
          dst[3 * i + 2] = src[i]
        }
      }
    }
    return RGBImage(width: width, height: height, channels: 3, pixels: out)
  }

  /// The mirror image (left and right swapped).
  public func flippedHorizontally() -> RGBImage {
    var out = pixels
    let c = channels
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<height {
          for x in 0..<width {
            let from = (y * width + x) * c, to = (y * width + (width - 1 - x)) * c
            for ch in 0..<c { dst[to + ch] = src[from + ch] }
          }
        }
      }
    }
    return RGBImage(width: width, height: height, channels: c, pixels: out)
  }
}

/// Per-output-pixel source ranges and fixed-point weights for one resampling direction.
private struct ResamplingTaps {
  /// 22 fractional bits: 8 bits of sample times the weight sum stay inside 32 bits even with
  /// the cubic's negative lobes (Pillow's choice, kept so results match it).
  static let precisionBits = 22
  static let half = 1 << (precisionBits - 1)

  var first: [Int]
  var count: [Int]
  var weights: [Int]
  /// Room reserved per output pixel in `weights`.
  var stride: Int

  init(from inSize: Int, to outSize: Int) {
    let scale = Double(inSize) / Double(outSize)
    let filterScale = max(scale, 1)  // shrinking widens the filter to cover all inputs
    let support = 2 * filterScale  // the cubic reaches ±2
    stride = Int(support.rounded(.up)) * 2 + 1
    first = [Int](repeating: 0, count: outSize)
    count = [Int](repeating: 0, count: outSize)
    weights = [Int](repeating: 0, count: outSize * stride)
    var raw = [Double](repeating: 0, count: stride)
    for o in 0..<outSize {
      let centre = (Double(o) + 0.5) * scale
      // Int(_:) truncates toward zero, like the C casts whose rounding this mirrors.
      let lo = max(0, Int(centre - support + 0.5))
      let hi = min(inSize, Int(centre + support + 0.5))
      let n = hi - lo
      var total = 0.0
      for t in 0..<n {
        raw[t] = Self.cubic((Double(t + lo) - centre + 0.5) / filterScale)
        total += raw[t]
      }
      for t in 0..<n {
        let w = total != 0 ? raw[t] / total : raw[t]
        let fixed = w * Double(1 << Self.precisionBits)
        weights[o * stride + t] = fixed < 0 ? Int(-0.5 + fixed) : Int(0.5 + fixed)
      }
      first[o] = lo
      count[o] = n
    }
  }

  /// Keys' cubic convolution kernel with a = −0.5.
  static func cubic(_ x: Double) -> Double {
    let a = -0.5
    let x = abs(x)
    if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
    if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
    return 0
  }

  /// A fixed-point sum back to a byte, clamped to 0…255.
  @inline(__always)
  static func clip(_ sum: Int) -> UInt8 {
    UInt8(clamping: sum >> precisionBits)
  }
}

/// The evaluation preprocessing for ImageNet-style networks and its inverse for display.
public enum ImagePreprocessing {
  /// The shorter side an image is resized to before a centre crop of `size`: 256 for crops up
  /// to 256 (the usual "resize 256, crop 224/227"), otherwise 256/224 of the crop, rounded.
  public static func shorterSide(forCrop size: Int) -> Int {
    size <= 256 ? 256 : (size * 256 + 112) / 224
  }

  /// The `size`×`size` RGB image the network sees: gray expanded to RGB, shorter side resized
  /// to `shorterSide(forCrop:)`, centre crop. An image that is already `size`×`size` (like the
  /// shipped, preprocessed samples) passes through untouched.
  public static func evalImage(_ image: RGBImage, size: Int) -> RGBImage {
    // `size` is a model's input side, checked by `ModelSpec.row`.
    precondition(size > 0, "crop size \(size)")
    let rgb = image.grayscaleToRGB()
    if rgb.width == size && rgb.height == size { return rgb }
    let side = shorterSide(forCrop: size)
    let resized = min(rgb.width, rgb.height) == side ? rgb : rgb.resizedShorterSide(to: side)
    return resized.centreCropped(width: size, height: size)
  }

  /// The eval pipeline as a (1, 3, `size`, `size`) tensor: `evalImage`, then RGB/255 with the
  /// ImageNet mean and standard deviation removed per channel.
  public static func tensor(from image: RGBImage, size: Int) -> Tensor {
    let x = Tensor(zeros: Shape(n: 1, c: 3, h: size, w: size))
    write(evalImage(image, size: size), into: x, sample: 0)
    return x
  }

  /// Writes a 3-channel image of the tensor's height and width into sample `sample` of `x`
  /// (N, 3, H, W), normalised as `tensor(from:size:)` does.
  public static func write(_ image: RGBImage, into x: Tensor, sample: Int) {
    // The image was just made at the tensor's size (`evalImage`, `Augmentation.apply`).
    precondition(image.channels == 3 && x.shape.c == 3 && image.width == x.shape.w && image.height == x.shape.h,
                 "a \(image.width)×\(image.height)×\(image.channels) image into a \(x.shape) tensor")
    precondition(sample >= 0 && sample < x.shape.n, "sample \(sample) of \(x.shape.n)")
    let plane = x.shape.plane
    let base = x.pointer + sample * 3 * plane
    for c in 0..<3 {
      // (v/255 − mean) / std as one multiply-add per sample.
      let scale = 1 / (255 * InputEncoder.imageNetStd[c])
      let offset = -InputEncoder.imageNetMean[c] / InputEncoder.imageNetStd[c]
      image.pixels.withUnsafeBufferPointer { src in
        for i in 0..<plane { base[c * plane + i] = Float(src[3 * i + c]) * scale + offset }
      }
    }
  }

  /// Sample `sample` of a normalised (N, 3, H, W) tensor as an RGB image: the ImageNet
  /// normalisation undone, scaled to 0…255, rounded and clamped.
  public static func image(from x: Tensor, sample: Int) -> RGBImage {
    // Called on inputs encoded for an AlexNet spec, sample 0 or one the CLI checked
    // (`--sample` past the batch is refused with the file's name).
    precondition(x.shape.c == 3, "an RGB image needs 3 channels, the tensor has \(x.shape.c)")
    precondition(sample >= 0 && sample < x.shape.n, "sample \(sample) of \(x.shape.n)")
    let plane = x.shape.plane
    let base = x.pointer + sample * 3 * plane
    var pixels = [UInt8](repeating: 0, count: plane * 3)
    for c in 0..<3 {
      let std = InputEncoder.imageNetStd[c], mean = InputEncoder.imageNetMean[c]
      for i in 0..<plane {
        let v = ((base[c * plane + i] * std + mean) * 255).rounded()
        pixels[3 * i + c] = v.isNaN ? 0 : UInt8(clamping: Int(max(-1, min(256, v))))
      }
    }
    return RGBImage(width: x.shape.w, height: x.shape.h, channels: 3, pixels: pixels)
  }
}
