/// An array of unsigned bytes read from an IDX file (the format MNIST and Fashion-MNIST use).
///
/// Layout: a 4-byte big-endian magic number — two zero bytes, an element-type byte and a
/// dimension-count byte — then one big-endian `UInt32` per dimension, then the elements in
/// row-major order. Only element type `0x08` (unsigned byte) is supported.
public struct IDXArray: Equatable, Sendable {
  /// The size of each dimension, outermost first (e.g. `[60000, 28, 28]`).
  public let dims: [Int]
  /// The elements, row-major; `bytes.count` is the product of `dims`.
  public let bytes: [UInt8]

  public init(dims: [Int], bytes: [UInt8]) {
    self.dims = dims
    self.bytes = bytes
  }

  /// Reads an IDX file, gzip-compressed or not.
  ///
  /// `itemName` (such as "images" or "labels") only makes error messages read better.
  public static func read(path: String, itemName: String? = nil) throws -> IDXArray {
    try parse(GzipReader.read(path: path), path: path, itemName: itemName)
  }

  /// Parses the bytes of a whole (decompressed) IDX file; `path` names the file in errors.
  public static func parse(_ file: consuming [UInt8], path: String, itemName: String? = nil) throws -> IDXArray {
    guard !file.isEmpty else { throw EngineError(path, "the file is empty (expected an IDX file)") }
    guard file.count >= 4 else {
      throw EngineError(path, "not an IDX file: only \(file.count) bytes, too short for the 4-byte magic number")
    }
    guard file[0] == 0, file[1] == 0 else {
      let start = file.prefix(4).map(hexByte).joined(separator: " ")
      throw EngineError(path, "not an IDX file: it starts with \(start), but an IDX file starts "
        + "with two zero bytes, then the element type and the number of dimensions")
    }
    guard file[2] == 0x08 else {
      throw EngineError(path, "unsupported IDX element type \(hexByte(file[2]))"
        + " (\(elementTypeName(file[2]))); only 0x08 (unsigned byte) is supported")
    }
    let rank = Int(file[3])
    guard rank >= 1 else {
      throw EngineError(path, "bad IDX header: the dimension count (4th magic byte) is 0")
    }
    let headerSize = 4 + 4 * rank
    guard file.count >= headerSize else {
      throw EngineError(path, "truncated IDX header: it declares \(rank) dimensions, which need "
        + "\(headerSize) header bytes, but the file has only \(file.count) bytes")
    }

    var dims: [Int] = []
    var payloadSize = 1
    for d in 0..<rank {
      let at = 4 + 4 * d
      let size = Int(file[at]) << 24 | Int(file[at + 1]) << 16 | Int(file[at + 2]) << 8 | Int(file[at + 3])
      dims.append(size)
      let (product, overflow) = payloadSize.multipliedReportingOverflow(by: size)
      guard !overflow else {
        throw EngineError(path, "bad IDX header: dimensions \(shapeText(dims)) are impossibly large")
      }
      payloadSize = product
    }

    let available = file.count - headerSize
    if available < payloadSize {
      throw EngineError(path, "truncated: header says \(contentText(dims, itemName)) "
        + "(\(byteText(payloadSize))) but only \(byteText(available)) follow")
    }
    if available > payloadSize {
      throw EngineError(path, "trailing bytes: header says \(contentText(dims, itemName)) "
        + "(\(byteText(payloadSize))) but \(byteText(available)) follow "
        + "(\((available - payloadSize).grouped) extra)")
    }
    // Drop the header in place: `file` is consumed, so when the caller hands over its only
    // reference this moves the payload down instead of copying a possibly 47 MB buffer.
    file.removeFirst(headerSize)
    return IDXArray(dims: dims, bytes: file)
  }
}

/// "60,000 images of 28×28", "60,000 labels" or "shape 60,000×28×28".
private func contentText(_ dims: [Int], _ itemName: String?) -> String {
  guard let itemName, let first = dims.first else { return "shape \(shapeText(dims))" }
  if dims.count == 1 { return "\(first.grouped) \(itemName)" }
  return "\(first.grouped) \(itemName) of \(shapeText(Array(dims.dropFirst())))"
}

private func shapeText(_ dims: [Int]) -> String {
  dims.map(\.grouped).joined(separator: "×")
}

private func byteText(_ n: Int) -> String {
  n == 1 ? "1 byte" : "\(n.grouped) bytes"
}

private func hexByte(_ byte: UInt8) -> String {
  let digits = Array("0123456789ABCDEF")
  return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
}

/// The names the IDX format gives its element types, for a clearer rejection message.
private func elementTypeName(_ code: UInt8) -> String {
  switch code {
  case 0x09: return "signed byte"
  case 0x0B: return "16-bit integer"
  case 0x0C: return "32-bit integer"
  case 0x0D: return "32-bit float"
  case 0x0E: return "64-bit float"
  default: return "not a type the IDX format defines"
  }
}
