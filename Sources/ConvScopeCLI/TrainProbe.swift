import ArgumentParser
import ConvEngine
import Foundation

/// Hidden helper for `bench`: trains a few steps on random inputs in a fresh process, so the
/// peak memory it reports belongs to that model and batch alone.
struct TrainProbe: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "train-probe", shouldDisplay: false)

  @OptionGroup var modelOptions: ModelOptions
  @Option var batch: Int = 16
  @Option var steps: Int = 5
  @Option var threads: Int = 2

  func run() throws {
    try CLI.guarded {
      let spec = try modelOptions.spec()
      let r = try Benchmark.trainingProfile(spec: spec, batchSize: batch, threads: threads, steps: steps)
      let probe = ProbeResult(model: spec.name, batch: batch, imagesPerSecond: r.imagesPerSecond,
                              peakResidentBytes: Benchmark.peakResidentBytes, layers: r.layers, spread: r.spread)
      print(try CLI.json(probe))
    }
  }
}

struct ProbeResult: Codable {
  var model: String
  var batch: Int
  var imagesPerSecond: Double
  var peakResidentBytes: Int
  var layers: [Benchmark.LayerTime]
  /// Images per second of each step: smallest, median, largest.
  var spread: Benchmark.Spread
}
