/// A key press: the key plus the modifiers held with it.
public struct KeyEvent: Sendable, Hashable, CustomStringConvertible {
  public var key: Key
  public var modifiers: Modifiers

  public init(_ key: Key, modifiers: Modifiers = []) {
    self.key = key
    self.modifiers = modifiers
  }

  /// A plain character key, e.g. `KeyEvent.char("q")`.
  public static func char(_ character: Character) -> KeyEvent {
    KeyEvent(.char(character))
  }

  /// Readable form such as `ctrl-c` or `←`, used in logs and test names.
  public var description: String {
    var prefix = ""
    if modifiers.contains(.ctrl) { prefix += "ctrl-" }
    if modifiers.contains(.alt) { prefix += "alt-" }
    if modifiers.contains(.shift) { prefix += "shift-" }
    return prefix + key.description
  }
}
