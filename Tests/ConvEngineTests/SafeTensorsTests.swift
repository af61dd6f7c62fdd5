import Foundation
import Testing
@testable import ConvEngine

@Suite("SafeTensors")
struct SafeTensorsTests {
  // MARK: - Helpers (private: other suites share this test target)

  private static let source = "model.safetensors"

  /// A file from a header text and raw data bytes, with no padding added.
  private static func file(header: String, data: [UInt8] = []) -> [UInt8] {
    let json = Array(header.utf8)
    return littleEndian(UInt64(json.count)) + json + data
  }

  private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  /// The `EngineError` that decoding `bytes` throws, or `nil` if it decodes.
  private static func rejection(_ bytes: [UInt8]) -> EngineError? {
    do {
      _ = try SafeTensors.decode(bytes, source: source)
      return nil
    } catch let error as EngineError {
      return error
    } catch {
      Issue.record("unexpected error type: \(error)")
      return nil
    }
  }

  /// Expects decoding to fail with an error about `source` whose problem contains `phrase`.
  private static func expectRejected(
    _ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let error = rejection(bytes) else {
      Issue.record("expected a rejection containing \"\(phrase)\"", sourceLocation: sourceLocation)
      return
    }
    #expect(error.subject == source, sourceLocation: sourceLocation)
    #expect(error.problem.contains(phrase), "problem was: \(error.problem)", sourceLocation: sourceLocation)
  }

  /// A fresh empty directory, removed by `body`'s caller via the returned cleanup.
  private static func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "convscope-safetensors-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
  }

  private static func leftoverTemporaries(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
  }

  private static let sample: [NamedTensor] = [
    NamedTensor(name: "C1.weight", shape: [2, 1, 2, 2], values: [
      1.5, -0.0, 0.0, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -.pi,
    ]),
    NamedTensor(name: "C1.bias", shape: [2], values: [0.25, -7]),
    NamedTensor(name: "step", shape: [], values: [42]),
    NamedTensor(name: "unused", shape: [0, 3], values: []),
    NamedTensor(name: "F6.bias", shape: [3], values: [.nan, 1e-30, 3]),
  ]

  private static func expectSameBits(_ got: [NamedTensor], _ want: [NamedTensor],
                                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.map(\.name) == want.map(\.name), sourceLocation: sourceLocation)
    #expect(got.map(\.shape) == want.map(\.shape), sourceLocation: sourceLocation)
    // Bit patterns, so -0.0 is told apart from 0.0 and NaN compares equal to itself.
    #expect(got.map { $0.values.map(\.bitPattern) } == want.map { $0.values.map(\.bitPattern) },
            sourceLocation: sourceLocation)
  }

  // MARK: - Round trip and encoding

  @Test func roundTripKeepsTensorsMetadataAndBits() throws {
    let metadata = ["format": "pt", "note": "quote \" backslash \\ newline \n tab \t bell \u{07} ünï 🧠"]
    let bytes = SafeTensors.encode(Self.sample, metadata: metadata)
    let decoded = try SafeTensors.decode(bytes, source: Self.source)
    Self.expectSameBits(decoded.tensors, Self.sample)
    #expect(decoded.metadata == metadata)
    #expect(decoded["step"]?.values == [42])
    #expect(decoded["unused"]?.shape == [0, 3])
    #expect(decoded["missing"] == nil)
  }

  @Test func encodingIsDeterministicAlignedAndCompact() throws {
    let tensors = [NamedTensor(name: "x", shape: [2], values: [1, -2])]
    let bytes = SafeTensors.encode(tensors, metadata: ["b": "2", "a": "1"])
    #expect(bytes == SafeTensors.encode(tensors, metadata: ["a": "1", "b": "2"]))

    let headerLength = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    #expect(headerLength % 8 == 0)
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    let json = #"{"__metadata__":{"a":"1","b":"2"},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    #expect(header.hasPrefix(json))
    #expect(header.dropFirst(json.utf8.count).allSatisfy { $0 == " " })
    // 1.0 = 0x3F800000 and -2.0 = 0xC0000000, least significant byte first.
    #expect(Array(bytes[(8 + headerLength)...]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
  }

  @Test func emptyFileRoundTrips() throws {
    let decoded = try SafeTensors.decode(SafeTensors.encode([]), source: Self.source)
    #expect(decoded.tensors.isEmpty)
    #expect(decoded.metadata.isEmpty)
  }

  @Test func tensorsComeBackInDataOrder() throws {
    // The header lists "b" first, but its bytes come second.
    let header = #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"#
      + #""a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
    let data = Self.littleEndian(Float(1).bitPattern) + Self.littleEndian(Float(2).bitPattern)
    let decoded = try SafeTensors.decode(Self.file(header: header, data: data), source: Self.source)
    #expect(decoded.tensors.map(\.name) == ["a", "b"])
    #expect(decoded["b"]?.values == [2])
  }

  // MARK: - Other dtypes

  @Test func decodesF16BF16AndF64AsFloat() throws {
    let halves: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x7BFF, 0xFC00, 0x8000, 0x3555]
    let brains: [UInt16] = [0x3F80, 0xC049, 0x7F80]
    let doubles: [Double] = [0.1, -1e300, 2.5]
    let header = "  {\"h\": {\"dtype\": \"F16\", \"shape\": [7], \"data_offsets\": [0, 14]},\n"
      + #" "b":{"shape":[3],"dtype":"BF16","data_offsets":[14,20]},"#
      + #" "d":{"data_offsets":[20,44],"dtype":"F64","shape":[3, 1]},"#
      + #" "__metadata__":{"source":"hand-built"}}     "#
    let data = halves.flatMap(Self.littleEndian) + brains.flatMap(Self.littleEndian)
      + doubles.flatMap { Self.littleEndian($0.bitPattern) }
    let decoded = try SafeTensors.decode(Self.file(header: header, data: data), source: Self.source)

    let h = try #require(decoded["h"])
    #expect(h.shape == [7])
    #expect(h.values.map(\.bitPattern) == [
      Float(1), -2, 0x1p-24, 65504, -.infinity, -0.0, 0.333251953125,
    ].map(\.bitPattern))
    #expect(decoded["b"]?.values == [1, -3.140625, .infinity])
    #expect(decoded["d"]?.shape == [3, 1])
    #expect(decoded["d"]?.values == [Float(0.1), -.infinity, 2.5])
    #expect(decoded.metadata == ["source": "hand-built"])
  }

  @Test func halfPrecisionNaNStaysNaN() {
    #expect(SafeTensors.floatFromHalf(0x7E00).isNaN)
    #expect(SafeTensors.floatFromHalf(0x7C00) == .infinity)
    #expect(SafeTensors.floatFromHalf(0x0400) == 0x1p-14)  // smallest normal
    #expect(SafeTensors.floatFromHalf(0x03FF) == 0x1.FF8p-15)  // largest subnormal
  }

  // MARK: - Rejections

  @Test func rejectsFewerThanEightBytes() {
    Self.expectRejected([1, 2, 3], "only 3 bytes")
  }

  @Test func rejectsHeaderLongerThanTheFile() {
    let bytes = Self.littleEndian(UInt64(9_999_999_999)) + [UInt8](repeating: 0x20, count: 1016)
    #expect(Self.rejection(bytes) == EngineError(
      Self.source, "header length 9,999,999,999 is larger than the file (1,024 bytes)"))
    // Fits in the file only if the 8 length bytes are counted as header.
    Self.expectRejected(Self.littleEndian(UInt64(10)) + [UInt8](repeating: 0x20, count: 5), "runs past the end")
  }

  @Test func rejectsOversizedHeader() {
    // A file really that large, so the limit (not the file size) is what rejects it.
    let claimed = 100_000_001
    var bytes = [UInt8](repeating: 0x20, count: 8 + claimed)
    bytes.replaceSubrange(0..<8, with: Self.littleEndian(UInt64(claimed)))
    Self.expectRejected(bytes, "oversized header: 100,000,001 bytes")
  }

  @Test func rejectsHeaderThatIsNotJSON() {
    Self.expectRejected(Self.file(header: "not json"), "header is not valid JSON")
    Self.expectRejected(Self.file(header: #"{"a":{"dtype":"F32",}}"#), "header is not valid JSON")
    Self.expectRejected(Self.file(header: "{} {}"), "after the top-level value")
    Self.expectRejected(Self.file(header: ""), "unexpected end of header")
    Self.expectRejected(Self.littleEndian(UInt64(4)) + [0x7B, 0xFF, 0xFE, 0x7D], "not valid UTF-8")
  }

  @Test func rejectsHeaderJSONThatIsNotAnObject() {
    Self.expectRejected(Self.file(header: "[1, 2]"), "header JSON is an array, not an object")
    Self.expectRejected(Self.file(header: "7"), "header JSON is a number, not an object")
  }

  @Test func rejectsMissingDataOffsets() {
    Self.expectRejected(Self.file(header: #"{"a":{"dtype":"F32","shape":[]}}"#, data: [0, 0, 0, 0]),
                        #"tensor "a": missing "data_offsets""#)
  }

  @Test func rejectsUnknownDtypes() {
    for dtype in ["F33", "I64", "float32", ""] {
      let header = #"{"a":{"dtype":"\#(dtype)","shape":[1],"data_offsets":[0,4]}}"#
      Self.expectRejected(Self.file(header: header, data: [0, 0, 0, 0]), #"dtype "\#(dtype)" is not supported"#)
    }
  }

  @Test func rejectsShapeThatDisagreesWithOffsets() {
    let header = #"{"C1.weight":{"dtype":"F32","shape":[6,1,5,5],"data_offsets":[0,596]}}"#
    let bytes = Self.file(header: header, data: [UInt8](repeating: 0, count: 596))
    #expect(Self.rejection(bytes) == EngineError(
      Self.source, #"tensor "C1.weight": shape [6, 1, 5, 5] needs 600 bytes of F32 but data_offsets give 596"#))
  }

  @Test func rejectsTruncatedFile() {
    let bytes = SafeTensors.encode(Self.sample)
    Self.expectRejected(Array(bytes.dropLast(4)), #"tensor "F6.bias": data_offsets [44, 56] point past the end of the file"#)
  }

  @Test func rejectsOverlappingTensors() {
    let header = #"{"C1.bias":{"dtype":"F32","shape":[6],"data_offsets":[596,620]},"#
      + #""C1.weight":{"dtype":"F32","shape":[150],"data_offsets":[0,600]}}"#
    let bytes = Self.file(header: header, data: [UInt8](repeating: 0, count: 620))
    #expect(Self.rejection(bytes) == EngineError(
      Self.source, #"tensor "C1.weight": data_offsets [0, 600] overlap "C1.bias" [596, 620]"#))
  }

  @Test func rejectsGapsInTheDataBuffer() {
    let between = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
      + #""b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}"#
    Self.expectRejected(Self.file(header: between, data: [UInt8](repeating: 0, count: 20)),
                        #"gap: bytes [8, 12] between "a" and "b""#)
    let before = #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    Self.expectRejected(Self.file(header: before, data: [UInt8](repeating: 0, count: 8)), #"before "b""#)
    let after = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    Self.expectRejected(Self.file(header: after, data: [UInt8](repeating: 0, count: 12)),
                        #"gap: bytes [8, 12] after "a""#)
  }

  @Test func rejectsDuplicateNames() {
    let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
      + #""a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    Self.expectRejected(Self.file(header: header, data: [UInt8](repeating: 0, count: 8)), #"duplicate tensor name "a""#)
  }

  /// Smaller mistakes in one entry `a` (four bytes of data), each with the phrase its message must hold.
  @Test(arguments: [
    (#"{"a":[1]}"#, "entry must be an object, found an array"),
    (#"{"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}}"#, #""dtype" must be a string, found number"#),
    (#"{"a":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}"#, #""shape" must be an array of integers"#),
    (#"{"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}"#, "found 1.0"),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4e0]}}"#, "found 4e0"),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551620]}}"#, "fit in 64 bits"),
    (#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "negative dimension"),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, "must be exactly [begin, end]"),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, "end before they begin"),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#, "must not be negative"),
    (#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#, "too many elements"),
    (#"{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, #"key "dtype" appears twice"#),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"n":1}}"#, "must be a string"),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":[]}"#, "must be an object of strings"),
    (#"{"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}}"#, "leading zero"),
    (#"{"a\u":{}}"#, "hex digit"),
    (#"{"\ud800":{}}"#, "unpaired surrogate"),
  ])
  func rejectsMalformedEntries(header: String, phrase: String) {
    Self.expectRejected(Self.file(header: header, data: [0, 0, 0, 0]), phrase)
  }

  @Test func survivesDeepNestingAndEveryTruncation() throws {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    Self.expectRejected(Self.file(header: deep), "nesting deeper than")

    // Every prefix and a few corruptions of every byte must be rejected or decoded, never trap.
    let bytes = SafeTensors.encode(Array(Self.sample.prefix(3)), metadata: ["k": "v"])
    for length in 0..<bytes.count {
      #expect(Self.rejection(Array(bytes.prefix(length))) != nil)
    }
    for index in bytes.indices {
      for replacement: UInt8 in [0x00, 0xFF, UInt8(ascii: "9"), UInt8(ascii: "\"")] {
        var corrupt = bytes
        corrupt[index] = replacement
        _ = try? SafeTensors.decode(corrupt, source: Self.source)
      }
    }
  }

  // MARK: - Files

  @Test func writeThenReadFromDisk() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/model.safetensors"

    try SafeTensors.write(Self.sample, metadata: ["epoch": "1"], to: path)
    let first = try SafeTensors.read(path: path)
    Self.expectSameBits(first.tensors, Self.sample)
    #expect(first.metadata == ["epoch": "1"])

    // Writing again replaces the file as a whole.
    let replacement = [NamedTensor(name: "only", shape: [1], values: [9])]
    try SafeTensors.write(replacement, to: path)
    let second = try SafeTensors.read(path: path)
    #expect(second.tensors == replacement)
    #expect(second.metadata.isEmpty)
    #expect(try Self.leftoverTemporaries(in: directory).isEmpty)
  }

  @Test func writeIntoMissingDirectoryThrows() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/missing/model.safetensors"

    #expect(throws: EngineError(path, "could not write: No such file or directory")) {
      try SafeTensors.write(Self.sample, to: path)
    }
    #expect(try Self.leftoverTemporaries(in: directory).isEmpty)
  }

  @Test func aFolderInTheWayIsRefusedAndKept() throws {
    // The target is a non-empty directory: only regular files are ever replaced, so this is
    // refused before a temporary file is made. (A read-only directory would not fail when the
    // tests run as root.)
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/model.safetensors"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: path + "/inside"))

    let error = try #require(throws: EngineError.self) { try SafeTensors.write(Self.sample, to: path) }
    #expect(error.subject == path)
    #expect(error.problem == "is a folder, not a regular file; convscope only replaces regular files")
    #expect(FileManager.default.contents(atPath: path + "/inside") == Data("keep".utf8))
    #expect(try Self.leftoverTemporaries(in: directory).isEmpty)
  }

  @Test func writeRejectsTensorsItCannotEncode() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/model.safetensors"
    let bad = [NamedTensor(name: "a", shape: [2, 2], values: [1, 2, 3])]
    let error = try #require(throws: EngineError.self) { try SafeTensors.write(bad, to: path) }
    #expect(error.problem.contains("needs 4 values but there are 3"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func readingMissingFileThrows() {
    let path = "/nonexistent-convscope/model.safetensors"
    #expect(throws: EngineError(path, "no such file")) {
      try SafeTensors.read(path: path)
    }
  }
}
