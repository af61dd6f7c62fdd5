import CPNG

extension RGBImage {
  /// Writes the image as an 8-bit PNG (gray or RGB), atomically like `writePPM`: a
  /// temporary file beside `path`, flushed, then renamed over it.
  ///
  /// Encoded in memory through libpng's simplified API, whose errors come back as return
  /// values (see `PNGDecoder`), then written by `FileIO`, so a full disk or a missing folder
  /// is the same clear error as for every other file convscope writes.
  public func writePNG(path: String) throws {
    try FileIO.writeAtomically(try pngBytes(source: path), to: path)
  }

  /// The PNG file's bytes; `source` names the file in errors.
  public func pngBytes(source: String) throws -> [UInt8] {
    let image = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
    image.initialize(to: png_image())
    defer {
      png_image_free(image)
      image.deallocate()
    }
    image.pointee.version = PNGDecoder.imageVersion
    image.pointee.width = UInt32(width)
    image.pointee.height = UInt32(height)
    image.pointee.format = channels == 3 ? PNGDecoder.colorFlag : 0
    var size: png_alloc_size_t = 0
    // First ask for the size (memory nil), then write into a buffer of that size.
    let sized = pixels.withUnsafeBytes { raw in
      png_image_write_to_memory(image, nil, &size, 0, raw.baseAddress, 0, nil)
    }
    guard sized != 0, size > 0 else { throw EngineError(source, "could not encode PNG (libpng: \(PNGDecoder.message(image)))") }
    var bytes = [UInt8](repeating: 0, count: Int(size))
    let written = bytes.withUnsafeMutableBytes { out in
      pixels.withUnsafeBytes { raw in png_image_write_to_memory(image, out.baseAddress, &size, 0, raw.baseAddress, 0, nil) }
    }
    guard written != 0 else { throw EngineError(source, "could not encode PNG (libpng: \(PNGDecoder.message(image)))") }
    return Array(bytes.prefix(Int(size)))
  }
}
