import CKernels
import Dispatch

/// Spreads a layer's loops over cores for large networks (AlexNet), where one image's work is
/// big enough to split. LeNet-5 instead trains one replica per core (see `Trainer`).
public enum Parallel {
  /// Calls `body(i)` for i in 0..<count, on up to `threads` threads; iterations must touch
  /// disjoint memory.
  @inline(__always)
  public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    if threads <= 1 || count <= 1 {
      for i in 0..<count { body(i) }
      return
    }
    withoutActuallyEscaping(body) { body in
      guard useTeam else {
        let work = Unsafe(body)
        DispatchQueue.concurrentPerform(iterations: count) { i in work.value(i) }
        return
      }
      // On oneDNN's OpenMP team (see `ck_team_for` for why not Dispatch's threads).
      var work = body
      withUnsafeMutablePointer(to: &work) { context in
        ck_team_for(count, Int32(min(threads, count)), { context, i in
          context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(i)
        }, context)
      }
    }
  }

  /// Whether `forEach` runs on the OpenMP team (everywhere but ThreadSanitizer builds).
  static let useTeam = ck_team_available() != 0

  /// A `chunks` grain for loops over planes of `planeSize` values: at least ~16k values a
  /// thread, since splitting less costs more than it saves (LRN, pooling).
  public static func planeGrain(_ planeSize: Int) -> Int { max(1, 16_384 / max(planeSize, 1)) }

  /// Calls `body(range)` on about `threads` contiguous pieces of 0..<count (each at least `grain`).
  @inline(__always)
  public static func chunks(_ count: Int, threads: Int, grain: Int = 4096, _ body: (Range<Int>) -> Void) {
    let pieces = max(1, min(threads, count / max(grain, 1)))
    if pieces == 1 {
      body(0..<count)
      return
    }
    forEach(pieces, threads: pieces) { p in body((count * p / pieces)..<(count * (p + 1) / pieces)) }
  }
}

/// A layer whose loops can use several threads (set by `Network.intraOpThreads`).
public protocol MultithreadedLayer: AnyObject {
  var threads: Int { get set }
}

extension Activation {
  /// `forward` split across threads.
  public func forward(_ pre: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int, threads: Int) {
    Parallel.chunks(count, threads: threads) { r in
      forward(pre + r.lowerBound, out + r.lowerBound, count: r.count)
    }
  }

  /// `backward` split across threads.
  public func backward(out: UnsafePointer<Float>, dout: UnsafePointer<Float>, dpre: UnsafeMutablePointer<Float>,
                       count: Int, threads: Int) {
    Parallel.chunks(count, threads: threads) { r in
      backward(out: out + r.lowerBound, dout: dout + r.lowerBound, dpre: dpre + r.lowerBound, count: r.count)
    }
  }
}
