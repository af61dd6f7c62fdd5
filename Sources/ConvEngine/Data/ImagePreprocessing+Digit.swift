extension ImagePreprocessing {
  /// A photo or drawing as an MNIST-style digit: greyscale, `size`×`size` (shorter side resized,
  /// centre-cropped), light ink on a dark background. A mostly light image (dark ink on paper)
  /// is inverted; the flag says whether that happened.
  public static func digit(from image: RGBImage, size: Int) -> (pixels: [UInt8], inverted: Bool) {
    var gray = [UInt8](repeating: 0, count: image.width * image.height)
    for i in 0..<(image.width * image.height) {
      var sum = 0
      for c in 0..<image.channels { sum += Int(image.pixels[i * image.channels + c]) }
      gray[i] = UInt8(sum / image.channels)
    }
    let g = RGBImage(width: image.width, height: image.height, channels: 1, pixels: gray)
    let small = g.resizedShorterSide(to: size).centreCropped(width: size, height: size)
    let inverted = small.meanValue > 127
    return (inverted ? small.pixels.map { 255 - $0 } : small.pixels, inverted)
  }
}
