import Foundation

/// How a time-lapse is saved: a safetensors file beside the run's checkpoint
/// (`run.safetensors` → `run.timelapse.safetensors`), so the checkpoint stays a plain
/// weights-and-state file every command reads as before.
///
/// Tensors `kernels` (frames, kernelCount, k, k) and `maps` (frames, mapCount, side, side);
/// metadata `format`, `layer`, `every`, `budget` and `steps` (the frames' steps, comma-separated).
extension TimeLapse {
  public static let format = "convscope-timelapse-1"

  /// `run.safetensors` → `run.timelapse.safetensors` (any other name gets the suffix added).
  public static func path(forCheckpoint path: String) -> String {
    (path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path) + ".timelapse.safetensors"
  }

  /// The time-lapse as safetensors tensors and metadata.
  public var file: SafeTensorsFile {
    let f = frames.count
    return SafeTensorsFile(
      tensors: [
        NamedTensor(name: "kernels", shape: [f, kernelCount, kernelSize, kernelSize], values: frames.flatMap(\.kernels)),
        NamedTensor(name: "maps", shape: [f, mapCount, mapSide, mapSide], values: frames.flatMap(\.maps)),
      ],
      metadata: [
        "format": Self.format, "layer": layer, "every": "\(every)", "budget": "\(budgetBytes)",
        "steps": frames.map { String($0.step) }.joined(separator: ","),
      ])
  }

  /// Writes the time-lapse to `path` atomically.
  public func write(to path: String) throws {
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
  }

  /// Reads a time-lapse written by `write(to:)`; errors name `path` and the problem.
  public static func read(path: String) throws -> TimeLapse {
    try TimeLapse(file: SafeTensors.read(path: path), source: path)
  }

  /// Rebuilds a time-lapse from its file, checking every count against the others.
  public init(file: SafeTensorsFile, source: String) throws {
    func fail(_ problem: String) -> EngineError { EngineError(source, problem) }
    guard file.metadata["format"] == Self.format else {
      throw fail("is not a convscope time-lapse (format \"\(file.metadata["format"] ?? "")\", expected \"\(Self.format)\")")
    }
    guard let kernels = file["kernels"], kernels.shape.count == 4, let maps = file["maps"], maps.shape.count == 4 else {
      throw fail("needs tensors \"kernels\" and \"maps\", each with 4 dimensions")
    }
    guard let every = file.metadata["every"].flatMap(Int.init), every >= 1,
          let budget = file.metadata["budget"].flatMap(Int.init), budget >= 0,
          let layer = file.metadata["layer"], !layer.isEmpty
    else { throw fail("has no valid \"every\", \"budget\" or \"layer\" in its metadata") }
    let stepText = file.metadata["steps"] ?? ""
    let steps = stepText.isEmpty ? [] : stepText.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard steps.allSatisfy({ ($0 ?? -1) >= 0 }) else { throw fail("has a step that is not a whole number ≥ 0") }
    let frameSteps = steps.map { $0! }
    guard zip(frameSteps, frameSteps.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw fail("lists its frames' steps out of order")
    }
    guard kernels.shape[0] == frameSteps.count, maps.shape[0] == frameSteps.count, kernels.shape[2] == kernels.shape[3],
          maps.shape[2] == maps.shape[3]
    else {
      throw fail("has \(frameSteps.count) steps but \(kernels.shape[0]) kernel and \(maps.shape[0]) map frames "
        + "(or planes that are not square)")
    }
    self.init(layer: layer, kernelCount: kernels.shape[1], kernelSize: kernels.shape[2], mapCount: maps.shape[1],
              mapSide: maps.shape[2], every: every, budgetBytes: budget)
    let k = kernelValues, m = mapValues
    frames = frameSteps.indices.map { i in
      Frame(step: frameSteps[i], kernels: Array(kernels.values[(i * k)..<((i + 1) * k)]),
            maps: Array(maps.values[(i * m)..<((i + 1) * m)]))
    }
  }
}
