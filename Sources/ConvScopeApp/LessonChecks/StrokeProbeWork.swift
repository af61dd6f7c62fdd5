/// Asks the engine how every map of a LeNet-5 layer answers a horizontal and a vertical bar
/// (the `stroke-map` check), on the model's shipped weights.
public struct StrokeProbeRequest: Equatable, Sendable {
  public var model: String
  public var layer: String

  public init(model: String, layer: String) {
    self.model = model
    self.layer = layer
  }
}

/// Runs stroke probes on the engine runner's thread: three forward passes of the shipped
/// network (a blank 28×28 canvas, a horizontal bar, the same bar turned upright) through the
/// Explore screen's network cache, then per map the summed rise over the blank input.
enum StrokeProbeWork {
  /// The bar: `thickness` rows of full ink, `length` columns long, centred on the canvas
  /// (about the size of a stroke of an MNIST digit).
  static let length = 16
  static let thickness = 3

  static func perform(_ request: StrokeProbeRequest, networks: NetworkCache) throws -> StrokeProbe {
    func maps(_ pixels: [UInt8]) throws -> ExploreLayerTrace {
      let trace = try networks.trace(model: request.model, input: .drawing(pixels))
      guard let layer = trace.layers.first(where: { $0.name == request.layer }) else {
        throw StrokeProbeError(problem: "\(request.model) has no layer \(request.layer)")
      }
      return layer
    }
    let blank = try maps(bar(nil))
    let horizontal = try maps(bar(.horizontal))
    let vertical = try maps(bar(.vertical))
    return StrokeProbe(model: request.model, layer: request.layer,
                       horizontal: rise(horizontal, over: blank), vertical: rise(vertical, over: blank))
  }

  /// A 28×28 canvas (values 0…255, row-major) with a centred bar, or blank for nil.
  static func bar(_ stroke: Stroke?) -> [UInt8] {
    let side = ExploreCanvas.side
    var pixels = [UInt8](repeating: 0, count: side * side)  // [28, 28]
    guard let stroke else { return pixels }
    let along = (side - length) / 2
    let across = (side - thickness) / 2
    for a in along..<(along + length) {
      for b in across..<(across + thickness) {
        let (y, x) = stroke == .horizontal ? (b, a) : (a, b)
        pixels[y * side + x] = 255
      }
    }
    return pixels
  }

  /// Per map, the sum of how far each value rises above the same position's value for the
  /// blank input (falls count as nothing).
  static func rise(_ layer: ExploreLayerTrace, over blank: ExploreLayerTrace) -> [Float] {
    let plane = layer.height * layer.width
    return (0..<layer.channels).map { c in
      var sum: Float = 0
      for i in c * plane..<(c + 1) * plane { sum += max(0, layer.values[i] - blank.values[i]) }
      return sum
    }
  }
}

struct StrokeProbeError: Error, CustomStringConvertible {
  var problem: String
  var description: String { problem }
}
