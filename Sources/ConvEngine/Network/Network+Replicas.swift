import Dispatch

extension Network {
  /// Runs `body(i)` for each data-parallel replica, one thread each, with single-threaded
  /// sgemm per replica; a lone network instead gives sgemm its `intraOpThreads` (AlexNet).
  /// Training and evaluation share this, so both use the cores the same way.
  static func forEachReplica(_ replicas: [Network], _ body: @escaping @Sendable (Int) -> Void) {
    if replicas.count == 1 {
      BLAS.setThreadsForCurrentThread(replicas[0].intraOpThreads)
      body(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: replicas.count) { r in
        BLAS.setThreadsForCurrentThread(1)
        body(r)
      }
    }
  }
}
