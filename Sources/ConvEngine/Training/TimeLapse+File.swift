import Foundation

/// How a time-lapse is saved: a safetensors file beside the run's checkpoint
/// (`run.safetensors` → `run.timelapse.safetensors`), so the checkpoint stays a plain
/// weights-and-state file every command reads as before.
///
/// Format 2 (written now): tensor `kernels` (frames, kernelCount, k, k) and, for each map
/// layer i, tensor `maps.i` (frames, count, side, side) with the layer's name in metadata
/// `maps.i.layer`; metadata `format`, `layer` (the kernels' layer), `every`, `budget` and
/// `steps` (the frames' steps, comma-separated). Format 1 (the first-layer-only files written
/// before) is still read: its one tensor `maps` holds the kernels' layer's maps.
extension TimeLapse {
  public static let format = "convscope-timelapse-2"
  /// The earlier format, read for files saved before maps at more than one layer were kept.
  public static let firstFormat = "convscope-timelapse-1"

  /// The most values one frame of a file may hold (1 GiB of floats); the recorder's largest,
  /// a full AlexNet's conv1 and conv2, holds about 72,000.
  public static let frameValueLimit = 1 << 28

  /// `run.safetensors` → `run.timelapse.safetensors` (any other name gets the suffix added).
  public static func path(forCheckpoint path: String) -> String {
    (path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path) + ".timelapse.safetensors"
  }

  /// The time-lapse as safetensors tensors and metadata.
  public var file: SafeTensorsFile {
    let f = frames.count
    var tensors = [NamedTensor(name: "kernels", shape: [f, kernelCount, kernelSize, kernelSize],
                               values: frames.flatMap(\.kernels))]
    var metadata = [
      "format": Self.format, "layer": layer, "every": "\(every)", "budget": "\(budgetBytes)",
      "steps": frames.map { String($0.step) }.joined(separator: ","),
    ]
    for (i, m) in mapLayers.enumerated() {
      tensors.append(NamedTensor(name: "maps.\(i)", shape: [f, m.count, m.side, m.side], values: frames.flatMap { $0.maps[i] }))
      metadata["maps.\(i).layer"] = m.name
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata)
  }

  /// Writes the time-lapse to `path` atomically.
  public func write(to path: String) throws {
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
  }

  /// Reads a time-lapse written by `write(to:)` (or by an earlier convscope, format 1);
  /// errors name `path` and the problem.
  public static func read(path: String) throws -> TimeLapse {
    try TimeLapse(file: SafeTensors.read(path: path), source: path)
  }

  /// Rebuilds a time-lapse from its file, checking every count against the others.
  public init(file: SafeTensorsFile, source: String) throws {
    func fail(_ problem: String) -> EngineError { EngineError(source, problem) }
    let format = file.metadata["format"] ?? ""
    guard format == Self.format || format == Self.firstFormat else {
      throw fail("is not a convscope time-lapse (format \"\(format)\", expected \"\(Self.format)\" or \"\(Self.firstFormat)\")")
    }
    guard let kernels = file["kernels"], kernels.shape.count == 4 else {
      throw fail("needs a tensor \"kernels\" with 4 dimensions")
    }
    guard let every = file.metadata["every"].flatMap(Int.init), every >= 1,
          let budget = file.metadata["budget"].flatMap(Int.init), budget >= 0,
          let layer = file.metadata["layer"], !layer.isEmpty
    else { throw fail("has no valid \"every\", \"budget\" or \"layer\" in its metadata") }
    // Each map layer's name and tensor.
    var maps: [(name: String, tensor: NamedTensor)] = []
    if format == Self.firstFormat {
      guard let tensor = file["maps"], tensor.shape.count == 4 else { throw fail("needs a tensor \"maps\" with 4 dimensions") }
      if tensor.shape[1] > 0 { maps.append((layer, tensor)) }
    } else {
      while let tensor = file["maps.\(maps.count)"] {
        guard tensor.shape.count == 4, let name = file.metadata["maps.\(maps.count).layer"], !name.isEmpty else {
          throw fail("needs 4 dimensions in tensor \"maps.\(maps.count)\" and its layer's name in \"maps.\(maps.count).layer\"")
        }
        maps.append((name, tensor))
      }
    }
    let stepText = file.metadata["steps"] ?? ""
    let steps = stepText.isEmpty ? [] : stepText.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard steps.allSatisfy({ ($0 ?? -1) >= 0 }) else { throw fail("has a step that is not a whole number ≥ 0") }
    let frameSteps = steps.map { $0! }
    guard zip(frameSteps, frameSteps.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw fail("lists its frames' steps out of order")
    }
    // One frame's values, counted without overflow: a file of no frames may still claim
    // planes of any size, and the budget is divided by a frame's size.
    func valuesPerFrame(_ t: NamedTensor) -> Int {
      var n = 1
      for d in t.shape.dropFirst() {
        let (product, overflow) = n.multipliedReportingOverflow(by: d)
        if overflow || product > Self.frameValueLimit { return Self.frameValueLimit + 1 }
        n = product
      }
      return n
    }
    guard ([kernels] + maps.map(\.tensor)).reduce(0, { $0 + valuesPerFrame($1) }) <= Self.frameValueLimit else {
      throw fail("has frames of more than \(Self.frameValueLimit.grouped) values (a full AlexNet frame has about 72,000)")
    }
    let square = ([kernels] + maps.map(\.tensor)).allSatisfy { $0.shape[2] == $0.shape[3] }
    guard kernels.shape[0] == frameSteps.count, maps.allSatisfy({ $0.tensor.shape[0] == frameSteps.count }), square else {
      throw fail("has \(frameSteps.count) steps but \(kernels.shape[0]) kernel frames"
        + maps.map { ", \($0.tensor.shape[0]) \($0.name) map frames" }.joined() + " (or planes that are not square)")
    }
    self.init(layer: layer, kernelCount: kernels.shape[1], kernelSize: kernels.shape[2],
              mapLayers: maps.map { MapLayer(name: $0.name, count: $0.tensor.shape[1], side: $0.tensor.shape[2]) },
              every: every, budgetBytes: budget)
    // A time-lapse never holds more frames than its budget: one that does was not written here.
    guard frameSteps.count <= capacity else {
      throw fail("holds \(frameSteps.count) frames, more than its budget of \(budget) bytes holds (\(capacity))")
    }
    let k = kernelValues
    let sizes = mapLayers.map(\.values)
    frames = frameSteps.indices.map { i in
      Frame(step: frameSteps[i], kernels: Array(kernels.values[(i * k)..<((i + 1) * k)]),
            maps: maps.indices.map { l in Array(maps[l].tensor.values[(i * sizes[l])..<((i + 1) * sizes[l])]) })
    }
  }
}
