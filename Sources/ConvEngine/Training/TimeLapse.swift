import Foundation

/// A run's history in pictures: the first conv layer's kernels and a fixed input's maps at
/// chosen layers (by default the first two conv layers), kept every `every` steps within a
/// fixed memory budget, so a student can scrub back and see when a filter formed, and when
/// the deeper maps it feeds took shape.
///
/// Thinning: when one more frame would pass the budget, `every` doubles and only the frames
/// at multiples of the new `every` stay (the first frame always stays). Frames are then at
/// most twice as far apart as before, evenly spread over the whole run, and a run of any
/// length fits: the memory is `capacity` frames however many steps it takes.
public struct TimeLapse: Sendable, Equatable {
  /// A layer whose maps each frame keeps: `count` square maps `side` values wide.
  public struct MapLayer: Sendable, Equatable {
    /// The layer's name in the model (`C3`, `conv2`), as Explore names it.
    public var name: String
    public var count: Int
    public var side: Int

    public init(name: String, count: Int, side: Int) {
      self.name = name
      self.count = count
      self.side = side
    }

    /// Floats in one frame's maps of this layer.
    public var values: Int { count * side * side }
  }

  /// One snapshot.
  public struct Frame: Sendable, Equatable {
    /// Optimiser steps done when it was taken (0: the initial weights).
    public var step: Int
    /// `kernelCount` planes of `kernelSize`×`kernelSize`: each kernel's mean over its input
    /// channels (the Train screen's picture of a filter). Flat, plane after plane.
    public var kernels: [Float]
    /// One entry per map layer (in `mapLayers` order): its `count` planes of `side`×`side`
    /// for the fixed input, flat, plane after plane.
    public var maps: [[Float]]

    public init(step: Int, kernels: [Float], maps: [[Float]]) {
      self.step = step
      self.kernels = kernels
      self.maps = maps
    }
  }

  /// The layer whose kernels are pictured (`C1`, `conv1`).
  public let layer: String
  public let kernelCount: Int
  public let kernelSize: Int
  /// The layers whose maps are kept, shallowest first.
  public let mapLayers: [MapLayer]
  /// Steps between kept frames (doubles at each thinning).
  public private(set) var every: Int
  /// Bytes the frames may take in all.
  public let budgetBytes: Int
  public internal(set) var frames: [Frame] = []

  /// The default budget: 8 MiB holds 324 LeNet-5 frames (6 kernels of 5×5, 6 C1 maps of
  /// 28×28 and 16 C3 maps of 10×10).
  public static let defaultBudget = 8 << 20
  /// Maps kept per layer and frame at most (AlexNet's conv1 has 96; the screens show 16).
  public static let mapLimit = 16

  public init(layer: String, kernelCount: Int, kernelSize: Int, mapLayers: [MapLayer], every: Int = 10,
              budgetBytes: Int = TimeLapse.defaultBudget) {
    self.layer = layer
    self.kernelCount = kernelCount
    self.kernelSize = kernelSize
    self.mapLayers = mapLayers
    self.every = max(1, every)
    self.budgetBytes = budgetBytes
  }

  /// Floats in one frame's pictures.
  public var kernelValues: Int { kernelCount * kernelSize * kernelSize }
  public var mapValues: Int { mapLayers.reduce(0) { $0 + $1.values } }
  /// Bytes one frame takes.
  public var frameBytes: Int { (kernelValues + mapValues) * MemoryLayout<Float>.stride }
  /// Frames the budget holds (at least two: the start and one more).
  public var capacity: Int { max(2, budgetBytes / max(1, frameBytes)) }

  /// The position of the map layer called `name` in `mapLayers`.
  public func mapLayerIndex(named name: String) -> Int? { mapLayers.firstIndex { $0.name == name } }

  /// Whether a frame for `step` would be kept (the first one always is).
  public func wants(step: Int) -> Bool {
    guard let last = frames.last else { return true }
    return step > last.step && step % every == 0
  }

  /// Whether `frame` has this time-lapse's counts (the kernels and every map layer's maps).
  public func fits(_ frame: Frame) -> Bool {
    frame.kernels.count == kernelValues && frame.maps.map(\.count) == mapLayers.map(\.values)
  }

  /// Keeps `frame` (when `wants` it), thinning older frames to stay within the budget.
  public mutating func record(_ frame: Frame) {
    // Frames come from the recorder's own network; a time-lapse file read back is checked
    // count by count in `init(file:source:)`, and `resume` ignores one of another layout.
    precondition(fits(frame), "a \(layer) frame has \(kernelValues) kernel values and maps of \(mapLayers.map(\.values))")
    guard wants(step: frame.step) else { return }
    frames.append(frame)
    while frames.count > capacity { thin() }
  }

  /// Doubles `every` and drops the frames between its new multiples.
  mutating func thin() {
    // A spacing past Int.max keeps the first frame alone (and one at Int.max): thinning ends.
    let (doubled, overflow) = every.multipliedReportingOverflow(by: 2)
    every = overflow ? Int.max : doubled
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
  /// The time-lapse layout for `network`: its first conv layer's kernels, and the maps of the
  /// layers at `mapLayers` (positions in `network.layers`; by default `defaultMapLayers`), at
  /// most `mapLimit` maps each. Nil when the network has no conv layer.
  public init?(network: Network, mapLayers: [Int]? = nil, every: Int = 10, budgetBytes: Int = TimeLapse.defaultBudget) {
    guard let index = Self.firstConvIndex(of: network), case .conv(let conv) = network.layers[index].spec.kind
    else { return nil }
    let kept = (mapLayers ?? Self.defaultMapLayers(of: network)).filter { Self.hasMaps(network.layers[$0]) }
    self.init(
      layer: network.layers[index].spec.name, kernelCount: conv.outChannels, kernelSize: conv.kernel,
      mapLayers: kept.map { i in
        let out = network.layers[i].outputShape
        return MapLayer(name: network.layers[i].spec.name, count: min(Self.mapLimit, out.c), side: out.h)
      }, every: every, budgetBytes: budgetBytes)
  }

  /// The first conv layer's position in `network`.
  public static func firstConvIndex(of network: Network) -> Int? {
    convIndices(of: network).first
  }

  /// Every conv layer's position in `network`.
  static func convIndices(of network: Network) -> [Int] {
    network.layers.indices.filter { i in
      if case .conv = network.layers[i].spec.kind, let w = network.layers[i].parameters.first, w.dims.count == 4 { return true }
      return false
    }
  }

  /// Whether `layer` makes pictures a time-lapse can keep: square maps more than one value wide
  /// (not a vector, not LeNet-5's 1×1 C5).
  static func hasMaps(_ layer: any Layer) -> Bool {
    let out = layer.outputShape
    return out.h == out.w && out.h > 1
  }

  /// The layers whose maps a time-lapse keeps unless told otherwise: the first two conv
  /// layers with maps (C1 and C3 in LeNet-5, conv1 and conv2 in AlexNet): where edges form,
  /// and the first layer that combines them.
  public static func defaultMapLayers(of network: Network) -> [Int] {
    Array(convIndices(of: network).filter { hasMaps(network.layers[$0]) }.prefix(2))
  }

  /// The positions of the layers `names` choose (`all`: every conv layer with maps), or a
  /// message naming the model and what it has when one is not a layer with maps.
  public static func mapLayers(named names: [String], in network: Network) throws -> [Int] {
    let withMaps = network.layers.indices.filter { hasMaps(network.layers[$0]) }
    let choices = withMaps.map { network.layers[$0].spec.name }.joined(separator: ", ")
    if names == ["all"] { return convIndices(of: network).filter { hasMaps(network.layers[$0]) } }
    var chosen: [Int] = []
    for name in names {
      guard let i = network.layerIndex(named: name) else {
        throw EngineError(network.spec.name, "has no layer \"\(name)\" (layers with maps: \(choices), or all)")
      }
      guard hasMaps(network.layers[i]) else {
        throw EngineError(network.spec.name, "layer \(name) has no maps to keep (layers with maps: \(choices), or all)")
      }
      if !chosen.contains(i) { chosen.append(i) }
    }
    return chosen.sorted()
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
