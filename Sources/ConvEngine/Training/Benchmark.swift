import Dispatch

/// Throughput and latency measurements used by `convscope bench`.
public enum Benchmark {
  /// Seconds since an arbitrary start, monotonic.
  @inline(__always)
  public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// sgemm GFLOP/s for an m×k by k×n product with `threads` OpenMP threads (2·m·n·k flops a call).
  public static func gemmGFLOPs(m: Int, n: Int, k: Int, threads: Int, seconds: Double = 0.3) -> Double {
    let a = Tensor(zeros: Shape(n: m, c: k, h: 1, w: 1)), b = Tensor(zeros: Shape(n: k, c: n, h: 1, w: 1))
    let c = Tensor(zeros: Shape(n: m, c: n, h: 1, w: 1))
    var rng = SplitMix64(seed: 7)
    for i in 0..<a.count { a.pointer[i] = rng.uniform(-1, 1) }
    for i in 0..<b.count { b.pointer[i] = rng.uniform(-1, 1) }
    let call = { BLAS.gemm(m: m, n: n, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: n, c: c.pointer, ldc: n) }
    return BLAS.withThreads(threads) {
      call()
      var reps = 1
      while true {
        let t0 = now()
        for _ in 0..<reps { call() }
        let t = now() - t0
        if t >= seconds { return 2 * Double(m) * Double(n) * Double(k) * Double(reps) / t / 1e9 }
        reps *= 2
      }
    }
  }

  /// Training images per second: `steps` optimiser steps (after `warmup`) on real data.
  public static func trainingThroughput(
    spec: ModelSpec, data: ImageDataset, batchSize: Int, threads: Int, steps: Int, warmup: Int = 10
  ) throws -> Double {
    try trainingThroughputSpread(spec: spec, data: data, batchSize: batchSize, threads: threads, steps: steps,
                                 rounds: 1, warmup: warmup).median
  }

  /// Training images per second over `rounds` rounds of `steps` optimiser steps each (after
  /// `warmup`), one trainer throughout: the spread shows how steady the figure is.
  public static func trainingThroughputSpread(
    spec: ModelSpec, data: ImageDataset, batchSize: Int, threads: Int, steps: Int, rounds: Int, warmup: Int = 10
  ) throws -> Spread {
    let net = try Network(spec: spec)
    net.initialize(seed: 1)
    var config = TrainingConfig()
    config.batchSize = batchSize
    config.threads = threads
    config.learningRate = 0.001
    config.epochs = 1000
    let trainer = try Trainer(network: net, config: config)
    for _ in 0..<warmup { _ = try trainer.trainStep(on: data) }
    var rates: [Double] = []
    for _ in 0..<max(1, rounds) {
      let t0 = now()
      for _ in 0..<steps { _ = try trainer.trainStep(on: data) }
      rates.append(Double(steps * batchSize) / (now() - t0))
    }
    return Spread(rates)
  }

  /// Smallest, median and largest of repeated measurements (rates or times).
  public struct Spread: Sendable, Codable, Hashable {
    public var min: Double
    public var median: Double
    public var max: Double

    /// The spread of `samples` (at least one).
    public init(_ samples: [Double]) {
      let p = Percentiles(samples)
      (min, median, max) = (p.min, p.median, p.max)
    }

    public init(min: Double, median: Double, max: Double) {
      self.min = min
      self.median = median
      self.max = max
    }
  }

  /// Latency statistics of single-threaded inference on one batch, in milliseconds.
  public struct Latency: Sendable, Codable, Hashable {
    public var median: Double
    public var p99: Double
    public var mean: Double
    /// Fastest and slowest repetition (absent in figures saved before they were recorded).
    public var min: Double?
    public var max: Double?

    /// Statistics of per-repetition times `samples` (at least one).
    public init(samples: [Double]) {
      let p = Percentiles(samples)
      (median, p99, mean, min, max) = (p.median, p.p99, p.mean, p.min, p.max)
    }

    /// Fastest / median / slowest (the median stands in for a missing end).
    public var spread: Spread { Spread(min: min ?? median, median: median, max: max ?? median) }

    public init(median: Double, p99: Double, mean: Double) {
      self.median = median
      self.p99 = p99
      self.mean = mean
    }
  }

  /// Times `iterations` forward passes of a batch of `batchSize` test images, one thread.
  public static func inferenceLatency(
    spec: ModelSpec, data: ImageDataset, batchSize: Int, iterations: Int
  ) throws -> Latency {
    let net = try Network(spec: spec)
    net.initialize(seed: 1)
    BLAS.setThreadsForCurrentThread(1)
    let x = Tensor(zeros: spec.input.batch(batchSize))
    InputEncoder.fill(x, labels: nil, from: data, indices: 0..<batchSize, preprocessing: spec.preprocessing)
    for _ in 0..<20 { net.forward(x, training: false) }
    var times: [Double] = []
    times.reserveCapacity(iterations)
    for _ in 0..<iterations {
      let t0 = now()
      net.forward(x, training: false)
      times.append((now() - t0) * 1000)
    }
    return Latency(samples: times)
  }

  /// Images per second of batched inference over `data`, data-parallel over `threads`.
  /// One figure per round (a pass over the whole set): see `Spread`.
  public static func inferenceThroughput(
    spec: ModelSpec, data: ImageDataset, batchSize: Int, threads: Int, rounds: Int = 3
  ) throws -> Spread {
    let net = try Network(spec: spec)
    net.initialize(seed: 1)
    let evaluator = try Evaluator(network: net, threads: threads)
    _ = evaluator.evaluate(on: data, batchSize: batchSize)
    var rates: [Double] = []
    for _ in 0..<max(1, rounds) {
      let t0 = now()
      _ = evaluator.evaluate(on: data, batchSize: batchSize)
      rates.append(Double(data.count) / (now() - t0))
    }
    return Spread(rates)
  }
}
