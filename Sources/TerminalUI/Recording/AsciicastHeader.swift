import Foundation

/// The first line of an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/):
/// the terminal size the recording was made at, and optional facts about it.
public struct AsciicastHeader: Sendable, Equatable {
  /// Columns and rows of the recorded terminal.
  public var width: Int
  public var height: Int
  /// When the recording started, in seconds since 1970 (Unix time).
  public var timestamp: Int?
  /// Pauses longer than this many seconds are shortened to it on playback (players may override).
  public var idleTimeLimit: Double?
  public var title: String?
  public var command: String?
  /// Captured environment variables; the format suggests `TERM` and `SHELL`.
  public var env: [String: String]

  public init(
    width: Int, height: Int, timestamp: Int? = nil, idleTimeLimit: Double? = nil,
    title: String? = nil, command: String? = nil, env: [String: String] = [:]
  ) {
    self.width = width
    self.height = height
    self.timestamp = timestamp
    self.idleTimeLimit = idleTimeLimit
    self.title = title
    self.command = command
    self.env = env
  }

  /// The header as one line of JSON (no newline), keys in a fixed order.
  public var jsonLine: String {
    var fields = ["\"version\": 2", "\"width\": \(width)", "\"height\": \(height)"]
    if let timestamp { fields.append("\"timestamp\": \(timestamp)") }
    if let idleTimeLimit { fields.append("\"idle_time_limit\": \(AsciicastEvent.timeText(idleTimeLimit))") }
    if let command { fields.append("\"command\": " + JSONValue.quoted(command)) }
    if let title { fields.append("\"title\": " + JSONValue.quoted(title)) }
    if !env.isEmpty {
      let pairs = env.keys.sorted().map { JSONValue.quoted($0) + ": " + JSONValue.quoted(env[$0] ?? "") }
      fields.append("\"env\": {" + pairs.joined(separator: ", ") + "}")
    }
    return "{" + fields.joined(separator: ", ") + "}"
  }
}
