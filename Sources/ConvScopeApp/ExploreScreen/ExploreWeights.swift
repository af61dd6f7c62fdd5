import ConvEngine
import Foundation

/// Weights the user gave on the command line (`convscope workbench --weights FILE`) and the
/// Explore model they are for. Other models keep their shipped (or seeded) weights.
public struct ExploreWeights: Equatable, Sendable {
  /// The Explore model name (see `ModelChoice`) the file is loaded into.
  public var model: String
  /// The file, as an absolute path (the workbench may be started from anywhere).
  public var path: String
  /// The run's time-lapse, when one was saved beside the checkpoint (`RUN.timelapse.safetensors`):
  /// Explore scrubs through it as the Train screen did while the run trained.
  public var timeLapse: TimeLapse?

  public init(model: String, path: String, timeLapse: TimeLapse? = nil) {
    self.model = model
    self.path = path
    self.timeLapse = timeLapse
  }

  /// The time-lapse saved beside the checkpoint at `path`, nil when there is none; one that
  /// cannot be read throws (naming that file and the problem).
  public static func timeLapse(besideCheckpoint path: String) throws -> TimeLapse? {
    let file = TimeLapse.path(forCheckpoint: path)
    guard FileManager.default.fileExists(atPath: file) else { return nil }
    return try TimeLapse.read(path: file)
  }

  /// The file's name without its folder, for the title bar.
  public var fileName: String {
    path.fileName
  }

  /// The model a weights file declares, read from its safetensors header only (an AlexNet
  /// file is 240 MB; the header is a few KB): the `model` metadata convscope writes, or
  /// `alexnet-torchvision` for a torchvision state dict. Nil when the file says nothing
  /// usable; the caller then picks a model and the load itself reports any mismatch.
  public static func declaredModel(ofFile path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let prefix = try? handle.read(upToCount: 8), prefix.count == 8 else { return nil }
    let length = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    // A header larger than this is not a weights file the Explore screen could use anyway.
    guard length > 0, length < 16 << 20, let header = try? handle.read(upToCount: Int(length)),
      let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any]
    else { return nil }
    if let metadata = json["__metadata__"] as? [String: String], let declared = metadata["model"],
      let name = ModelChoice(declared)
    {
      return name.text
    }
    return json.keys.contains("features.0.weight") ? "alexnet-torchvision" : nil
  }
}
