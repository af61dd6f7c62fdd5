/// How one pooling output comes about: the window it reads, then the maximum (and which
/// cell won), the average, or LeNet-5's coefficient × sum + bias through the squashing.
public struct PoolExplanation: LayerExplanation {
  public enum Kind: String, Sendable, Hashable {
    case max
    case average
    /// LeNet-5's trainable sub-sampling (S2, S4).
    case subsampling
    /// torchvision AlexNet's adaptive average pooling.
    case adaptiveAverage
  }

  public var position: ValuePosition
  public var kind: Kind
  public var inputName: String
  public var inputShape: Shape
  /// The window in input coordinates.
  public var rows: ClosedRange<Int>
  public var cols: ClosedRange<Int>
  public var stride: Int
  /// The window's values, row-major (rows.count × cols.count).
  public var values: [Double]
  /// Max pooling: index in `values` of the first largest value (scan order, as the engine).
  public var winner: Int?
  /// Max pooling: the index the engine's argmax recorded, as an index in `values`.
  public var engineWinner: Int?
  /// Σ values.
  public var sum: Double
  /// Sub-sampling only: the map's trainable coefficient and bias, and coefficient·sum + bias.
  public var coefficient: Double?
  public var bias: Double?
  public var preActivation: Double?
  public var enginePreActivation: Float?
  public var activation: Activation
  public var output: Double
  public var engineOutput: Float

  public var recomputed: Double { output }
  public var engineValue: Float { engineOutput }
  public var windowWidth: Int { cols.count }

  /// The winning cell in input coordinates (max pooling).
  public var winnerPosition: (row: Int, col: Int)? {
    winner.map { (rows.lowerBound + $0 / windowWidth, cols.lowerBound + $0 % windowWidth) }
  }

  public var comparisons: [ValueComparison] {
    var list: [ValueComparison] = []
    if let preActivation, let enginePreActivation {
      list.append(ValueComparison(name: "pre-activation", recomputed: preActivation, engine: enginePreActivation))
    }
    if let winner, let engineWinner {
      list.append(ValueComparison(name: "winner index", recomputed: Double(winner), engine: Float(engineWinner)))
    }
    list.append(ValueComparison(name: "output", recomputed: output, engine: engineOutput))
    return list
  }
}
