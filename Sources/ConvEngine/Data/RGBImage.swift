#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CJPEG
import CPNG

/// An 8-bit photo in memory: gray (1 channel) or RGB (3 channels), rows top to bottom,
/// the channels of a pixel next to each other (`pixels[(y * width + x) * channels + c]`).
public struct RGBImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// 1 (gray) or 3 (RGB).
  public let channels: Int
  /// Row-major, interleaved samples; always `width * height * channels` of them.
  public var pixels: [UInt8]

  /// The largest image the readers accept, in pixels (2^25 ≈ 33.5 million, an 8K frame).
  /// Bigger files are refused before anything is allocated for them.
  public static let maxPixels = 1 << 25
  /// The longest side the readers accept (libjpeg's own limit is 65,500).
  public static let maxSide = 65_535
  /// How many times longer than wide (or wide than long) an image may be. Resizing keeps the
  /// aspect ratio, so a 1×1,000,000 strip resized to a shorter side of 256 would need 256
  /// million pixels; capping the ratio bounds every resize the app makes.
  public static let maxAspectRatio = 100

  /// Throws unless a `width`×`height` image is within the limits above; checked by every
  /// decoder as soon as the header gives the size, before any pixel memory is allocated.
  static func checkDimensions(width: Int, height: Int, source: String) throws {
    let size = "\(width.grouped)×\(height.grouped)"
    guard width > 0, height > 0 else { throw EngineError(source, "the image size is \(size), which has no pixels") }
    guard width <= maxSide, height <= maxSide else {
      throw EngineError(source, "the image is \(size) pixels; convscope reads images up to \(maxSide.grouped) pixels a side")
    }
    guard width * height <= maxPixels else {
      throw EngineError(source, "the image is \(size) = \((width * height).grouped) pixels; convscope reads images "
        + "up to \(maxPixels.grouped) pixels")
    }
    guard max(width, height) <= maxAspectRatio * min(width, height) else {
      throw EngineError(source, "the image is \(size) pixels, more than \(maxAspectRatio) times longer one way than "
        + "the other; resizing it would need a huge image (convscope's limit is \(maxAspectRatio):1)")
    }
  }

  public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
    // Every decoder throws through `checkDimensions` (size, limits) and checks its sample
    // count before it builds an image (fuzzed: make fuzz); the geometry functions derive
    // sizes from an existing image. So no file reaches these.
    precondition(width > 0 && height > 0, "image size \(width)×\(height)")
    precondition(channels == 1 || channels == 3, "\(channels) channels; images have 1 or 3")
    precondition(pixels.count == width * height * channels,
                 "\(pixels.count) samples for a \(width)×\(height)×\(channels) image")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  /// A black image.
  public init(width: Int, height: Int, channels: Int) {
    self.init(width: width, height: height, channels: channels,
              pixels: [UInt8](repeating: 0, count: width * height * channels))
  }

  /// Sample `channel` of the pixel in column `x`, row `y`.
  public subscript(x x: Int, y y: Int, channel channel: Int) -> UInt8 {
    get { pixels[(y * width + x) * channels + channel] }
    set { pixels[(y * width + x) * channels + channel] = newValue }
  }

  /// Mean of all samples (0…255); a quick sanity figure for tests and the UI.
  public var meanValue: Double {
    var sum = 0
    pixels.withUnsafeBufferPointer { for v in $0 { sum += Int(v) } }
    return Double(sum) / Double(pixels.count)
  }

  // MARK: - Reading

  /// Reads a PPM/PGM (P6, P5, P3, P2), PNG or JPEG file, chosen by its first bytes, not its name.
  ///
  /// Gray files give 1 channel and colour files 3; alpha is dropped, palettes are expanded and
  /// 16-bit samples are scaled to 8 bits. Every failure is an `EngineError` naming `path`.
  public static func read(path: String) throws -> RGBImage {
    try decode(FileIO.read(path: path, as: .image), source: path)
  }

  /// Decodes an in-memory image file; `source` names it in errors.
  public static func decode(_ bytes: [UInt8], source: String) throws -> RGBImage {
    guard !bytes.isEmpty else { throw EngineError(source, "the file is empty (0 bytes), not an image") }
    switch ImageFileKind(sniffing: bytes) {
    case .pnm: return try PNMDecoder.decode(bytes, source: source)
    case .png: return try PNGDecoder.decode(bytes, source: source)
    case .jpeg: return try JPEGDecoder.decode(bytes, source: source)
    case .bitmapPNM:
      throw EngineError(source, "PBM bitmaps (P1/P4) and PAM (P7) are not supported; save it as PGM, PPM or PNG")
    case .unknown:
      let start = bytes.prefix(4).map { hexByte($0) }.joined(separator: " ")
      throw EngineError(source, "not a PPM, PGM, PNG or JPEG image (it starts with bytes \(start))")
    }
  }

  // MARK: - Writing

  /// Writes the image as binary PPM (P6) or, for gray images, PGM (P5).
  ///
  /// Atomic: the bytes go to a temporary file next to `path`, which is flushed and then renamed
  /// over `path`, so readers never see half a file and a failed write leaves `path` untouched.
  public func writePPM(path: String) throws {
    var bytes = Array("P\(channels == 1 ? 5 : 6)\n\(width) \(height)\n255\n".utf8)
    bytes.append(contentsOf: pixels)
    try FileIO.writeAtomically(bytes, to: path)
  }
}

// MARK: - Format detection

/// What the first bytes of a file say it is.
private enum ImageFileKind {
  case pnm, bitmapPNM, png, jpeg, unknown

  init(sniffing b: [UInt8]) {
    if b.count >= 4 && b[0] == 0x89 && b[1] == 0x50 && b[2] == 0x4E && b[3] == 0x47 {
      self = .png  // "\x89PNG"; libpng checks the rest of the signature and names what is wrong
    } else if b.count >= 2 && b[0] == 0xFF && b[1] == 0xD8 {
      self = .jpeg  // SOI marker
    } else if b.count >= 2 && b[0] == UInt8(ascii: "P") {
      switch b[1] {
      case UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "6"): self = .pnm
      case UInt8(ascii: "1"), UInt8(ascii: "4"), UInt8(ascii: "7"): self = .bitmapPNM
      default: self = .unknown
      }
    } else {
      self = .unknown
    }
  }
}

private func hexByte(_ b: UInt8) -> String {
  let digits = String(b, radix: 16, uppercase: true)
  return digits.count == 1 ? "0" + digits : digits
}

// MARK: - PPM / PGM

/// Netpbm P2/P3 (ASCII) and P5/P6 (binary) gray and colour maps, maxval up to 65535.
private enum PNMDecoder {
  static func decode(_ b: [UInt8], source: String) throws -> RGBImage {
    let magic = b[1]
    let channels = (magic == UInt8(ascii: "3") || magic == UInt8(ascii: "6")) ? 3 : 1
    let binary = magic == UInt8(ascii: "5") || magic == UInt8(ascii: "6")
    let name = "P\(Character(UnicodeScalar(magic))) " + (channels == 3 ? "PPM" : "PGM")

    var reader = PNMReader(bytes: b, position: 2, source: source, name: name)
    let width = try reader.headerNumber("width")
    let height = try reader.headerNumber("height")
    let maxval = try reader.headerNumber("maxval")
    guard width > 0 && height > 0 else {
      throw EngineError(source, "bad \(name) header: the image size is \(width)×\(height)")
    }
    guard maxval >= 1 && maxval <= 65535 else {
      throw EngineError(source, "bad \(name) header: maxval is \(maxval), it must be 1…65535")
    }
    try RGBImage.checkDimensions(width: width, height: height, source: source)
    let count = width * height * channels
    // Every ASCII sample takes at least one byte of the file: a header that promises more
    // samples than there are bytes left is refused before the pixels are allocated (binary
    // files check their exact size below, also before allocating).
    if !binary && b.count - reader.position < count {
      throw EngineError(source, "truncated: the header promises \(width)×\(height) pixels "
        + "(\(count.grouped) samples) but only \((b.count - reader.position).grouped) bytes follow it")
    }
    var samples: [UInt8] = []

    if binary {
      // Exactly one whitespace byte separates maxval from the raster (and may itself be a
      // byte the raster would start with, so it is not skipped like header whitespace).
      guard reader.position < b.count, PNMReader.isSpace(b[reader.position]) else {
        throw EngineError(source, reader.position < b.count
          ? "bad \(name) header: expected one whitespace byte after the maxval"
          : "truncated: the file ends right after the header, with no pixel data")
      }
      let start = reader.position + 1
      let bytesPerSample = maxval < 256 ? 1 : 2
      let needed = count * bytesPerSample
      let available = b.count - start
      guard available >= needed else {
        throw EngineError(source, "truncated: the header promises \(width)×\(height) pixels "
          + "(\(needed) bytes of pixel data) but only \(available) bytes follow it")
      }
      samples = [UInt8](repeating: 0, count: count)
      try b.withUnsafeBufferPointer { raw in
        try samples.withUnsafeMutableBufferPointer { out in
          for i in 0..<count {
            let v = bytesPerSample == 1
              ? Int(raw[start + i]) : Int(raw[start + 2 * i]) << 8 | Int(raw[start + 2 * i + 1])
            out[i] = try scaled(v, maxval: maxval, source: source)
          }
        }
      }
    } else {
      samples = [UInt8](repeating: 0, count: count)
      for i in 0..<count {
        guard let v = try reader.rasterNumber() else {
          throw EngineError(source, "truncated: expected \(count) samples for \(width)×\(height) pixels, "
            + "found only \(i)")
        }
        samples[i] = try scaled(v, maxval: maxval, source: source)
      }
    }
    return RGBImage(width: width, height: height, channels: channels, pixels: samples)
  }

  /// A sample rescaled from 0…maxval to 0…255, rounding to nearest.
  @inline(__always)
  private static func scaled(_ v: Int, maxval: Int, source: String) throws -> UInt8 {
    guard v <= maxval else { throw EngineError(source, "a sample value (\(v)) exceeds the maxval (\(maxval))") }
    if maxval == 255 { return UInt8(v) }
    return UInt8((v * 255 + maxval / 2) / maxval)
  }
}

/// Reads the whitespace- and comment-separated decimal numbers of a Netpbm header.
private struct PNMReader {
  let bytes: [UInt8]
  var position: Int
  let source: String
  let name: String

  static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

  /// Skips whitespace and `#` comments (which run to the end of the line).
  mutating func skipSeparators() {
    while position < bytes.count {
      let c = bytes[position]
      if Self.isSpace(c) {
        position += 1
      } else if c == UInt8(ascii: "#") {
        while position < bytes.count && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
      } else {
        return
      }
    }
  }

  /// The next decimal number, or `nil` at the end of the data.
  mutating func number(what: String) throws -> Int? {
    skipSeparators()
    guard position < bytes.count else { return nil }
    var value = 0
    var digits = 0
    while position < bytes.count, bytes[position] >= 0x30 && bytes[position] <= 0x39 {
      value = value * 10 + Int(bytes[position] - 0x30)
      digits += 1
      position += 1
      guard value <= 1_000_000_000 else {
        throw EngineError(source, "bad \(name) header: the \(what) is absurdly large")
      }
    }
    guard digits > 0 else {
      let c = bytes[position]
      let shown = c >= 0x21 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : "byte 0x\(hexByte(c))"
      throw EngineError(source, "bad \(name) header: expected the \(what) (a number), found \(shown)")
    }
    return value
  }

  mutating func headerNumber(_ what: String) throws -> Int {
    guard let v = try number(what: what) else {
      throw EngineError(source, "bad \(name) header: the file ends before the \(what)")
    }
    return v
  }

  mutating func rasterNumber() throws -> Int? { try number(what: "next sample") }
}

// MARK: - PNG

/// PNG through libpng's "simplified" API.
///
/// libpng's classic API reports errors by longjmp, which Swift cannot catch; the simplified
/// API (`png_image_*`, libpng ≥ 1.6) catches them inside libpng and returns 0 with the reason
/// in `png_image.message`, so every failure comes back here as an ordinary return value. It also
/// does the conversions we want: palettes expanded, bit depths below 8 widened, 16 bits reduced
/// to 8, tRNS turned into an alpha channel.
enum PNGDecoder {
  // png.h's PNG_FORMAT_FLAG_* and PNG_IMAGE_* values, spelled out so nothing depends on how
  // Swift imports those macros.
  static let alphaFlag: UInt32 = 0x01
  static let colorFlag: UInt32 = 0x02
  static let imageVersion: UInt32 = 1
  static let sixteenBitIsSRGB: UInt32 = 0x04  // PNG_IMAGE_FLAG_16BIT_sRGB
  static let failureBits: UInt32 = 0x02  // warning_or_error & 3 > 1 means failed

  static func decode(_ bytes: [UInt8], source: String) throws -> RGBImage {
    // libpng keeps a pointer back to the png_image (as its I/O pointer) between the two calls,
    // so the struct must stay at one address: allocate it rather than using `&local`.
    let image = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
    image.initialize(to: png_image())
    defer {
      png_image_free(image)  // harmless when libpng already freed it (after an error or success)
      image.deallocate()
    }
    image.pointee.version = imageVersion

    return try bytes.withUnsafeBytes { memory -> RGBImage in
      // libpng reads straight from `memory` until png_image_finish_read returns.
      guard png_image_begin_read_from_memory(image, memory.baseAddress, memory.count) != 0 else {
        throw EngineError(source, "not a readable PNG (libpng: \(message(image)))")
      }
      let width = Int(image.pointee.width), height = Int(image.pointee.height)
      try RGBImage.checkDimensions(width: width, height: height, source: source)
      let color = image.pointee.format & colorFlag != 0
      let alpha = image.pointee.format & alphaFlag != 0
      // 8-bit output, keeping the alpha channel when there is one: asking for a format without
      // alpha would make libpng composite onto a background instead of dropping it.
      image.pointee.format = (color ? colorFlag : 0) | (alpha ? alphaFlag : 0)
      // Without this libpng treats 16-bit files that carry no gAMA/sRGB chunk as linear light
      // and gamma-encodes them, making them look brighter than every other viewer shows them.
      image.pointee.flags |= sixteenBitIsSRGB

      let outChannels = (color ? 3 : 1) + (alpha ? 1 : 0)
      var decoded = [UInt8](repeating: 0, count: width * height * outChannels)
      let finished = decoded.withUnsafeMutableBytes { out in
        png_image_finish_read(image, nil, out.baseAddress, 0, nil)
      }
      guard finished != 0, image.pointee.warning_or_error & 0x03 < failureBits else {
        throw EngineError(source, "truncated or corrupt PNG data (libpng: \(message(image)))")
      }
      let channels = color ? 3 : 1
      guard alpha else { return RGBImage(width: width, height: height, channels: channels, pixels: decoded) }
      // Drop the alpha sample of every pixel (8-bit output is not premultiplied, so the colour
      // values are the ones stored in the file).
      var pixels = [UInt8](repeating: 0, count: width * height * channels)
      decoded.withUnsafeBufferPointer { src in
        pixels.withUnsafeMutableBufferPointer { dst in
          for p in 0..<(width * height) {
            for c in 0..<channels { dst[p * channels + c] = src[p * outChannels + c] }
          }
        }
      }
      return RGBImage(width: width, height: height, channels: channels, pixels: pixels)
    }
  }

  /// libpng's message for the last warning or error.
  static func message(_ image: UnsafeMutablePointer<png_image>) -> String {
    let text = withUnsafeBytes(of: image.pointee.message) { raw -> String in
      let bytes = raw.prefix { $0 != 0 }
      return String(decoding: bytes, as: UTF8.self)
    }
    return text.isEmpty ? "unknown error" : text
  }
}

// MARK: - JPEG

/// Baseline, extended and progressive Huffman-coded JPEG, gray or YCbCr/RGB, through libjpeg.
///
/// How libjpeg's errors are kept away from Swift: libjpeg reports fatal errors by calling
/// `err->error_exit`, which must not return; C programs longjmp out of it, but Swift can neither
/// setjmp nor unwind C frames, and adding a C helper target is not an option here. So:
///
/// 1. `JPEGStreamCheck` walks the whole file first, finding markers exactly the way libjpeg's
///    marker reader does, and rejects everything that would make libjpeg call `error_exit`:
///    missing SOI, segments that run past the end of the file (i.e. truncation anywhere), a file
///    without EOI, unsupported SOF types (lossless, hierarchical, arithmetic), precision other
///    than 8 bits, component counts other than 1 or 3 (CMYK), bad sampling factors, malformed
///    DQT/DHT/DRI/SOS segments, Huffman tables libjpeg's table builder refuses, scans that use
///    undefined tables, bad progressive parameters, more than 10 blocks per MCU, and a second
///    scan in a single-scan file. Because the data must end in EOI, libjpeg's memory source never
///    runs dry, so its "insert a fake EOI" path is never taken either.
/// 2. What the checks cannot see — damage inside the entropy-coded data — libjpeg treats as
///    recoverable: it emits warnings (counted in `num_warnings`) and fills in grey. Our
///    `emit_message` records them, and any warning other than a few harmless header quirks
///    turns into a "corrupt JPEG data" error after decoding.
/// 3. `error_exit` is still installed, as a last resort: it stops the program with libjpeg's
///    message (better than libjpeg's default, which calls `exit` without a word to the UI).
///    Reaching it means the checks above missed a case; out of memory is the other way there.
private enum JPEGDecoder {
  static func decode(_ bytes: [UInt8], source: String) throws -> RGBImage {
    let frame = try JPEGStreamCheck.check(bytes, source: source)

    let info = UnsafeMutablePointer<jpeg_decompress_struct>.allocate(capacity: 1)
    info.initialize(to: jpeg_decompress_struct())
    let errorManager = UnsafeMutablePointer<jpeg_error_mgr>.allocate(capacity: 1)
    errorManager.initialize(to: jpeg_error_mgr())
    let diagnostics = JPEGDiagnostics(source: source)
    let context = Unmanaged.passRetained(diagnostics)
    defer {
      context.release()
      errorManager.deallocate()
      info.deallocate()
    }

    info.pointee.err = jpeg_std_error(errorManager)
    errorManager.pointee.error_exit = jpegErrorExit
    errorManager.pointee.emit_message = jpegEmitMessage
    errorManager.pointee.output_message = jpegOutputMessage  // never print to the terminal
    jpeg_CreateDecompress(info, JPEG_LIB_VERSION, MemoryLayout<jpeg_decompress_struct>.size)
    defer { jpeg_destroy_decompress(info) }
    info.pointee.client_data = context.toOpaque()
    // No memory cap (libjpeg reads one from $JPEGMEM): with a cap, a big progressive image would
    // need a backing store, which this build of libjpeg lacks, and that is a fatal error. The
    // pixel limit already bounds what libjpeg allocates.
    info.pointee.mem.pointee.max_memory_to_use = 0

    let width = frame.width, height = frame.height, channels = frame.components
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    let decodedSize: (Int, Int, Int) = bytes.withUnsafeBufferPointer { input in
      guard let base = input.baseAddress else { return (0, 0, 0) }
      jpeg_mem_src(info, base, UInt(input.count))
      guard jpeg_read_header(info, 1) == 1 else { return (0, 0, 0) }  // 1 = JPEG_HEADER_OK
      info.pointee.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB
      guard jpeg_start_decompress(info) != 0 else { return (0, 0, 0) }
      let size = (Int(info.pointee.output_width), Int(info.pointee.output_height),
                  Int(info.pointee.output_components))
      guard size == (width, height, channels) else { return size }
      pixels.withUnsafeMutableBufferPointer { out in
        guard let outBase = out.baseAddress else { return }
        while info.pointee.output_scanline < info.pointee.output_height {
          var row: JSAMPROW? = outBase + Int(info.pointee.output_scanline) * width * channels
          // With the whole file in memory libjpeg never suspends, so each call returns one line.
          if jpeg_read_scanlines(info, &row, 1) != 1 { break }
        }
      }
      if info.pointee.output_scanline == info.pointee.output_height { _ = jpeg_finish_decompress(info) }
      return size
    }
    guard decodedSize == (width, height, channels) else {
      throw EngineError(source, "libjpeg decoded \(decodedSize.0)×\(decodedSize.1)×\(decodedSize.2) "
        + "where the header says \(width)×\(height)×\(channels)")
    }
    if let warning = diagnostics.warnings.first(where: { !JPEGDiagnostics.isHarmless($0) }) {
      throw EngineError(source, "truncated or corrupt JPEG data (libjpeg: \(warning))")
    }
    return RGBImage(width: width, height: height, channels: channels, pixels: pixels)
  }
}

/// What libjpeg said while decoding one file (reached through `client_data`).
private final class JPEGDiagnostics {
  let source: String
  var warnings: [String] = []

  init(source: String) { self.source = source }

  /// Warnings about header details that do not affect the pixels.
  static func isHarmless(_ message: String) -> Bool {
    message.hasPrefix("Warning: unknown JFIF revision")
      || message.hasPrefix("Unknown Adobe color transform")
      || message.hasPrefix("Corrupt JPEG data: bad ICC marker")
  }

  static func from(_ common: j_common_ptr?) -> JPEGDiagnostics? {
    guard let raw = common?.pointee.client_data else { return nil }
    return Unmanaged<JPEGDiagnostics>.fromOpaque(raw).takeUnretainedValue()
  }
}

/// libjpeg's text for its current message code.
private func jpegMessageText(_ common: j_common_ptr?) -> String {
  guard let common, let format = common.pointee.err?.pointee.format_message else { return "unknown error" }
  var buffer = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX) + 1)
  buffer.withUnsafeMutableBufferPointer { format(common, $0.baseAddress) }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// libjpeg's fatal-error hook. It must not return into libjpeg, and Swift cannot longjmp, so the
/// stream checks make this unreachable for file problems; see `JPEGDecoder`.
private func jpegErrorExit(_ common: j_common_ptr?) {
  let source = JPEGDiagnostics.from(common)?.source ?? "JPEG"
  fatalError("\(source): libjpeg stopped with \"\(jpegMessageText(common))\", "
    + "which the JPEG pre-checks should have caught; please report this file")
}

/// Level −1 is a corrupt-data warning; higher levels are trace messages, which are ignored.
private func jpegEmitMessage(_ common: j_common_ptr?, _ level: Int32) {
  guard level < 0, let common else { return }
  common.pointee.err?.pointee.num_warnings += 1
  if let diagnostics = JPEGDiagnostics.from(common), diagnostics.warnings.count < 8 {
    diagnostics.warnings.append(jpegMessageText(common))
  }
}

private func jpegOutputMessage(_ common: j_common_ptr?) {}

/// The frame facts `JPEGStreamCheck` reports.
private struct JPEGFrame {
  var width: Int
  var height: Int
  var components: Int
}

/// Validates a JPEG stream against everything libjpeg(-turbo) treats as a fatal error, so that
/// decoding it afterwards cannot reach `error_exit` (see `JPEGDecoder`).
private struct JPEGStreamCheck {
  private struct Component {
    var id: UInt8
    var h: Int
    var v: Int
    var quantTable: Int
    var scanned = false
  }

  private let b: [UInt8]
  private let source: String
  private var p = 2
  private var frame: JPEGFrame?
  private var components: [Component] = []
  private var progressive = false
  private var quantDefined = [Bool](repeating: false, count: 4)
  // nil: table not defined; otherwise whether libjpeg's table builder accepts it.
  private var dcTables = [Bool?](repeating: nil, count: 4)
  private var acTables = [Bool?](repeating: nil, count: 4)
  private var scans = 0
  private var singleScanFile = false
  /// Whether the marker being handled ended a scan's compressed data.
  private var afterScanData = false

  static func check(_ bytes: [UInt8], source: String) throws -> JPEGFrame {
    var checker = JPEGStreamCheck(b: bytes, source: source)
    return try checker.run()
  }

  private init(b: [UInt8], source: String) {
    self.b = b
    self.source = source
  }

  private func fail(_ problem: String) -> EngineError { EngineError(source, problem) }

  private var truncated: EngineError {
    fail("truncated JPEG data: the file ends before the end-of-image marker")
  }

  private mutating func run() throws -> JPEGFrame {
    // libjpeg requires FF D8 as the very first bytes (the sniffer already saw them).
    while true {
      let marker = try nextMarker()
      let endsScanData = afterScanData
      afterScanData = false
      switch marker {
      case 0xD8:
        throw fail("corrupt JPEG data: a second start-of-image marker")
      case 0xC0, 0xC1, 0xC2:
        try readFrameHeader(marker)
      case 0xC9, 0xCA, 0xCC:
        throw fail("arithmetic-coded JPEG is not supported; re-save it as a baseline JPEG or PNG")
      case 0xC3, 0xC7, 0xCB, 0xCF:
        throw fail("lossless JPEG is not supported; convert it to PNG")
      case 0xC5, 0xC6, 0xCD, 0xCE, 0xC8:
        throw fail("hierarchical or extension JPEG (marker 0xFF\(hexByte(marker))) is not supported")
      case 0xDA:
        try readScan()
      case 0xD9:
        return try finish()
      case 0xC4:
        try readHuffmanTables()
      case 0xDB:
        try readQuantTables()
      case 0xDD:
        let payload = try segment(marker)
        guard payload.count == 2 else { throw fail("corrupt JPEG data: a restart-interval segment of the wrong length") }
      case 0xE0...0xEF, 0xFE, 0xDC:
        _ = try segment(marker)  // APPn, COM, DNL: skipped by libjpeg
      case 0xD0...0xD7, 0x01:
        continue  // RSTn and TEM stand alone
      default:
        throw fail(endsScanData
          ? "corrupt JPEG data: a stray marker 0xFF\(hexByte(marker)) inside the compressed image data"
          : "corrupt or unsupported JPEG: unknown marker 0xFF\(hexByte(marker))")
      }
    }
  }

  /// The next marker code, found the way libjpeg's `next_marker` does: skip to an FF, skip fill
  /// FFs, and treat FF 00 as data. (Bytes skipped on the way make libjpeg warn, which is
  /// reported as corrupt data after decoding.)
  private mutating func nextMarker() throws -> UInt8 {
    while true {
      while p < b.count && b[p] != 0xFF { p += 1 }
      while p < b.count && b[p] == 0xFF { p += 1 }
      guard p < b.count else { throw truncated }
      let code = b[p]
      p += 1
      if code != 0 { return code }
    }
  }

  /// A marker segment's payload (after its 2-byte length); moves past it.
  private mutating func segment(_ marker: UInt8) throws -> ArraySlice<UInt8> {
    guard p + 2 <= b.count else { throw truncated }
    let length = Int(b[p]) << 8 | Int(b[p + 1])
    guard length >= 2 else {
      throw fail("corrupt JPEG data: marker 0xFF\(hexByte(marker)) has an impossible length (\(length))")
    }
    guard p + length <= b.count else { throw truncated }
    let payload = b[(p + 2)..<(p + length)]
    p += length
    return payload
  }

  /// SOF0 (baseline), SOF1 (extended) or SOF2 (progressive), all Huffman-coded.
  private mutating func readFrameHeader(_ marker: UInt8) throws {
    let s = try segment(marker)
    guard frame == nil else { throw fail("corrupt JPEG data: more than one frame header (SOF)") }
    guard s.count >= 6 else { throw fail("corrupt JPEG data: the frame header (SOF) is too short") }
    let i = s.startIndex
    let precision = Int(s[i])
    let height = Int(s[i + 1]) << 8 | Int(s[i + 2])
    let width = Int(s[i + 3]) << 8 | Int(s[i + 4])
    let count = Int(s[i + 5])
    guard s.count == 6 + 3 * count else { throw fail("corrupt JPEG data: the frame header (SOF) has the wrong length") }
    guard precision == 8 else {
      if precision == 12 || precision == 16 {
        throw fail("\(precision)-bit JPEG is not supported (only 8 bits per sample); convert it to PNG")
      }
      throw fail("corrupt JPEG data: the frame header gives \(precision) bits per sample")
    }
    guard height > 0 && width > 0 else {
      throw fail("unsupported JPEG: the frame header gives size \(width)×\(height)")
    }
    // 65500 is libjpeg's JPEG_MAX_DIMENSION; a side above it is a fatal error there.
    guard width <= 65500 && height <= 65500 else {
      throw fail("the image is \(width.grouped)×\(height.grouped) pixels; JPEG allows at most 65,500 pixels a side")
    }
    try RGBImage.checkDimensions(width: width, height: height, source: source)
    switch count {
    case 1, 3: break
    case 4: throw fail("CMYK/YCCK JPEG is not supported; convert it to RGB")
    default: throw fail("a JPEG with \(count) colour components is not supported (only gray or colour)")
    }
    for c in 0..<count {
      let at = i + 6 + 3 * c
      let component = Component(id: s[at], h: Int(s[at + 1] >> 4), v: Int(s[at + 1] & 15), quantTable: Int(s[at + 2]))
      guard (1...4).contains(component.h) && (1...4).contains(component.v) else {
        throw fail("corrupt JPEG data: component \(c + 1) has sampling factors \(component.h)×\(component.v)")
      }
      guard component.quantTable < 4 else {
        throw fail("corrupt JPEG data: component \(c + 1) uses quantisation table \(component.quantTable)")
      }
      guard !components.contains(where: { $0.id == component.id }) else {
        throw fail("corrupt JPEG data: two components share the id \(component.id)")
      }
      components.append(component)
    }
    // libjpeg upsamples only by whole factors.
    let maxH = components.map(\.h).max() ?? 1, maxV = components.map(\.v).max() ?? 1
    guard components.allSatisfy({ maxH % $0.h == 0 && maxV % $0.v == 0 }) else {
      throw fail("unsupported JPEG: fractional chroma subsampling")
    }
    progressive = marker == 0xC2
    frame = JPEGFrame(width: width, height: height, components: count)
  }

  private mutating func readQuantTables() throws {
    var s = try segment(0xDB)
    while !s.isEmpty {
      let spec = s.removeFirst()
      let table = Int(spec & 15), size = spec >> 4 == 0 ? 64 : 128
      guard table < 4 else { throw fail("corrupt JPEG data: quantisation table number \(table)") }
      guard s.count >= size else { throw fail("corrupt JPEG data: a quantisation table segment is too short") }
      s.removeFirst(size)
      quantDefined[table] = true
    }
  }

  private mutating func readHuffmanTables() throws {
    var s = try segment(0xC4)
    // libjpeg reads tables while more than 16 bytes remain, then insists nothing is left.
    while s.count > 16 {
      let spec = Int(s.removeFirst())
      let counts = Array(s.prefix(16))
      s.removeFirst(16)
      let total = counts.reduce(0) { $0 + Int($1) }
      guard total <= 256 && total <= s.count else { throw fail("corrupt JPEG data: a bad Huffman table") }
      let symbols = Array(s.prefix(total))
      s.removeFirst(total)
      let isAC = spec & 0x10 != 0
      let table = isAC ? spec - 0x10 : spec
      guard (0..<4).contains(table) else { throw fail("corrupt JPEG data: Huffman table number \(spec)") }
      let usable = Self.huffmanTableIsUsable(counts: counts, symbols: symbols, isDC: !isAC)
      if isAC { acTables[table] = usable } else { dcTables[table] = usable }
    }
    guard s.isEmpty else { throw fail("corrupt JPEG data: a Huffman table segment has the wrong length") }
  }

  /// libjpeg's `jpeg_make_d_derived_tbl` checks: codes must fit their lengths (no code may be
  /// all ones) and DC symbols must be 0…15.
  private static func huffmanTableIsUsable(counts: [UInt8], symbols: [UInt8], isDC: Bool) -> Bool {
    var code = 0
    var started = false
    for (index, n) in counts.enumerated() {
      let length = index + 1
      if n > 0 { started = true }
      guard started else { continue }
      code += Int(n)
      if code >= 1 << length { return false }
      code <<= 1
    }
    return !isDC || symbols.allSatisfy { $0 <= 15 }
  }

  private mutating func readScan() throws {
    let s = try segment(0xDA)
    guard frame != nil else { throw fail("corrupt JPEG data: image data (SOS) before the frame header (SOF)") }
    guard let n = s.first.map(Int.init), (1...4).contains(n), s.count == 4 + 2 * n else {
      throw fail("corrupt JPEG data: a scan header (SOS) has the wrong length")
    }
    scans += 1
    guard scans <= 1000 else { throw fail("corrupt JPEG data: more than 1000 scans") }
    if scans > 1 && singleScanFile {
      throw fail("corrupt JPEG data: a second scan in a single-scan JPEG")
    }
    let i = s.startIndex
    let ss = Int(s[i + 1 + 2 * n]), se = Int(s[i + 2 + 2 * n])
    let ah = Int(s[i + 3 + 2 * n] >> 4), al = Int(s[i + 3 + 2 * n] & 15)

    var previousIndex = -1
    var blocks = 0
    var members: [(index: Int, dc: Int, ac: Int)] = []
    for k in 0..<n {
      let id = s[i + 1 + 2 * k], tables = s[i + 2 + 2 * k]
      // The standard lists scan components in frame order; libjpeg's lookup relies on it.
      guard let index = components.firstIndex(where: { $0.id == id }), index > previousIndex else {
        throw fail("corrupt JPEG data: a scan names component id \(id), which is unknown or out of order")
      }
      previousIndex = index
      blocks += components[index].h * components[index].v
      members.append((index, Int(tables >> 4), Int(tables & 15)))
    }
    if n > 1 && blocks > 10 {
      throw fail("corrupt JPEG data: \(blocks) blocks per MCU (libjpeg allows at most 10)")
    }

    var needDC = true, needAC = true
    if progressive {
      var bad = ss == 0 ? se != 0 : (ss > se || se > 63 || n != 1)
      if ah != 0 && al != ah - 1 { bad = true }
      if al > 13 { bad = true }
      if bad { throw fail("corrupt JPEG data: bad progressive scan parameters (Ss=\(ss) Se=\(se) Ah=\(ah) Al=\(al))") }
      needDC = ss == 0 && ah == 0
      needAC = ss != 0
    }
    for m in members {
      if needDC { try requireTable(dcTables, m.dc, kind: "DC") }
      if needAC { try requireTable(acTables, m.ac, kind: "AC") }
      if !components[m.index].scanned {
        // libjpeg latches a component's quantisation table at its first scan.
        guard quantDefined[components[m.index].quantTable] else {
          throw fail("corrupt JPEG data: quantisation table \(components[m.index].quantTable) is used before it is defined")
        }
        components[m.index].scanned = true
      }
    }
    if scans == 1 { singleScanFile = !progressive && n == components.count }
    try skipEntropyCodedData()
  }

  private func requireTable(_ tables: [Bool?], _ number: Int, kind: String) throws {
    guard number < 4, let usable = tables[number] else {
      throw fail("corrupt JPEG data: a scan uses \(kind) Huffman table \(number), which is not defined")
    }
    guard usable else { throw fail("corrupt JPEG data: \(kind) Huffman table \(number) is malformed") }
  }

  /// Moves past the compressed data of a scan: up to the first FF that starts a marker other
  /// than a stuffed zero (FF 00) or a restart marker (FF D0–D7), leaving `p` on that FF.
  private mutating func skipEntropyCodedData() throws {
    while true {
      while p < b.count && b[p] != 0xFF { p += 1 }
      var q = p
      while q < b.count && b[q] == 0xFF { q += 1 }
      guard q < b.count else { throw fail("truncated JPEG data: the file ends inside the compressed image data") }
      if b[q] == 0 || (0xD0...0xD7).contains(b[q]) {
        p = q + 1
      } else {
        afterScanData = true
        return
      }
    }
  }

  private func finish() throws -> JPEGFrame {
    guard let frame, scans > 0 else { throw fail("corrupt JPEG data: no image data before the end-of-image marker") }
    if let missing = components.firstIndex(where: { !$0.scanned }) {
      throw fail("corrupt JPEG data: colour component \(missing + 1) has no image data")
    }
    return frame
  }
}
