/// Something wrong in an asciicast file, with the line it is on (1 is the header).
public struct AsciicastProblem: Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var message: String

  public init(line: Int, _ message: String) {
    self.line = line
    self.message = message
  }

  public var description: String { "line \(line): \(message)" }
}
