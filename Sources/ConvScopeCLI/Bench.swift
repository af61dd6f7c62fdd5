import ArgumentParser
import ConvEngine
import Foundation

/// `convscope bench`: training and inference speed on this machine.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure training/inference throughput, latency and sgemm GFLOP/s on this machine.")

  @Flag(help: "Print JSON.") var json = false
  @Option(help: "Worker threads for training and batched inference.") var threads: Int = 2
  @Option(help: "Seconds-ish per measurement scale (1 = default).") var scale: Double = 1
  @OptionGroup var data: DataOptions

  func run() throws {
    try CLI.guarded {
      let train = try data.load(.train)
      let test = try data.load(.test)
      var report = BenchReport(library: BLAS.libraryDescription, cores: BLAS.availableCores, threads: threads)
      let sizes = [(1024, 1024, 1024)]
      for (m, n, k) in sizes {
        for t in Set([1, threads]).sorted() {
          report.gemm.append(GemmResult(m: m, n: n, k: k, threads: t,
                                        gflops: Benchmark.gemmGFLOPs(m: m, n: n, k: k, threads: t, seconds: 0.3 * scale)))
        }
      }
      for name in ModelCatalog.names {
        let spec = try ModelCatalog.spec(named: name)
        let steps = max(20, Int(300 * scale))
        let trainRate = try Benchmark.trainingThroughput(spec: spec, data: train, batchSize: 64, threads: threads, steps: steps)
        let latency = try Benchmark.inferenceLatency(spec: spec, data: test, batchSize: 1, iterations: max(200, Int(3000 * scale)))
        let inferRate = try Benchmark.inferenceThroughput(spec: spec, data: test, batchSize: 256, threads: threads,
                                                          rounds: max(1, Int(3 * scale)))
        report.models.append(ModelBench(model: name, trainBatch: 64, trainImagesPerSecond: trainRate,
                                        inferBatch1Latency: latency, inferBatch256ImagesPerSecond: inferRate))
      }
      if json { print(try CLI.json(report)); return }
      print("library: \(report.library); cores: \(report.cores); threads: \(report.threads)")
      for g in report.gemm {
        print(String(format: "sgemm %d×%d×%d, %d thread%@: %.1f GFLOP/s", g.m, g.n, g.k, g.threads,
                     g.threads == 1 ? "" : "s", g.gflops))
      }
      var rows = [["model", "train img/s (batch 64)", "infer batch 1 median", "p99", "infer img/s (batch 256)"]]
      for m in report.models {
        rows.append([m.model, Int(m.trainImagesPerSecond).grouped, String(format: "%.3f ms", m.inferBatch1Latency.median),
                     String(format: "%.3f ms", m.inferBatch1Latency.p99), Int(m.inferBatch256ImagesPerSecond).grouped])
      }
      print(CLI.table(rows, rightAligned: [1, 2, 3, 4]))
    }
  }
}

struct GemmResult: Codable {
  var m: Int
  var n: Int
  var k: Int
  var threads: Int
  var gflops: Double
}

struct ModelBench: Codable {
  var model: String
  var trainBatch: Int
  var trainImagesPerSecond: Double
  var inferBatch1Latency: Benchmark.Latency
  var inferBatch256ImagesPerSecond: Double
}

struct BenchReport: Codable {
  var library: String
  var cores: Int
  var threads: Int
  var gemm: [GemmResult] = []
  var models: [ModelBench] = []
}
