/// Which input maps feed which output maps of a convolution (LeNet-5's C3).
public struct ConnectionTable: Sendable, Hashable {
  public let outputs: Int
  public let inputs: Int
  /// Row-major [output][input].
  public let connected: [Bool]

  public init(outputs: Int, inputs: Int, connected: [Bool]) {
    // A programmer's invariant: tables are written in code (LeNet-5's Table I); no file or
    // argument makes one.
    precondition(connected.count == outputs * inputs)
    self.outputs = outputs
    self.inputs = inputs
    self.connected = connected
  }

  public func isConnected(output: Int, input: Int) -> Bool { connected[output * inputs + input] }

  /// Input maps feeding one output map.
  public func inputs(of output: Int) -> [Int] { (0..<inputs).filter { isConnected(output: output, input: $0) } }

  /// Number of (output, input) kernels that exist.
  public var connectionCount: Int { connected.filter { $0 }.count }

  /// Table I of LeCun et al. 1998: which S2 maps feed each of the 16 C3 maps.
  ///
  /// Maps 0–5 read three contiguous S2 maps, 6–11 four contiguous, 12–14 four
  /// non-contiguous, and 15 all six (60 kernels in all).
  public static let leNet5C3: ConnectionTable = {
    let byOutput: [[Int]] = [
      [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 0], [5, 0, 1],
      [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 0], [4, 5, 0, 1], [5, 0, 1, 2],
      [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
      [0, 1, 2, 3, 4, 5],
    ]
    var c = [Bool](repeating: false, count: 16 * 6)
    for (o, ins) in byOutput.enumerated() { for i in ins { c[o * 6 + i] = true } }
    return ConnectionTable(outputs: 16, inputs: 6, connected: c)
  }()

  /// The table drawn as in the paper (rows = input maps, columns = output maps).
  public var diagram: String {
    var lines = ["     " + (0..<outputs).map { String(format2($0)) }.joined()]
    for i in 0..<inputs {
      lines.append("in\(i)  " + (0..<outputs).map { isConnected(output: $0, input: i) ? " X " : " · " }.joined())
    }
    return lines.joined(separator: "\n")
  }

  private func format2(_ v: Int) -> String { v < 10 ? " \(v) " : "\(v) " }
}
