import ArgumentParser
import ConvEngine
import Foundation

/// Which two models `compare` (and `export svg compare`) put side by side, and how their
/// speed is measured.
struct CompareOptions: ParsableArguments {
  @Argument(help: "Two models (default: lenet5 alexnet); any of \(ModelCatalog.names.joined(separator: ", ")).")
  var models: [String] = []

  @Flag(name: .customLong("no-timing"), help: "Skip the speed measurement.") var noTiming = false
  @Option(help: "Timed batch-1 forward passes per model (median reported).") var iterations: Int = 5
  @Option(help: "Timed training steps per model.") var steps: Int = 2
  @Option(help: "Images per timed training step (default: 64 for LeNet-size models, 16 for AlexNet-size).")
  var batch: Int?
  @Option(help: "Threads for the measurement.") var threads: Int = 2

  func validate() throws {
    guard models.isEmpty || models.count == 2 else {
      throw ValidationError("give two model names, or none for lenet5 and alexnet")
    }
    guard iterations >= 1, steps >= 1, (batch ?? 1) >= 1 else {
      throw ValidationError("--iterations, --steps and --batch must be at least 1")
    }
    guard (1...8).contains(threads) else { throw ValidationError("--threads must be 1…8") }
  }

  /// The comparison, measured on this machine unless `--no-timing`; `showingProgress` says on
  /// standard error what is being measured meanwhile.
  func comparison(showingProgress progress: Bool) throws -> ModelComparison {
    let names = models.isEmpty ? [ModelComparison.defaultModels.0, ModelComparison.defaultModels.1] : models
    let leftSpec = try ModelCatalog.spec(named: names[0]), rightSpec = try ModelCatalog.spec(named: names[1])
    var comparison = try ModelComparison(left: leftSpec, right: rightSpec)
    guard !noTiming else { return comparison }
    if progress {
      FileHandle.standardError.write(Data(("measuring \(leftSpec.name), then \(rightSpec.name) "
        + "(\(rightSpec.name) takes several seconds; --no-timing skips this)…\r").utf8))
    }
    try comparison.measureTiming(left: leftSpec, right: rightSpec, options: TimingOptions(
      forwardIterations: iterations, trainSteps: steps, trainBatch: batch, threads: threads))
    if progress { FileHandle.standardError.write(Data("\u{1B}[2K".utf8)) }
    return comparison
  }
}
