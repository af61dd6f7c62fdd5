extension SafeTensors {
  /// One header entry after its types and sizes have been checked, before its bytes are read.
  private struct Entry {
    var name: String
    var dtype: DType
    var shape: [Int]
    var count: Int
    var begin: Int
    var end: Int
  }

  /// Decodes a whole safetensors file held in memory; `source` names it in errors.
  ///
  /// Everything is validated before any value is read: header bounds, JSON shape, dtypes,
  /// byte counts, offsets, overlaps and gaps. F16, BF16 and F64 values are converted to `Float`.
  public static func decode(_ bytes: [UInt8], source: String) throws -> SafeTensorsFile {
    func fail(_ problem: String) -> EngineError { EngineError(source, problem) }

    guard !bytes.isEmpty else { throw fail("file is empty; a safetensors file starts with an 8-byte header length") }
    guard bytes.count >= 8 else {
      throw fail("file is only \(bytes.count) bytes; a safetensors file starts with an 8-byte header length")
    }
    var declared: UInt64 = 0
    for index in 0..<8 { declared |= UInt64(bytes[index]) << UInt64(8 * index) }
    // Compare as UInt64 before converting: a corrupt length can exceed Int.max.
    if declared > UInt64(bytes.count) {
      throw fail("header length \(NumberFormat.grouped(declared)) is larger than the file (\(NumberFormat.grouped(bytes.count)) bytes)")
    }
    if declared > UInt64(bytes.count - 8) {
      throw fail("header length \(NumberFormat.grouped(declared)) runs past the end of the file "
        + "(\(NumberFormat.grouped(bytes.count)) bytes, 8 of them the length itself)")
    }
    if declared > UInt64(maxHeaderLength) {
      throw fail("oversized header: \(NumberFormat.grouped(declared)) bytes is over the limit of \(NumberFormat.grouped(maxHeaderLength))")
    }
    let dataStart = 8 + Int(declared)
    let dataLength = bytes.count - dataStart
    let header = Array(bytes[8..<dataStart])
    guard String(validating: header, as: UTF8.self) != nil else {
      throw fail("header is not valid UTF-8")
    }

    let json = try JSONParser.parse(header, source: source)
    guard case .object(let members) = json else {
      throw fail("header JSON is \(described(json)), not an object")
    }

    var seen = Set<String>()
    var metadata: [String: String] = [:]
    var entries: [Entry] = []
    for (name, value) in members {
      guard seen.insert(name).inserted else {
        if name == metadataKey { throw fail("header has \(quoted(metadataKey)) twice") }
        throw fail("duplicate tensor name \(quoted(name))")
      }
      if name == metadataKey {
        metadata = try parseMetadata(value, fail: fail)
      } else {
        entries.append(try parseEntry(name, value, dataLength: dataLength, fail: fail))
      }
    }

    // Order by position in the buffer (name breaks ties between empty tensors) and walk it once:
    // each tensor must start exactly where the previous one ended, and the last must end at the
    // end of the file. The spec forbids both overlaps and unused bytes.
    entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var covered = 0
    var previous: Entry?
    for entry in entries {
      if entry.begin < covered, let previous {
        throw fail("tensor \(quoted(previous.name)): data_offsets \(listText([previous.begin, previous.end])) "
          + "overlap \(quoted(entry.name)) \(listText([entry.begin, entry.end]))")
      }
      if entry.begin > covered {
        let place = previous.map { "between \(quoted($0.name)) and \(quoted(entry.name))" }
          ?? "before \(quoted(entry.name))"
        throw fail("data buffer has a gap: bytes \(listText([covered, entry.begin])) \(place) belong to no tensor")
      }
      covered = entry.end
      previous = entry
    }
    if covered < dataLength {
      let place = previous.map { "after \(quoted($0.name)) belong to no tensor" }
        ?? "belong to no tensor (the header lists none)"
      throw fail("data buffer has a gap: bytes \(listText([covered, dataLength])) \(place)")
    }

    let tensors = bytes.withUnsafeBytes { raw in
      entries.map { entry in
        NamedTensor(name: entry.name, shape: entry.shape,
                    values: values(raw, at: dataStart + entry.begin, count: entry.count, dtype: entry.dtype))
      }
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata)
  }

  /// Checks that `__metadata__` maps strings to strings.
  private static func parseMetadata(_ value: JSONValue, fail: (String) -> EngineError) throws -> [String: String] {
    guard case .object(let pairs) = value else {
      throw fail("\(quoted(metadataKey)) must be an object of strings, found \(described(value))")
    }
    var metadata: [String: String] = [:]
    for (key, item) in pairs {
      guard case .string(let text) = item else {
        throw fail("\(quoted(metadataKey)) value for \(quoted(key)) must be a string, found \(item.kind)")
      }
      guard metadata.updateValue(text, forKey: key) == nil else {
        throw fail("\(quoted(metadataKey)) has key \(quoted(key)) twice")
      }
    }
    return metadata
  }

  /// Checks one tensor entry's fields, and that its offsets agree with its shape and the file size.
  private static func parseEntry(
    _ name: String, _ value: JSONValue, dataLength: Int, fail: (String) -> EngineError
  ) throws -> Entry {
    let tensor = "tensor \(quoted(name))"
    guard case .object(let pairs) = value else {
      throw fail("\(tensor): entry must be an object, found \(described(value))")
    }
    var fields: [String: JSONValue] = [:]
    for (key, item) in pairs {
      guard fields.updateValue(item, forKey: key) == nil else {
        throw fail("\(tensor): key \(quoted(key)) appears twice")
      }
    }
    func field(_ key: String) throws -> JSONValue {
      guard let item = fields[key] else { throw fail("\(tensor): missing \(quoted(key))") }
      return item
    }
    /// The elements of an array of integers, or a message naming the first element that is not one.
    func integers(_ key: String) throws -> [Int] {
      guard case .array(let items) = try field(key) else {
        throw fail("\(tensor): \(quoted(key)) must be an array of integers, found \(try field(key).kind)")
      }
      return try items.map { item in
        guard let number = item.integer else {
          if case .number(let text) = item {
            throw fail("\(tensor): \(quoted(key)) must hold whole numbers that fit in 64 bits, found \(text)")
          }
          throw fail("\(tensor): \(quoted(key)) must hold integers, found \(item.kind)")
        }
        return number
      }
    }

    guard case .string(let dtypeName) = try field("dtype") else {
      throw fail("\(tensor): \"dtype\" must be a string, found \(try field("dtype").kind)")
    }
    guard let dtype = DType(rawValue: dtypeName) else {
      let known = DType.allCases.map(\.rawValue).joined(separator: ", ")
      throw fail("\(tensor): dtype \(quoted(dtypeName)) is not supported (expected one of \(known))")
    }

    let shape = try integers("shape")
    if shape.contains(where: { $0 < 0 }) {
      throw fail("\(tensor): shape \(listText(shape)) has a negative dimension")
    }
    let offsets = try integers("data_offsets")
    guard offsets.count == 2 else {
      throw fail("\(tensor): data_offsets \(listText(offsets)) must be exactly [begin, end]")
    }
    let begin = offsets[0], end = offsets[1]
    guard begin >= 0, end >= 0 else {
      throw fail("\(tensor): data_offsets \(listText(offsets)) must not be negative")
    }
    guard begin <= end else {
      throw fail("\(tensor): data_offsets \(listText(offsets)) end before they begin")
    }

    var count = 1
    for dimension in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw fail("\(tensor): shape \(listText(shape)) has too many elements") }
      count = product
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
    guard !overflow else { throw fail("\(tensor): shape \(listText(shape)) has too many elements") }
    guard end - begin == byteCount else {
      throw fail("\(tensor): shape \(listText(shape)) needs \(NumberFormat.grouped(byteCount)) bytes of \(dtype.rawValue) "
        + "but data_offsets give \(NumberFormat.grouped(end - begin))")
    }
    guard end <= dataLength else {
      throw fail("\(tensor): data_offsets \(listText(offsets)) point past the end of the file "
        + "(the data buffer has \(NumberFormat.grouped(dataLength)) bytes; is the file truncated?)")
    }
    return Entry(name: name, dtype: dtype, shape: shape, count: count, begin: begin, end: end)
  }

  /// Reads `count` little-endian values of `dtype` starting at byte `start`, as `Float`s.
  /// The caller has checked that they lie inside `raw`.
  private static func values(_ raw: UnsafeRawBufferPointer, at start: Int, count: Int, dtype: DType) -> [Float] {
    var out: [Float] = []
    out.reserveCapacity(count)
    for index in 0..<count {
      let offset = start + index * dtype.size
      switch dtype {
      case .f32:
        out.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
      case .f16:
        out.append(floatFromHalf(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
      case .bf16:
        // bfloat16 is the top half of a Float32, so widening is exact.
        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        out.append(Float(bitPattern: UInt32(bits) << 16))
      case .f64:
        let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        out.append(Float(Double(bitPattern: bits)))
      }
    }
    return out
  }

  /// Widens IEEE 754 half-precision bits to a `Float` exactly.
  ///
  /// Done by hand rather than with `Float16` so the code does not depend on platform support for it.
  static func floatFromHalf(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x03FF)
    if exponent == 0x1F {
      // Infinity or NaN: all-ones exponent in Float too, NaN payload shifted into place.
      return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
    }
    if exponent != 0 {
      // Normal: rebias the exponent from 15 to 127.
      return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
    }
    // Zero or subnormal: mantissa × 2⁻²⁴, exact in Float; the sign bit is put back afterwards.
    let magnitude = Float(mantissa) * 0x1p-24
    return Float(bitPattern: sign | magnitude.bitPattern)
  }

  /// "an array", "a number", "null": the kind of a value, for messages like "found an array".
  private static func described(_ value: JSONValue) -> String {
    if case .null = value { return "null" }
    let kind = value.kind
    return (kind.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + kind
  }
}
