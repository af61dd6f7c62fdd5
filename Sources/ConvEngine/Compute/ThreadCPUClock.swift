import Foundation

/// CPU time the calling thread has used. Unlike the wall clock it does not grow while the
/// thread waits for a core, so a bound on it holds on a loaded shared machine: the frame-cost
/// benchmark reports it, and the parsers' linear-time tests bound it.
public enum ThreadCPUClock {
  /// Seconds of CPU this thread has used so far.
  public static func seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  /// Seconds of this thread's CPU that `body` used.
  public static func seconds(of body: () throws -> Void) rethrows -> Double {
    let start = seconds()
    try body()
    return seconds() - start
  }
}
