import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation

/// `convscope bench`: training and inference speed on this machine.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure training/inference throughput, latency, per-layer time, memory and sgemm GFLOP/s.")

  @Flag(help: "Print JSON.") var json = false
  @Option(help: "Worker threads for training and batched inference.") var threads: Int = 2
  @Option(help: "Measurement length factor (1 = default; smaller is quicker and noisier).") var scale: Double = 1
  @Option(help: "Comma-separated sections: lenet, alexnet, ui, trainscreen (LeNet-5 training with the Train screen live under tmux), explorelive (LeNet-5 training with Explore following it live at 120×40 vs no screen, alternating in one run).")
  var only: String = "lenet,alexnet,ui,trainscreen,explorelive"
  @OptionGroup var data: DataOptions

  func run() throws {
    try CLI.guarded {
      var report = BenchReport(library: BLAS.libraryDescription, cores: BLAS.availableCores, threads: threads)
      for t in Set([1, threads]).sorted() {
        report.gemm.append(GemmResult(m: 1024, n: 1024, k: 1024, threads: t,
                                      gflops: Benchmark.gemmGFLOPs(m: 1024, n: 1024, k: 1024, threads: t, seconds: 0.3 * scale)))
      }
      let sections = Set(only.split(separator: ",").map(String.init))
      if sections.contains("lenet") { report.lenet = try lenet() }
      if sections.contains("alexnet") { report.alexnet = try alexnet(peak: report.gemm.map(\.gflops).max() ?? 1) }
      if sections.contains("ui") {
        report.ui = Self.ui()
        report.exploreSteps = ["lenet5", ExploreState.smallAlexNet, "alexnet"].flatMap { model in
          [(120, 40), (200, 60)].compactMap { ExploreStepBench.run(model: model, width: $0.0, height: $0.1) }
        }
      }
      if sections.contains("trainscreen") {
        do { report.trainScreen = try TrainScreenBench.run(rounds: max(1, Int((2 * scale).rounded()))) } catch {
          CLI.printWarning("train screen bench skipped: \(error)")
        }
      }
      if sections.contains("explorelive") {
        do { report.exploreLive = try ExploreLiveBench.run(pairs: max(2, Int((4 * scale).rounded()))) } catch {
          CLI.printWarning("explore live bench skipped: \(error)")
        }
      }
      if json { print(try CLI.json(report)) } else { print(Self.text(report)) }
    }
  }

  private func lenet() throws -> [ModelBench] {
    let train = try data.load(.train)
    let test = try data.load(.test)
    return try ["lenet5", "lenet5-modern"].map { name in
      let spec = try ModelCatalog.spec(named: name)
      // Five rounds each, so the table can show the spread (min / median / max) beside the median.
      let steps = max(4, Int(60 * scale))
      let train = try Benchmark.trainingThroughputSpread(spec: spec, data: train, batchSize: 64, threads: threads,
                                                         steps: steps, rounds: 5)
      let latency = try Benchmark.inferenceLatency(spec: spec, data: test, batchSize: 1, iterations: max(200, Int(3000 * scale)))
      let infer = try Benchmark.inferenceThroughput(spec: spec, data: test, batchSize: 256, threads: threads,
                                                    rounds: max(3, Int(5 * scale)))
      return ModelBench(model: name, trainBatch: 64, trainImagesPerSecond: train.median, trainSpread: train,
                        inferBatch1Latency: latency, inferBatch256ImagesPerSecond: infer.median, inferBatch256Spread: infer)
    }
  }

  /// Forward latency in this process; training in a child process each, so its peak memory is its own.
  private func alexnet(peak: Double) throws -> [AlexNetBench] {
    try ["alexnet", "alexnet-torchvision"].map { name in
      let spec = try ModelCatalog.spec(named: name)
      let x = Tensor(zeros: spec.input.batch(1))
      var rng = SplitMix64(seed: 5)
      for i in 0..<x.count { x.pointer[i] = rng.uniform(-2, 2) }
      let (latency, layers) = try Benchmark.forwardProfile(spec: spec, input: x, iterations: max(5, Int(20 * scale)),
                                                           threads: threads)
      let probe = try Self.probe(name, batch: 16, steps: max(2, Int(5 * scale)), threads: threads)
      let macs = Double(try spec.shapeTable().totalMACs)
      let rows = try spec.shapeTable().rows
      let forwardGFLOPs = 2 * macs / (latency.median / 1000) / 1e9
      let trainGFLOPs = 3 * 2 * macs * probe.spread.median / 1e9  // forward + two backward products
      // Each layer's share of the sgemm peak: its multiply-adds over its own time. In training
      // the backward pass does two products (input and weight gradients), the first layer one.
      let forwardFractions = zip(rows, layers).map { row, t in
        Self.fractionOfPeak(flops: 2 * Double(row.macs), milliseconds: t.forwardMilliseconds, peak: peak)
      }
      let weightRates = zip(rows, layers).map { Benchmark.weightReadRate($0, milliseconds: $1.forwardMilliseconds) ?? 0 }
      let trainFractions = zip(rows.indices, probe.layers).map { i, t in
        Self.fractionOfPeak(flops: Double(16 * 2 * rows[i].macs * (i == 0 ? 2 : 3)),
                            milliseconds: t.forwardMilliseconds + t.backwardMilliseconds, peak: peak)
      }
      return AlexNetBench(
        model: name, forwardBatch1: latency, forwardLayers: layers, forwardGFLOPs: forwardGFLOPs,
        forwardLayerFractionOfSgemmPeak: forwardFractions, forwardLayerWeightGBPerSecond: weightRates,
        trainBatch: 16, trainImagesPerSecond: probe.spread.median, trainSpread: probe.spread, trainLayers: probe.layers,
        trainLayerFractionOfSgemmPeak: trainFractions,
        trainPeakResidentBytes: probe.peakResidentBytes, trainGFLOPs: trainGFLOPs,
        fractionOfSgemmPeak: trainGFLOPs / peak)
    }
  }

  /// GFLOP/s of `flops` done in `milliseconds`, as a fraction of `peak` GFLOP/s (0 for layers without products).
  static func fractionOfPeak(flops: Double, milliseconds: Double, peak: Double) -> Double {
    flops > 0 && milliseconds > 0 && peak > 0 ? flops / (milliseconds / 1000) / 1e9 / peak : 0
  }

  /// Runs `convscope train-probe` and decodes its JSON.
  static func probe(_ model: String, batch: Int, steps: Int, threads: Int) throws -> ProbeResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].contains("/")
      ? CommandLine.arguments[0] : "/proc/self/exe")
    p.arguments = ["train-probe", model, "--batch", "\(batch)", "--steps", "\(steps)", "--threads", "\(threads)"]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw EngineError(model, "the training probe failed (exit \(p.terminationStatus))") }
    return try JSONDecoder().decode(ProbeResult.self, from: data)
  }

  /// The workbench's drawing speed; nil (with a note) when no suitable terminfo entry exists.
  private static func ui() -> WorkbenchBench.Report? {
    do { return try WorkbenchBench.run() } catch { CLI.printWarning("ui bench skipped: \(error)"); return nil }
  }

  static func text(_ r: BenchReport) -> String {
    var lines = ["library: \(r.library); cores: \(r.cores); threads: \(r.threads)"]
    for g in r.gemm {
      lines.append(String(format: "sgemm %d×%d×%d, %d thread%@: %.1f GFLOP/s", g.m, g.n, g.k, g.threads,
                          g.threads == 1 ? "" : "s", g.gflops))
    }
    if !r.lenet.isEmpty {
      var rows = [["model", "train img/s (batch 64)", "infer batch 1 ms", "infer img/s (batch 256)"]]
      for m in r.lenet {
        rows.append([m.model, Self.spread(m.trainSpread, "%.0f"),
                     Self.spread(m.inferBatch1Latency.spread, "%.3f"),
                     Self.spread(m.inferBatch256Spread, "%.0f")])
      }
      lines.append("")
      lines.append("each figure: min / median / max over the repetitions")
      lines.append(CLI.table(rows, rightAligned: [1, 2, 3]))
    }
    for a in r.alexnet {
      lines.append("")
      lines.append(String(format: "%@: forward batch 1 %@ ms (min / median / max; %.0f GFLOP/s at the median), "
                            + "training batch 16 %@ img/s (%.0f GFLOP/s, %.0f%% of the sgemm peak), peak memory %@",
                          a.model, Self.spread(a.forwardBatch1.spread, "%.1f"),
                          a.forwardGFLOPs, Self.spread(a.trainSpread, "%.1f"), a.trainGFLOPs,
                          a.fractionOfSgemmPeak * 100, NumberFormat.bytes(a.trainPeakResidentBytes)))
      var rows = [["layer", "forward ms (batch 1)", "% of peak", "weights GB/s", "train fwd ms (16)", "train bwd ms (16)",
                   "% of peak"]]
      for (i, (f, t)) in zip(a.forwardLayers, a.trainLayers).enumerated() {
        let fp = a.forwardLayerFractionOfSgemmPeak[i], tp = a.trainLayerFractionOfSgemmPeak[i]
        let gb = a.forwardLayerWeightGBPerSecond[i]
        rows.append([f.layer, String(format: "%.2f", f.forwardMilliseconds), fp > 0 ? String(format: "%.0f%%", fp * 100) : "",
                     gb > 0 ? String(format: "%.0f", gb) : "",
                     String(format: "%.1f", t.forwardMilliseconds), String(format: "%.1f", t.backwardMilliseconds),
                     tp > 0 ? String(format: "%.0f%%", tp * 100) : ""])
      }
      lines.append(CLI.table(rows, rightAligned: [1, 2, 3, 4, 5, 6]))
      if let slow = a.trainLayers.max(by: { $0.forwardMilliseconds + $0.backwardMilliseconds < $1.forwardMilliseconds + $1.backwardMilliseconds }) {
        lines.append("slowest layer in training: \(slow.layer)")
      }
    }
    for e in r.exploreSteps {
      lines.append(String(format: "Explore, one layer step on %@ (%d×%d, update + render + diff): median %.2f ms, p99 %.2f ms",
                          e.model, e.width, e.height, e.median, e.p99))
    }
    if let u = r.ui {
      lines.append("")
      lines.append(String(format: "workbench %d×%d, %d heatmaps (%@, %@ colours, pty): median %.2f ms, p99 %.2f ms "
                            + "(CPU %.2f / %.2f ms), %@/frame; targets %.0f / %.0f ms",
                          u.width, u.height, u.heatmaps, u.term, u.colorDepth, u.median, u.p99, u.cpuMedian,
                          u.cpuP99, NumberFormat.bytes(Int(u.bytesPerFrame)), u.targetMedian, u.targetP99))
    }
    if let t = r.trainScreen {
      lines.append("")
      lines.append(String(format: "%@ training, %d epoch, batch %d, %d threads: Train screen live (%@) %@ img/s vs "
                            + "headless %@ img/s (best of %d each): %.0f%% (target ≥ %.0f%%)",
                          t.model, t.epochs, t.batch, t.threads, t.terminal, Int(t.screen.max() ?? 0).grouped,
                          Int(t.headless.max() ?? 0).grouped, t.screen.count, t.ratio * 100, t.target * 100))
    }
    if let e = r.exploreLive {
      lines.append("")
      lines.append(String(format: "%@ training, batch %d, %d threads, with Explore following the run live (%@, a turn every "
                            + "%d ms) %@ img/s vs headless %@ img/s (medians of %d alternating phases of %.0f s in one run): "
                            + "%.0f%% (target ≥ %.0f%%); load %.1f → %.1f",
                          e.model, e.batch, e.threads, e.terminal, e.turnMilliseconds,
                          Int(Percentiles(e.live).median).grouped, Int(Percentiles(e.headless).median).grouped,
                          e.live.count, e.phaseSeconds, e.ratio * 100, e.target * 100, e.loadBefore, e.loadAfter))
      lines.append("  headless phases: " + e.headless.map { Int($0).grouped }.joined(separator: ", ")
        + " img/s; live phases: " + e.live.map { Int($0).grouped }.joined(separator: ", ")
        + " img/s (\(e.framesDrawn.grouped) frames drawn; Explore showed steps \(e.liveSteps.map(\.grouped).joined(separator: ", ")))")
    }
    return lines.joined(separator: "\n")
  }

  /// "min / median / max" with each figure in `format`.
  static func spread(_ s: Benchmark.Spread, _ format: String) -> String {
    [s.min, s.median, s.max].map { String(format: format, $0) }.joined(separator: " / ")
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
  /// The median of `trainSpread`.
  var trainImagesPerSecond: Double
  var trainSpread: Benchmark.Spread
  var inferBatch1Latency: Benchmark.Latency
  /// The median of `inferBatch256Spread`.
  var inferBatch256ImagesPerSecond: Double
  var inferBatch256Spread: Benchmark.Spread
}

struct AlexNetBench: Codable {
  var model: String
  var forwardBatch1: Benchmark.Latency
  var forwardLayers: [Benchmark.LayerTime]
  var forwardGFLOPs: Double
  /// Per layer: its forward GFLOP/s at batch 1 over the sgemm peak (0 for layers without products).
  var forwardLayerFractionOfSgemmPeak: [Double]
  /// Per layer: its weights' bytes over its forward time at batch 1, in GB/s, for the layers
  /// bound by memory there (at most one multiply-add per weight: fully connected), else 0.
  var forwardLayerWeightGBPerSecond: [Double]
  var trainBatch: Int
  /// The median of `trainSpread` (images/s of each step).
  var trainImagesPerSecond: Double
  var trainSpread: Benchmark.Spread
  var trainLayers: [Benchmark.LayerTime]
  /// Per layer: forward + backward GFLOP/s in training over the sgemm peak.
  var trainLayerFractionOfSgemmPeak: [Double]
  var trainPeakResidentBytes: Int
  var trainGFLOPs: Double
  var fractionOfSgemmPeak: Double
}

struct BenchReport: Codable {
  var library: String
  var cores: Int
  var threads: Int
  var gemm: [GemmResult] = []
  var lenet: [ModelBench] = []
  var alexnet: [AlexNetBench] = []
  var ui: WorkbenchBench.Report?
  /// LeNet-5 training with the Train screen live, against headless `convscope train`.
  var trainScreen: TrainScreenBench.Report?
  var exploreSteps: [ExploreStepBench.Report] = []
  /// LeNet-5 training with Explore following it live, against no screen, in one run.
  var exploreLive: ExploreLiveBench.Report?
}
