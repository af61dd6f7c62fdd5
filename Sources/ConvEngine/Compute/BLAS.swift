import Foundation
import CDNNL

/// Dense matrix products through oneDNN's `dnnl_sgemm` (row-major).
///
/// Why oneDNN and not Debian's OpenBLAS 0.3.21: OpenBLAS misdetects this CPU and runs its
/// generic kernels unless `OPENBLAS_CORETYPE` is set before the library loads; oneDNN detects
/// AVX-512 itself. On LeNet-sized products it was also 1.5–3× faster here (README, "Speed").
public enum BLAS {
  /// C[M×N] = alpha·op(A)·op(B) + beta·C, all row-major.
  /// `transA`: A is stored K×M (lda ≥ M) instead of M×K (lda ≥ K); likewise `transB`.
  @inline(__always)
  public static func gemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      // dnnl rejects k = 0; the product is empty, so only the beta scaling remains.
      for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
      return
    }
    let status = dnnl_sgemm(
      CChar(UInt8(ascii: transA ? "T" : "N")), CChar(UInt8(ascii: transB ? "T" : "N")),
      Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
    // dnnl fails only for invalid sizes or leading dimensions, which the layers derive from
    // shapes `ModelSpec.row` has already checked; no input reaches a bad call.
    precondition(status == dnnl_success, "dnnl_sgemm failed (\(status)) for m=\(m) n=\(n) k=\(k)")
  }

  /// Limits oneDNN to `n` OpenMP threads for calls made from the current thread.
  ///
  /// Data-parallel training runs one replica per core, each calling sgemm with one thread;
  /// large single-image work (AlexNet) lets oneDNN use both cores instead.
  public static func setThreadsForCurrentThread(_ n: Int) {
    omp_set_num_threads(Int32(max(1, n)))
  }

  /// Runs `body` with oneDNN limited to `n` threads on this thread, then puts the limit back
  /// (the limit is per thread, and callers share threads with work that wants another one).
  public static func withThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
    let saved = threadsForCurrentThread
    setThreadsForCurrentThread(n)
    defer { setThreadsForCurrentThread(saved) }
    return try body()
  }

  /// The OpenMP thread count oneDNN would use from the current thread.
  public static var threadsForCurrentThread: Int { Int(omp_get_max_threads()) }

  /// "oneDNN 2.6.3 (sgemm)".
  public static var libraryDescription: String {
    guard let v = dnnl_version() else { return "oneDNN (sgemm)" }
    return "oneDNN \(v.pointee.major).\(v.pointee.minor).\(v.pointee.patch) (dnnl_sgemm)"
  }

  /// Cores this process may use.
  public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
