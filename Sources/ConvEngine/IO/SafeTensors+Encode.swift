extension SafeTensors {
  /// Encodes `tensors` (in the given order) and `metadata` as a safetensors file of little-endian F32.
  ///
  /// The output is deterministic: no whitespace in the JSON, keys in a fixed order, metadata sorted
  /// by key, and the header padded with spaces so the data buffer starts 8-byte aligned.
  /// - Precondition: every tensor's `values.count` is the product of its non-negative `shape`,
  ///   names are unique, and no tensor is called `"__metadata__"`.
  public static func encode(_ tensors: [NamedTensor], metadata: [String: String] = [:]) -> [UInt8] {
    // `write(_:metadata:to:)`, the way every file is saved, throws for these problems first;
    // tensors come from networks and records, not from input.
    if let problem = encodingProblem(tensors) { preconditionFailure(problem) }

    var members: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.sorted { $0.key < $1.key }.map { jsonString($0.key) + ":" + jsonString($0.value) }
      members.append(jsonString(metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
    }
    var dataLength = 0
    for tensor in tensors {
      let end = dataLength + tensor.values.count * DType.f32.size
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      members.append(jsonString(tensor.name)
        + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(dataLength),\(end)]}")
      dataLength = end
    }
    var header = Array(("{" + members.joined(separator: ",") + "}").utf8)
    // The data buffer starts at 8 + header length; aligning it lets readers map F32 data in place.
    while header.count % 8 != 0 { header.append(0x20) }

    var out: [UInt8] = []
    out.reserveCapacity(8 + header.count + dataLength)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: header)
    let dataStart = out.count
    out.append(contentsOf: repeatElement(0, count: dataLength))
    out.withUnsafeMutableBytes { raw in
      var offset = dataStart
      for tensor in tensors {
        for value in tensor.values {
          // Explicit little-endian, as the format requires, whatever the host byte order.
          raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
          offset += 4
        }
      }
    }
    return out
  }

  /// Why `tensors` cannot be encoded, or `nil` if they can.
  static func encodingProblem(_ tensors: [NamedTensor]) -> String? {
    var names = Set<String>()
    for tensor in tensors {
      let label = "tensor \(quoted(tensor.name))"
      if tensor.name == metadataKey { return "\(label): the name is reserved for metadata" }
      if !names.insert(tensor.name).inserted { return "duplicate tensor name \(quoted(tensor.name))" }
      var count = 1
      for dimension in tensor.shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        if dimension < 0 || overflow { return "\(label): shape \(listText(tensor.shape)) is not a valid shape" }
        count = product
      }
      if count != tensor.values.count {
        return "\(label): shape \(listText(tensor.shape)) needs \(NumberFormat.grouped(count)) values but there are "
          + NumberFormat.grouped(tensor.values.count)
      }
    }
    return nil
  }

  /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{00}"..."\u{1F}":
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
