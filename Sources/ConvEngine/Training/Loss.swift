import Foundation

/// Result of a loss on one batch.
public struct LossResult: Sendable {
  /// Sum of per-sample losses (divide by the batch size for the mean).
  public var lossSum: Double
  /// Samples whose prediction equals the label.
  public var correct: Int
}

/// Loss functions: each writes d(mean loss)/d(scores) for a batch of `total` samples.
public enum Loss {
  /// Softmax cross-entropy on logits (N, K), with the fused gradient (p − onehot)/total.
  public static func softmaxCrossEntropy(
    logits: Tensor, labels: UnsafeBufferPointer<Int32>, total: Int, dlogits: Tensor?
  ) -> LossResult {
    let n = logits.shape.n, k = logits.shape.perSample
    var lossSum = 0.0, correct = 0
    let scale = 1 / Float(total)
    for s in 0..<n {
      let z = logits.pointer + s * k
      var m = z[0], arg = 0
      for i in 1..<k where z[i] > m { m = z[i]; arg = i }
      var sum: Float = 0
      for i in 0..<k { sum += Foundation.exp(z[i] - m) }
      let y = Int(labels[s])
      lossSum += Double(Foundation.log(sum) - (z[y] - m))
      if arg == y { correct += 1 }
      if let d = dlogits?.pointer.advanced(by: s * k) {
        for i in 0..<k { d[i] = Foundation.exp(z[i] - m) / sum * scale }
        d[y] -= scale
      }
    }
    return LossResult(lossSum: lossSum, correct: correct)
  }

  /// LeNet-5's MAP criterion on RBF penalties y (N, K) [LeCun 1998, Eq. 9]:
  /// E = y_D + log(e^−j + Σ_i e^−y_i). It pulls the correct penalty down (as plain MSE
  /// would) and pushes wrong classes' penalties up once they fall below about j,
  /// so the prototypes cannot all collapse together.
  public static func rbfMAP(
    penalties: Tensor, labels: UnsafeBufferPointer<Int32>, j: Float, total: Int, dpenalties: Tensor?
  ) -> LossResult {
    let n = penalties.shape.n, k = penalties.shape.perSample
    var lossSum = 0.0, correct = 0
    let scale = 1 / Float(total)
    for s in 0..<n {
      let y = penalties.pointer + s * k
      var m = j, arg = 0
      for i in 0..<k where y[i] < m { m = y[i] }
      for i in 1..<k where y[i] < y[arg] { arg = i }
      // log(e^−j + Σ e^−y_i) = −m + log(e^−(j−m) + Σ e^−(y_i−m)), stable for large y.
      var z = Foundation.exp(-(j - m))
      for i in 0..<k { z += Foundation.exp(-(y[i] - m)) }
      let label = Int(labels[s])
      lossSum += Double(y[label] - m + Foundation.log(z))
      if arg == label { correct += 1 }
      if let d = dpenalties?.pointer.advanced(by: s * k) {
        for i in 0..<k { d[i] = -Foundation.exp(-(y[i] - m)) / z * scale }
        d[label] += scale
      }
    }
    return LossResult(lossSum: lossSum, correct: correct)
  }

  /// The predicted class of each sample: argmax for logits, argmin for RBF penalties.
  public static func predictions(scores: Tensor, head: OutputHead) -> [Int] {
    let n = scores.shape.n, k = scores.shape.perSample
    return (0..<n).map { s in
      let y = scores.pointer + s * k
      var best = 0
      for i in 1..<k {
        switch head {
        case .softmax: if y[i] > y[best] { best = i }
        case .rbf: if y[i] < y[best] { best = i }
        }
      }
      return best
    }
  }

  /// Class probabilities from scores: softmax of logits, or of −penalties for RBF outputs.
  public static func probabilities(scores: Tensor, head: OutputHead) -> [[Float]] {
    let n = scores.shape.n, k = scores.shape.perSample
    return (0..<n).map { s in
      let y = scores.pointer + s * k
      let z: [Float] = (0..<k).map { head == .softmax ? y[$0] : -y[$0] }
      let m = z.max() ?? 0
      let e = z.map { Foundation.exp($0 - m) }
      let sum = e.reduce(0, +)
      return e.map { $0 / sum }
    }
  }
}
