/// A key and what it does, as shown in the status bar and the help overlay.
public struct KeyHint: Sendable, Hashable {
  /// How the key is written on screen, e.g. `←/→` or `q`.
  public var key: String
  public var description: String

  public init(_ key: String, _ description: String) {
    self.key = key
    self.description = description
  }
}
