/// Order statistics of repeated measurements (times or rates): every benchmark in convscope
/// reports the same median and 99th percentile, computed here.
///
/// With an even count the median is the upper of the two middle values and the 99th
/// percentile is the value at index ⌊n·99/100⌋: no interpolation, so each figure is a time
/// that was really measured.
public struct Percentiles: Sendable, Hashable {
  public var min: Double
  public var median: Double
  public var p99: Double
  public var max: Double
  public var mean: Double

  /// The statistics of `samples`; all zero when there are none.
  public init(_ samples: [Double]) {
    let sorted = samples.sorted()
    guard let first = sorted.first, let last = sorted.last else {
      (min, median, p99, max, mean) = (0, 0, 0, 0, 0)
      return
    }
    min = first
    max = last
    median = sorted[sorted.count / 2]
    p99 = sorted[Swift.min(sorted.count - 1, sorted.count * 99 / 100)]
    mean = sorted.reduce(0, +) / Double(sorted.count)
  }
}
