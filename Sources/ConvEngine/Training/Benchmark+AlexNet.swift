import Foundation

extension Benchmark {
  /// Per-layer forward (and backward) time of one model, in milliseconds per call.
  public struct LayerTime: Sendable, Codable, Hashable {
    public var layer: String
    public var forwardMilliseconds: Double
    public var backwardMilliseconds: Double
  }

  /// GB/s at which `row`'s layer read its weights in a batch-1 forward pass taking
  /// `milliseconds`, when it is bound by memory there: at most one multiply-add per weight (a
  /// fully connected layer), so its few % of the sgemm peak say little. nil for other layers.
  public static func weightReadRate(_ row: ShapeRow, milliseconds: Double) -> Double? {
    guard row.parameters > 0, row.macs <= row.parameters, milliseconds > 0 else { return nil }
    return Double(4 * row.parameters) / (milliseconds / 1000) / 1e9
  }

  /// Forward latency of a batch-1 pass (both cores for sgemm), with the per-layer split.
  public static func forwardProfile(spec: ModelSpec, input: Tensor, iterations: Int, threads: Int)
    throws -> (latency: Latency, layers: [LayerTime])
  {
    let net = try Network(spec: spec)
    net.initialize(seed: 1)
    net.intraOpThreads = threads
    BLAS.setThreadsForCurrentThread(threads)
    for _ in 0..<3 { net.forward(input, training: false) }
    var times: [Double] = []
    net.profiling = true
    for _ in 0..<iterations {
      let t0 = now()
      net.forward(input, training: false)
      times.append((now() - t0) * 1000)
    }
    let layers = zip(net.layers, net.forwardSeconds).map {
      LayerTime(layer: $0.spec.name, forwardMilliseconds: $1 * 1000 / Double(iterations), backwardMilliseconds: 0)
    }
    return (Latency(samples: times), layers)
  }

  /// Training images/s on random inputs of the model's size, with per-layer times per step.
  public static func trainingProfile(spec: ModelSpec, batchSize: Int, threads: Int, steps: Int)
    throws -> (imagesPerSecond: Double, layers: [LayerTime], spread: Spread)
  {
    let net = try Network(spec: spec)
    net.initialize(seed: 1)
    net.intraOpThreads = threads
    BLAS.setThreadsForCurrentThread(threads)
    var rng = SplitMix64(seed: 3)
    let x = Tensor(zeros: spec.input.batch(batchSize))
    for i in 0..<x.count { x.pointer[i] = rng.uniform(-2, 2) }
    let labels = (0..<batchSize).map { Int32($0 % spec.classes) }
    var sgd = SGD(learningRate: 1e-4, momentum: 0.9, weightDecay: 5e-4)
    let dscores = Tensor(zeros: Shape(n: batchSize, c: spec.classes, h: 1, w: 1))
    func step() {
      let scores = net.forward(x, training: true)
      labels.withUnsafeBufferPointer { lab in
        _ = Trainer.loss(scores: scores, labels: lab, head: spec.head, total: batchSize, dscores: dscores)
      }
      net.backward(dscores)
      sgd.step(net.parameters, threads: threads, clearingGradients: true)
    }
    step()
    net.profiling = true
    var rates: [Double] = []
    let t0 = now()
    for _ in 0..<steps {
      let s0 = now()
      step()
      rates.append(Double(batchSize) / (now() - s0))
    }
    let seconds = now() - t0
    let layers = net.layers.indices.map {
      LayerTime(layer: net.layers[$0].spec.name, forwardMilliseconds: net.forwardSeconds[$0] * 1000 / Double(steps),
                backwardMilliseconds: net.backwardSeconds[$0] * 1000 / Double(steps))
    }
    return (Double(steps * batchSize) / seconds, layers, Spread(rates))
  }

  /// Peak resident memory of this process so far, in bytes.
  public static var peakResidentBytes: Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
  }
}
