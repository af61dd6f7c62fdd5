import Dispatch

/// The system's monotonic clock in seconds: unaffected by changes of the wall time, so
/// recording and playback times never jump.
public enum MonotonicClock {
  public static func seconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }
}
