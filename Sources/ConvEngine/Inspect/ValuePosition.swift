/// Where an explained value sits in the last forward pass: layer, sample, channel, row, column.
public struct ValuePosition: Sendable, Hashable, CustomStringConvertible {
  /// Index into `network.layers`; `network.layers.count` stands for the class probabilities.
  public var layer: Int
  /// The layer's name (`C3`, `conv2`), or `probabilities`.
  public var layerName: String
  public var sample: Int
  /// Map (conv, pooling, LRN), unit (FC) or class (RBF, probabilities).
  public var channel: Int
  public var y: Int
  public var x: Int
  /// Whether the layer's maps are 1×1 (FC units, C5's maps, class scores).
  public var isVector: Bool

  public init(layer: Int, layerName: String, sample: Int, channel: Int, y: Int, x: Int, isVector: Bool) {
    self.layer = layer
    self.layerName = layerName
    self.sample = sample
    self.channel = channel
    self.y = y
    self.x = x
    self.isVector = isVector
  }

  /// "C3 map 6 at row 4, col 4" or "F6 unit 12".
  public var description: String {
    if isVector { return "\(layerName) unit \(channel)" }
    return "\(layerName) map \(channel) at row \(y), col \(x)"
  }
}
