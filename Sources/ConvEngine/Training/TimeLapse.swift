import Foundation

/// A run's history in pictures: the first conv layer's kernels and a fixed input's maps in
/// that layer, kept every `every` steps within a fixed memory budget, so a student can scrub
/// back and see when a filter formed.
///
/// Thinning: when one more frame would pass the budget, `every` doubles and only the frames
/// at multiples of the new `every` stay (the first frame always stays). Frames are then at
/// most twice as far apart as before, evenly spread over the whole run, and a run of any
/// length fits: the memory is `capacity` frames however many steps it takes.
public struct TimeLapse: Sendable, Equatable {
  /// One snapshot.
  public struct Frame: Sendable, Equatable {
    /// Optimiser steps done when it was taken (0: the initial weights).
    public var step: Int
    /// `kernelCount` planes of `kernelSize`×`kernelSize`: each kernel's mean over its input
    /// channels (the Train screen's picture of a filter). Flat, plane after plane.
    public var kernels: [Float]
    /// `mapCount` planes of `mapSide`×`mapSide`: the fixed input's first-layer maps.
    public var maps: [Float]

    public init(step: Int, kernels: [Float], maps: [Float]) {
      self.step = step
      self.kernels = kernels
      self.maps = maps
    }
  }

  /// The layer pictured (`C1`, `conv1`).
  public let layer: String
  public let kernelCount: Int
  public let kernelSize: Int
  public let mapCount: Int
  public let mapSide: Int
  /// Steps between kept frames (doubles at each thinning).
  public private(set) var every: Int
  /// Bytes the frames may take in all.
  public let budgetBytes: Int
  public internal(set) var frames: [Frame] = []

  /// The default budget: 8 MiB holds 432 LeNet-5 frames (6 kernels of 5×5 and 6 maps of 28×28).
  public static let defaultBudget = 8 << 20
  /// Maps kept per frame at most (AlexNet's conv1 has 96; the Train screen shows 16).
  public static let mapLimit = 16

  public init(layer: String, kernelCount: Int, kernelSize: Int, mapCount: Int, mapSide: Int, every: Int = 10,
              budgetBytes: Int = TimeLapse.defaultBudget) {
    self.layer = layer
    self.kernelCount = kernelCount
    self.kernelSize = kernelSize
    self.mapCount = mapCount
    self.mapSide = mapSide
    self.every = max(1, every)
    self.budgetBytes = budgetBytes
  }

  /// Floats in one frame's pictures.
  public var kernelValues: Int { kernelCount * kernelSize * kernelSize }
  public var mapValues: Int { mapCount * mapSide * mapSide }
  /// Bytes one frame takes.
  public var frameBytes: Int { (kernelValues + mapValues) * MemoryLayout<Float>.stride }
  /// Frames the budget holds (at least two: the start and one more).
  public var capacity: Int { max(2, budgetBytes / max(1, frameBytes)) }

  /// Whether a frame for `step` would be kept (the first one always is).
  public func wants(step: Int) -> Bool {
    guard let last = frames.last else { return true }
    return step > last.step && step % every == 0
  }

  /// Keeps `frame` (when `wants` it), thinning older frames to stay within the budget.
  public mutating func record(_ frame: Frame) {
    // Frames come from the recorder's own network; a time-lapse file read back is checked
    // count by count in `init(file:source:)`, and `resume` ignores one for another layer.
    precondition(frame.kernels.count == kernelValues && frame.maps.count == mapValues,
                 "a \(layer) frame has \(kernelValues) kernel and \(mapValues) map values")
    guard wants(step: frame.step) else { return }
    frames.append(frame)
    while frames.count > capacity { thin() }
  }

  /// Doubles `every` and drops the frames between its new multiples.
  mutating func thin() {
    every *= 2
    let first = frames.first?.step
    frames.removeAll { $0.step != first && $0.step % every != 0 }
  }

  /// The index of the frame shown at `step`: the last one taken at or before it (0 when
  /// `step` precedes them all). Nil when there are no frames.
  public func frameIndex(atOrBefore step: Int) -> Int? {
    guard !frames.isEmpty else { return nil }
    return frames.lastIndex { $0.step <= step } ?? 0
  }

  /// The largest |kernel value| in any frame: one symmetric scale for the whole time-lapse,
  /// so growing weights look like growing weights.
  public var kernelRange: Float {
    frames.reduce(0) { m, f in f.kernels.reduce(m) { max($0, abs($1)) } }
  }
}

extension TimeLapse {
  /// The time-lapse layout for `network`'s first conv layer (nil when it has none), with
  /// at most `mapLimit` maps when the layer's maps are square.
  public init?(network: Network, every: Int = 10, budgetBytes: Int = TimeLapse.defaultBudget) {
    guard let index = Self.firstConvIndex(of: network), case .conv(let conv) = network.layers[index].spec.kind
    else { return nil }
    let out = network.layers[index].outputShape
    let square = index == 0 && out.h == out.w
    self.init(layer: network.layers[index].spec.name, kernelCount: conv.outChannels, kernelSize: conv.kernel,
              mapCount: square ? min(Self.mapLimit, out.c) : 0, mapSide: square ? out.h : 0, every: every,
              budgetBytes: budgetBytes)
  }

  /// The first conv layer's position in `network`.
  public static func firstConvIndex(of network: Network) -> Int? {
    network.layers.firstIndex { layer in
      if case .conv = layer.spec.kind, let w = layer.parameters.first, w.dims.count == 4 { return true }
      return false
    }
  }

  /// The first conv layer's kernels as they are now, one plane per filter: the mean over
  /// input channels (flat `out × k × k`). Nil when the network has no conv layer.
  public static func kernelPlanes(of network: Network) -> [Float]? {
    guard let index = firstConvIndex(of: network), let weight = network.layers[index].parameters.first else { return nil }
    let (out, inC, k) = (weight.dims[0], weight.dims[1], weight.dims[2] * weight.dims[3])
    let w = weight.value.pointer  // [out, in, kh, kw]
    var planes = [Float](repeating: 0, count: out * k)  // [out, kh, kw]
    for o in 0..<out {
      for c in 0..<inC {
        for i in 0..<k { planes[o * k + i] += w[(o * inC + c) * k + i] / Float(inC) }
      }
    }
    return planes
  }
}
