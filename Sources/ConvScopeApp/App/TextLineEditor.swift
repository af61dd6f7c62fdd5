import TerminalUI

/// A one-line text field as a plain value: the text, a cursor between characters, and the
/// edits a terminal keyboard can make. No I/O and no drawing, so any prompt in the app can
/// keep one in its state and tests can drive it directly.
public struct TextLineEditor: Equatable, Sendable {
  /// One editing step (what a key does to the line).
  public enum Edit: Equatable, Sendable {
    /// Type a character before the cursor.
    case insert(Character)
    /// Delete the character before the cursor (Backspace).
    case deleteBackward
    /// Delete the character under the cursor (Delete).
    case deleteForward
    case left
    case right
    case home
    case end
  }

  /// The characters typed, as `Character`s so the cursor never splits a grapheme.
  public private(set) var characters: [Character]
  /// 0 is before the first character, `characters.count` after the last.
  public private(set) var cursor: Int

  /// A line holding `text` with the cursor at its end.
  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  public var text: String { String(characters) }

  /// Applies one edit. Control characters are refused, so a stray escape sequence or tab can
  /// never end up inside a file name or a number.
  public mutating func apply(_ edit: Edit) {
    switch edit {
    case .insert(let c):
      guard Self.isPrintable(c) else { return }
      characters.insert(c, at: cursor)
      cursor += 1
    case .deleteBackward:
      guard cursor > 0 else { return }
      characters.remove(at: cursor - 1)
      cursor -= 1
    case .deleteForward:
      guard cursor < characters.count else { return }
      characters.remove(at: cursor)
    case .left:
      cursor = max(0, cursor - 1)
    case .right:
      cursor = min(characters.count, cursor + 1)
    case .home:
      cursor = 0
    case .end:
      cursor = characters.count
    }
  }

  /// Whether `c` may be typed into the line: anything visible, including the space.
  public static func isPrintable(_ c: Character) -> Bool {
    !c.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
  }

  /// The part of the line to show in `width` columns, scrolled so the cursor stays visible,
  /// and the column of the cursor inside it (the cursor may sit one past the last character,
  /// so one column is kept free for it).
  public func visible(width: Int) -> (text: String, cursorColumn: Int) {
    guard width > 1 else { return ("", 0) }
    let widths = characters.map(\.displayWidth)
    // Start as far left as possible while the cursor's column still fits.
    var start = 0
    var used = widths[..<cursor].reduce(0, +)
    while used > width - 1, start < cursor {
      used -= widths[start]
      start += 1
    }
    var shown = ""
    var total = 0
    for i in start..<characters.count {
      guard total + widths[i] <= width else { break }
      shown.append(characters[i])
      total += widths[i]
    }
    return (shown, used)
  }
}
