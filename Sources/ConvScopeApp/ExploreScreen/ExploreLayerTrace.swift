/// One layer's output for sample 0: shape, values and ranges, plus its kernels if it is a
/// convolution.
public struct ExploreLayerTrace: Equatable, Sendable {
  /// The paper's name ("C3", "conv1"), or "input".
  public var name: String
  /// "conv", "subsample", "maxpool", "lrn", "fc", "rbf", …
  public var kind: String
  public var channels: Int
  public var height: Int
  public var width: Int
  /// Row-major per channel: `channels × height × width` values.
  public var values: [Float]
  /// Each map's smallest and largest value.
  public var mapMin: [Float]
  public var mapMax: [Float]
  public var min: Float
  public var max: Float
  /// Conv layers: each filter's kernel averaged over its input channels (`channels` of
  /// `kernelSize²`), or per-filter RGB when the layer reads 3 channels (`kernelChannels`).
  public var kernels: [Float]
  public var kernelSize: Int
  public var kernelChannels: Int
  /// Conv layers: how many k×k kernels the layer really has (C3: the 60 Table I keeps), the
  /// input maps each filter reads, and the groups.
  public var kernelCount = 0
  public var connections: [[Int]] = []
  public var groups = 1
  /// Conv layers with few inputs: every kernel, [out][connections[out]] planes of k×k, so the
  /// kernel view can draw the whole out × in matrix (Table I's gaps left blank).
  public var fullKernels: [Float] = []
  /// On a training run's weights: d(loss)/d(this layer's output), shaped like `values`
  /// (empty otherwise, and for the input).
  public var gradient: [Float] = []

  public init(
    name: String, kind: String, channels: Int, height: Int, width: Int, values: [Float],
    kernels: [Float] = [], kernelSize: Int = 0, kernelChannels: Int = 0
  ) {
    self.name = name
    self.kind = kind
    self.channels = channels
    self.height = height
    self.width = width
    self.values = values
    let plane = height * width
    var lows: [Float] = []
    var highs: [Float] = []
    for c in 0..<channels {
      let slice = values[c * plane..<(c + 1) * plane]
      lows.append(slice.min() ?? 0)
      highs.append(slice.max() ?? 0)
    }
    self.mapMin = lows
    self.mapMax = highs
    self.min = lows.min() ?? 0
    self.max = highs.max() ?? 0
    self.kernels = kernels
    self.kernelSize = kernelSize
    self.kernelChannels = kernelChannels
  }

  /// Whether values of both signs occur (the map is drawn diverging, centred on 0).
  public var isSigned: Bool { min < 0 && max > 0 }

  /// Whether each channel is a single unit (FC layers, the output).
  public var isVector: Bool { height == 1 && width == 1 }

  /// The shape as shown in the strip, e.g. "16×10×10" or "120".
  public var shapeText: String { isVector ? "\(channels)" : "\(channels)×\(height)×\(width)" }

  /// The values of map `channel`.
  public func map(_ channel: Int) -> ArraySlice<Float> {
    let plane = height * width
    guard channel >= 0, channel < channels else { return [] }
    return values[channel * plane..<(channel + 1) * plane]
  }

  /// The gradient of map `channel` (empty when there is none).
  public func gradientMap(_ channel: Int) -> ArraySlice<Float> {
    let plane = height * width
    guard channel >= 0, channel < channels, gradient.count == values.count else { return [] }
    return gradient[channel * plane..<(channel + 1) * plane]
  }

  /// The value at (channel, y, x), nil outside the layer.
  public func value(channel: Int, y: Int, x: Int) -> Float? {
    guard (0..<channels).contains(channel), (0..<height).contains(y), (0..<width).contains(x) else { return nil }
    return values[(channel * height + y) * width + x]
  }
}
