#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Reads a whole file into memory, inflating it first when it is gzip-compressed.
///
/// The file is read in one go and inflated from memory with zlib. Files that do not start
/// with the gzip magic bytes `1f 8b` are returned as they are, so an uncompressed IDX file
/// works wherever a `.gz` one does.
public enum GzipReader {
  /// The decompressed contents of the file at `path` (or its raw bytes when it is not gzip).
  public static func read(path: String) throws -> [UInt8] {
    let raw = try FileIO.read(path: path, as: .dataset)
    guard isGzip(raw) else { return raw }
    return try inflate(raw, path: path)
  }

  /// The most a file may inflate to (MNIST's largest file is 47 MB unpacked): a small file
  /// that claims gigabytes (a "zip bomb") is refused when it gets there, not after.
  public static let maxOutput = 512 << 20

  /// Whether `bytes` start with the gzip magic number `1f 8b`.
  public static func isGzip(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
  }

  /// Inflates every gzip member in `compressed`; `path` is only used to name the file in errors.
  public static func inflate(_ compressed: [UInt8], path: String, limit: Int = maxOutput) throws -> [UInt8] {
    // zlib keeps a pointer back to its z_stream and checks it on every call, so the stream
    // must live at one fixed address: allocate it rather than passing `&local`.
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deallocate() }

    // 15 + 32: the largest window, with automatic gzip/zlib header detection.
    let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      throw EngineError(path, "cannot start zlib (\(zlibMessage(stream, status)))")
    }
    defer { inflateEnd(stream) }

    var output = [UInt8](repeating: 0, count: min(initialCapacity(for: compressed), limit + 1))
    var produced = 0
    var consumed = 0

    try compressed.withUnsafeBufferPointer { input in
      guard let inputBase = input.baseAddress else { return }
      while true {
        if produced == output.count {
          // One byte past the limit is room enough to notice the data goes on.
          guard produced <= limit else {
            throw EngineError(path, "decompresses to more than \(byteSizeText(limit)), the most convscope "
              + "unpacks from a data file; is it really an MNIST-style IDX file?")
          }
          // The size hint was wrong (or there are several members): grow by half again.
          output.append(contentsOf: repeatElement(0, count: min(max(output.count / 2, 1 << 16), limit + 1 - produced)))
        }
        // avail_in and avail_out are 32-bit, so very large buffers are fed in slices.
        let inSlice = min(input.count - consumed, Int(UInt32.max))
        let outSlice = min(output.count - produced, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase + consumed)
        stream.pointee.avail_in = UInt32(inSlice)
        let result: Int32 = output.withUnsafeMutableBufferPointer { out in
          guard let outBase = out.baseAddress else { return Z_MEM_ERROR }
          stream.pointee.next_out = outBase + produced
          stream.pointee.avail_out = UInt32(outSlice)
          return CZlib.inflate(stream, Z_NO_FLUSH)
        }
        consumed += inSlice - Int(stream.pointee.avail_in)
        produced += outSlice - Int(stream.pointee.avail_out)
        // zlib's pointers refer into buffers that are only valid inside the closures above.
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil

        switch result {
        case Z_STREAM_END:
          let rest = input[consumed...]
          if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) {
            return  // done; some tools pad gzip files with zero bytes, which gzip(1) ignores
          }
          if rest.count >= 2, rest[consumed] == 0x1f, rest[consumed + 1] == 0x8b {
            inflateReset(stream)  // another gzip member follows (as `cat a.gz b.gz` makes)
            continue
          }
          throw EngineError(path, "corrupt gzip file: \(rest.count.grouped) unexpected "
            + "\(rest.count == 1 ? "byte" : "bytes") after the end of the compressed data")
        case Z_OK, Z_BUF_ERROR:
          if stream.pointee.avail_out == 0 { continue }  // output full: grow and go on
          if consumed == input.count {
            throw EngineError(path, "truncated or corrupt gzip stream: the data ends after "
              + "\(input.count.grouped) bytes without the gzip end marker "
              + "(\(produced.grouped) bytes decompressed so far)")
          }
          if result == Z_BUF_ERROR {
            throw EngineError(path, "truncated or corrupt gzip stream (zlib made no progress)")
          }
        case Z_NEED_DICT:
          throw EngineError(path, "corrupt gzip data: the stream asks for a preset dictionary")
        case Z_MEM_ERROR:
          throw EngineError(path, "out of memory while decompressing")
        default:
          throw EngineError(path, "corrupt gzip data: \(zlibMessage(stream, result)) "
            + "(after \(consumed.grouped) compressed bytes)")
        }
      }
    }
    guard produced <= limit else {
      throw EngineError(path, "decompresses to more than \(byteSizeText(limit)), the most convscope "
        + "unpacks from a data file; is it really an MNIST-style IDX file?")
    }
    output.removeLast(output.count - produced)
    return output
  }

  /// A starting size for the output buffer taken from the gzip trailer, so that in the usual
  /// case the buffer is allocated once at exactly the right size.
  private static func initialCapacity(for compressed: [UInt8]) -> Int {
    let n = compressed.count
    guard n >= 18 else { return 1 << 12 }
    // ISIZE: the last member's uncompressed size mod 2^32, little-endian. It is only a hint,
    // so cap it at deflate's best possible ratio (about 1032:1) in case the trailer is junk.
    let isize = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8
      | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
    // One spare byte lets zlib finish the trailer without a full output buffer.
    return max(1 << 12, min(isize, n * 1032) + 1)
  }

  /// zlib's own message for the last error, or the status code when it gave none.
  private static func zlibMessage(_ stream: UnsafeMutablePointer<z_stream>, _ status: Int32) -> String {
    if let message = stream.pointee.msg { return String(cString: message) }
    return "zlib status \(status)"
  }
}
