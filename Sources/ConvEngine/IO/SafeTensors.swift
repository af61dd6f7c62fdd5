/// One tensor as it lives in memory: a name, a shape and its values in row-major order (F32 only).
public struct NamedTensor: Sendable, Equatable {
  /// The tensor's key in the file, e.g. `"C1.weight"`.
  public var name: String
  /// Dimensions, outermost first; `[]` is a scalar holding one value.
  public var shape: [Int]
  /// Row-major values; `values.count` equals the product of `shape`.
  public var values: [Float]

  public init(name: String, shape: [Int], values: [Float]) {
    self.name = name
    self.shape = shape
    self.values = values
  }
}

/// The contents of a safetensors file: its tensors and its free-form string metadata.
public struct SafeTensorsFile: Sendable {
  /// The tensors, in the order their bytes appear in the file's data buffer.
  public var tensors: [NamedTensor]
  /// The optional `"__metadata__"` object of the header (empty when absent).
  public var metadata: [String: String]

  public init(tensors: [NamedTensor], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The tensor called `name`, or `nil` when the file has none by that name.
  public subscript(name: String) -> NamedTensor? {
    // A linear scan keeps `tensors` freely mutable (no index to go stale); files hold few tensors.
    tensors.first { $0.name == name }
  }
}

/// Reads and writes the Hugging Face safetensors format.
///
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON (optionally padded with
/// spaces), then the data buffer that the header's `data_offsets` point into.
public enum SafeTensors {
  /// The largest header accepted, as in the reference implementation; it stops a corrupt length
  /// from making us parse (or allocate for) gigabytes of "JSON".
  static let maxHeaderLength = 100_000_000

  /// The header key that holds string metadata instead of a tensor.
  static let metadataKey = "__metadata__"

  /// The element types we can read; everything is converted to `Float` in memory.
  enum DType: String, CaseIterable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case f64 = "F64"

    /// Bytes per element in the file.
    var size: Int {
      switch self {
      case .f16, .bf16: return 2
      case .f32: return 4
      case .f64: return 8
      }
    }
  }

  /// `[6, 1, 5, 5]`, the way shapes and offsets are written in the header.
  static func listText(_ numbers: [Int]) -> String {
    "[" + numbers.map(String.init).joined(separator: ", ") + "]"
  }

  /// `"name"` with quotes, so empty names and names with spaces stay visible in messages.
  static func quoted(_ name: String) -> String {
    "\"" + name + "\""
  }
}
