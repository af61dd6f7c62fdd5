#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
  /// Reads and validates the safetensors file at `path`; errors name `path`.
  public static func read(path: String) throws -> SafeTensorsFile {
    try decode(FileIO.read(path: path, as: .weights), source: path)
  }

  /// Writes `tensors` and `metadata` to `path` atomically: readers see the old file or the new one,
  /// never a partial one.
  ///
  /// See `FileIO.writeAtomically`: a temporary file beside `path`, flushed, then renamed over it.
  public static func write(_ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String) throws {
    // Checked here so a bad tensor list is a thrown error rather than `encode`'s precondition failure.
    if let problem = encodingProblem(tensors) { throw EngineError(path, "could not write: \(problem)") }
    try FileIO.writeAtomically(encode(tensors, metadata: metadata), to: path)
  }
}
