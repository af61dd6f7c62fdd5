import ArgumentParser
import ConvEngine
import Foundation

/// `convscope timelapse RUN`: a run's first-layer kernels over training, as one PNG per
/// frame or one contact sheet (a row per frame, time going down).
struct TimeLapseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "timelapse",
    abstract: "Write a run's kernel time-lapse (saved by the Train screen or train --timelapse) as PNG images.")

  @Argument(help: "The run's checkpoint (its RUN.timelapse.safetensors is read) or the time-lapse file itself.")
  var file: String
  @Option(help: "Folder for one PNG per frame (default: the run's name with -timelapse).") var out: String?
  @Option(help: "Write one contact sheet here instead: a row of kernels per frame, time going down.") var sheet: String?
  @Option(help: "Pixels per kernel value (default 8).") var scale = 8

  func validate() throws {
    guard (1...64).contains(scale) else { throw ValidationError("--scale must be 1…64") }
    if out != nil && sheet != nil { throw ValidationError("give --out or --sheet, not both") }
  }

  func run() throws {
    try CLI.guarded { try write() }
  }

  /// The time-lapse file `run` names.
  var lapsePath: String {
    file.hasSuffix(".timelapse.safetensors") ? file : TimeLapse.path(forCheckpoint: file)
  }

  private func write() throws {
    let path = lapsePath
    guard FileManager.default.fileExists(atPath: path) else {
      throw EngineError(path, "no time-lapse here: save a run from the Train screen (w), or train with --save and "
        + "--timelapse STEPS, to make one")
    }
    let lapse = try TimeLapse.read(path: path)
    guard let first = lapse.frames.first, let last = lapse.frames.last else {
      throw EngineError(path, "holds no frames yet")
    }
    print("\(lapse.layer): \(lapse.frames.count) frames of \(lapse.kernelCount) kernels, steps \(first.step.grouped)…"
      + "\(last.step.grouped) (one every \(lapse.every.grouped) steps), colour scale ±"
      + NumberFormat.significant(Double(lapse.kernelRange))
      + (lapse.mapLayers.isEmpty ? "" : "; maps of test image 0 at " + lapse.mapLayers.map(\.name).joined(separator: ", ")))
    if let sheet {
      try FileIO.checkWritable(sheet)
      try TimeLapseImages.sheet(lapse, frames: Array(lapse.frames.indices), scale: scale).writePNG(path: sheet)
      print("wrote \(sheet): rows are steps \(lapse.frames.map { $0.step.grouped }.joined(separator: ", "))")
      return
    }
    let folder = out ?? String(file.hasSuffix(".safetensors") ? file.dropLast(".safetensors".count) : Substring(file))
      .replacingOccurrences(of: ".timelapse", with: "") + "-timelapse"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let digits = max(6, String(last.step).count)
    for index in lapse.frames.indices {
      let step = String(lapse.frames[index].step)
      let name = "\(lapse.layer)-step\(String(repeating: "0", count: digits - step.count))\(step).png"
      try TimeLapseImages.frame(lapse, index: index, scale: scale).writePNG(path: folder + "/" + name)
    }
    print("wrote \(lapse.frames.count) PNGs to \(folder)/")
  }
}
