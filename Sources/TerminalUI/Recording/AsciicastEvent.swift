import Foundation

/// One line after an asciicast v2 header: `[time, code, data]`.
public struct AsciicastEvent: Sendable, Equatable {
  /// What happened. v2 defines output, input, markers and resizes.
  public enum Code: String, Sendable, CaseIterable {
    /// Text the program wrote to the terminal.
    case output = "o"
    /// Text typed at the terminal (recorded only when asked; convscope never records keys).
    case input = "i"
    /// A marker (a named point, e.g. a chapter).
    case marker = "m"
    /// The terminal changed size; data is "COLUMNSxROWS".
    case resize = "r"
  }

  /// Seconds since the recording started.
  public var time: Double
  public var code: Code
  public var data: String

  public init(time: Double, code: Code, data: String) {
    self.time = time
    self.code = code
    self.data = data
  }

  /// The size a resize event names, if its data is well formed ("120x40").
  public var resizedTo: Size? {
    guard code == .resize else { return nil }
    let parts = data.split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else { return nil }
    return Size(width: w, height: h)
  }

  /// The event as one line of JSON (no newline).
  public var jsonLine: String {
    "[" + Self.timeText(time) + ", \"" + code.rawValue + "\", " + JSONValue.quoted(data) + "]"
  }

  /// Seconds with microsecond precision, as asciinema writes them.
  static func timeText(_ seconds: Double) -> String {
    String(format: "%.6f", seconds)
  }
}
