extension SafeTensors {
  /// A parsed JSON value, kept close to the text so the header can be validated strictly.
  ///
  /// We parse the header ourselves rather than with `JSONSerialization` because we need what it
  /// hides: duplicate keys (a duplicate tensor name must be an error, not silently dropped), and
  /// the exact spelling of numbers (`5.0` or `1e3` is not an integer offset; `2^64` must not round).
  indirect enum JSONValue {
    case null
    case bool(Bool)
    /// The number's literal text, already checked against the JSON grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order, duplicates included.
    case object([(key: String, value: JSONValue)])

    /// What kind of value this is, for messages like "must be a string, found number".
    var kind: String {
      switch self {
      case .null: return "null"
      case .bool: return "boolean"
      case .number: return "number"
      case .string: return "string"
      case .array: return "array"
      case .object: return "object"
      }
    }

    /// The value as an `Int`, or `nil` if it is not a number written as a whole number that fits.
    var integer: Int? {
      guard case .number(let text) = self else { return nil }
      // Fractions and exponents are rejected even when integral ("5.0"): offsets and dimensions
      // are written as plain integers by every writer we know of.
      guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
      return Int(text)
    }
  }

  /// A recursive-descent parser for one JSON value, over the header's bytes.
  struct JSONParser {
    /// Deeper nesting than this is rejected, so a hostile header cannot exhaust the stack.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private let source: String
    private var position = 0

    /// Parses `bytes` (already known to be valid UTF-8) as exactly one JSON value, allowing
    /// whitespace around it; errors name `source`.
    static func parse(_ bytes: [UInt8], source: String) throws -> JSONValue {
      var parser = JSONParser(bytes: bytes, source: source)
      parser.skipWhitespace()
      let value = try parser.parseValue(depth: 0)
      parser.skipWhitespace()
      if parser.position < bytes.count {
        throw parser.failure("unexpected \(parser.describeCurrent()) after the top-level value")
      }
      return value
    }

    private init(bytes: [UInt8], source: String) {
      self.bytes = bytes
      self.source = source
    }

    private func failure(_ what: String) -> EngineError {
      EngineError(source, "header is not valid JSON: \(what) at byte \(position) of the header")
    }

    private func describeCurrent() -> String {
      guard position < bytes.count else { return "end of header" }
      let byte = bytes[position]
      if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
      return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private mutating func skipWhitespace() {
      while position < bytes.count {
        switch bytes[position] {
        case 0x20, 0x09, 0x0A, 0x0D: position += 1
        default: return
        }
      }
    }

    private mutating func expect(_ byte: UInt8, _ name: String) throws {
      guard position < bytes.count, bytes[position] == byte else {
        throw failure("expected \(name) but found \(describeCurrent())")
      }
      position += 1
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
      guard position < bytes.count else { throw failure("unexpected end of header") }
      switch bytes[position] {
      case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
      case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
      case UInt8(ascii: "\""): return .string(try parseString())
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
      case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
      case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
      case UInt8(ascii: "n"): try parseLiteral("null"); return .null
      default: throw failure("unexpected \(describeCurrent())")
      }
    }

    private mutating func parseLiteral(_ word: String) throws {
      for byte in word.utf8 {
        guard position < bytes.count, bytes[position] == byte else {
          throw failure("unexpected \(describeCurrent()) (expected \(word))")
        }
        position += 1
      }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
      guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
      position += 1  // "{"
      var members: [(key: String, value: JSONValue)] = []
      skipWhitespace()
      if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
          throw failure("expected a quoted key but found \(describeCurrent())")
        }
        let key = try parseString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
        skipWhitespace()
        let value = try parseValue(depth: depth)
        members.append((key: key, value: value))
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of header inside an object") }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
        } else if bytes[position] == UInt8(ascii: "}") {
          position += 1
          return .object(members)
        } else {
          throw failure("expected ',' or '}' but found \(describeCurrent())")
        }
      }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
      guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
      position += 1  // "["
      var elements: [JSONValue] = []
      skipWhitespace()
      if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(elements)
      }
      while true {
        skipWhitespace()
        elements.append(try parseValue(depth: depth))
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of header inside an array") }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
        } else if bytes[position] == UInt8(ascii: "]") {
          position += 1
          return .array(elements)
        } else {
          throw failure("expected ',' or ']' but found \(describeCurrent())")
        }
      }
    }

    /// Checks the number against the JSON grammar and returns its text.
    private mutating func parseNumber() throws -> String {
      let start = position
      func isDigit(_ index: Int) -> Bool {
        index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
      }
      if bytes[position] == UInt8(ascii: "-") { position += 1 }
      guard isDigit(position) else { throw failure("expected a digit but found \(describeCurrent())") }
      if bytes[position] == UInt8(ascii: "0") {
        position += 1
        if isDigit(position) { throw failure("number with a leading zero") }
      } else {
        while isDigit(position) { position += 1 }
      }
      if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
        position += 1
        guard isDigit(position) else { throw failure("expected a digit after '.' but found \(describeCurrent())") }
        while isDigit(position) { position += 1 }
      }
      if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
        position += 1
        if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
          position += 1
        }
        guard isDigit(position) else { throw failure("expected a digit in the exponent but found \(describeCurrent())") }
        while isDigit(position) { position += 1 }
      }
      return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func parseString() throws -> String {
      position += 1  // opening quote
      var utf8: [UInt8] = []
      while true {
        guard position < bytes.count else { throw failure("unterminated string") }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
          position += 1
          // The whole header was checked to be UTF-8 and escapes add only whole scalars.
          return String(decoding: utf8, as: UTF8.self)
        case UInt8(ascii: "\\"):
          position += 1
          try parseEscape(into: &utf8)
        case 0x00..<0x20:
          throw failure("unescaped control character 0x" + String(byte, radix: 16, uppercase: true) + " in a string")
        default:
          utf8.append(byte)
          position += 1
        }
      }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws {
      guard position < bytes.count else { throw failure("unterminated string") }
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
      case UInt8(ascii: "b"): utf8.append(0x08)
      case UInt8(ascii: "f"): utf8.append(0x0C)
      case UInt8(ascii: "n"): utf8.append(0x0A)
      case UInt8(ascii: "r"): utf8.append(0x0D)
      case UInt8(ascii: "t"): utf8.append(0x09)
      case UInt8(ascii: "u"):
        var code = UInt32(try parseHex4())
        if (0xD800..<0xDC00).contains(code) {
          // A high surrogate must be followed by an escaped low surrogate; together they name
          // one scalar outside the Basic Multilingual Plane.
          guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u") else {
            throw failure("unpaired surrogate in a \\u escape")
          }
          position += 2
          let low = UInt32(try parseHex4())
          guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate in a \\u escape") }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw failure("unpaired surrogate in a \\u escape") }
        UTF8.encode(scalar) { utf8.append($0) }
      default:
        position -= 1
        throw failure("invalid escape: \(describeCurrent()) after '\\'")
      }
    }

    private mutating func parseHex4() throws -> UInt16 {
      var value: UInt16 = 0
      for _ in 0..<4 {
        guard position < bytes.count else { throw failure("unterminated \\u escape") }
        let byte = bytes[position]
        let digit: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: throw failure("expected a hex digit in a \\u escape but found \(describeCurrent())")
        }
        value = value << 4 | UInt16(digit)
        position += 1
      }
      return value
    }
  }
}
