import Dispatch

/// Forward-only passes over a labelled set, split across data-parallel replicas.
public struct Evaluator: @unchecked Sendable {
  public let replicas: [Network]

  public init(replicas: [Network]) { self.replicas = replicas }

  /// The most images a small network (LeNet-5; not `splitsLayersAcrossCores`) takes in
  /// one forward pass here: its maps for 64 images (~4.5 MB) stay in cache from C1 to the
  /// scores better than 128's. Batch-256 inference on 2 threads, binaries alternated twice:
  /// 258,000–263,000 images a second in passes of 128, 278,000–290,000 in passes of 64
  /// (32: 277,000–286,000; 16: 269,000–279,000). The counts come out the same in any pass
  /// size; the loss may differ in its last digits (sgemm's order of sums can follow the rows).
  public static let smallNetworkPass = 64

  /// A network and `threads − 1` replicas sharing its weights.
  public init(network: Network, threads: Int) throws {
    var reps = [network]
    for r in 1..<max(1, threads) { reps.append(try network.replica(dropoutSeed: UInt64(r))) }
    replicas = reps
  }

  /// Accuracy, mean loss and confusion matrix on `data`, `batchSize` images a pass shared by
  /// the replicas (each runs its part, so a core's maps stay in its cache).
  public func evaluate(on data: ImageDataset, batchSize: Int = 500) -> Evaluation {
    evaluate(on: data, batchSize: batchSize, stopping: nil).evaluation
  }

  /// The same, asking `cancelled` before each batch: nil once it says yes (the images already
  /// classified are thrown away, so no partial accuracy is ever reported). A run being quit
  /// uses this: the full AlexNet's test pass takes minutes, and quitting waited for it.
  public func evaluate(on data: ImageDataset, batchSize: Int = 500, cancelled: @escaping @Sendable () -> Bool)
    -> Evaluation?
  {
    let result = evaluate(on: data, batchSize: batchSize, stopping: cancelled)
    return result.complete ? result.evaluation : nil
  }

  private func evaluate(on data: ImageDataset, batchSize: Int, stopping cancelled: (@Sendable () -> Bool)?)
    -> (evaluation: Evaluation, complete: Bool)
  {
    let spec = replicas[0].spec
    let k = spec.classes
    let small = !((try? spec.splitsLayersAcrossCores()) ?? false)
    let r = replicas.count
    var perReplica = [Evaluation](repeating: Evaluation(count: 0, correct: 0, loss: 0,
                                                        confusion: Array(repeating: Array(repeating: 0, count: k), count: k)),
                                  count: r)
    perReplica.withUnsafeMutableBufferPointer { buffer in
      let out = Unsafe(buffer)
      let reps = Unsafe(replicas)
      Network.forEachReplica(replicas) { index in
        let net = reps.value[index]
        // Each replica takes a contiguous share of the set, in batches.
        let lo = data.count * index / r, hi = data.count * (index + 1) / r
        // A batch is shared by the replicas, as a trained step's is: each runs its part of it,
        // a small network's in passes of at most `smallNetworkPass` images.
        let shared = max(1, (batchSize + r - 1) / r)
        let batchSize = small ? min(shared, Self.smallNetworkPass) : shared
        var x = Workspace()
        var labels = [Int32](repeating: 0, count: batchSize)
        var ev = out.value[index]
        var start = lo
        while start < hi {
          // A replica that stops leaves its count short of its share (see `complete` below).
          if let cancelled, cancelled() { break }
          let n = min(batchSize, hi - start)
          let input = x.tensor(spec.input.batch(n))
          labels.withUnsafeMutableBufferPointer { lab in
            InputEncoder.fill(input, labels: lab.baseAddress, from: data, indices: start..<(start + n),
                              preprocessing: spec.preprocessing)
            let scores = net.forward(input, training: false)
            let result = Trainer.loss(scores: scores, labels: UnsafeBufferPointer(rebasing: lab[0..<n]),
                                      head: spec.head, total: n, dscores: nil)
            ev.loss += result.lossSum
            ev.correct += result.correct
            for (s, p) in Loss.predictions(scores: scores, head: spec.head).enumerated() {
              let label = Int(lab[s])
              ev.confusion[label][p] += 1
              if p != label, ev.mistakes.count < Evaluation.keptMistakes {
                ev.mistakes.append(Evaluation.Mistake(index: start + s, label: label, predicted: p))
              }
            }
          }
          ev.count += n
          start += n
        }
        out.value[index] = ev
      }
    }
    var total = perReplica[0]
    for e in perReplica.dropFirst() {
      total.count += e.count
      total.correct += e.correct
      total.loss += e.loss
      // Replicas hold consecutive shares of the set, so appending keeps set order.
      total.mistakes += e.mistakes.prefix(max(0, Evaluation.keptMistakes - total.mistakes.count))
      for i in 0..<k { for j in 0..<k { total.confusion[i][j] += e.confusion[i][j] } }
    }
    total.loss /= Double(max(total.count, 1))
    // Every image was classified unless a replica stopped early.
    return (total, total.count == data.count)
  }
}
