/// A terminal screen in memory that reads text with escape sequences: what `convscope replay`
/// plays a recording into, before drawing the result on the real terminal.
///
/// It understands what `ANSIUpdate` writes (cursor positioning, erasing, SGR colours and
/// attributes) and the commonest sequences of other programs' recordings (relative cursor
/// moves, erase in line, line feeds that scroll, tabs). Everything else — modes, window
/// titles (OSC), character sets — is read and ignored, so it never shows up as text.
public struct VirtualTerminal: Sendable, Equatable {
  public private(set) var screen: ScreenBuffer
  /// The cursor's cell; `x` may equal the width while a wrap is pending (after the last column).
  public private(set) var cursor = Point(x: 0, y: 0)
  /// The style text is written in (set by SGR sequences).
  public private(set) var style = Style.plain
  private var saved = Point(x: 0, y: 0)
  private var state = ParserState.ground

  /// Where the parser is inside an escape sequence (sequences may be split across events).
  private enum ParserState: Sendable, Equatable {
    case ground
    case escape
    /// After ESC ( or ESC ) and the like: one more character names a character set.
    case escapeArgument
    /// Parameters and intermediate characters read so far.
    case csi(String)
    /// An operating-system command (window title…), ended by BEL or ESC \.
    case osc
    case oscEscape
  }

  public init(width: Int, height: Int) {
    screen = ScreenBuffer(width: width, height: height)
  }

  public var size: Size { screen.size }

  /// Changes the screen size; what fits is kept at the top left, as a terminal without reflow does.
  public mutating func resize(to size: Size) {
    var resized = ScreenBuffer(size: size)
    for y in 0..<min(size.height, screen.height) {
      for x in 0..<min(size.width, screen.width) { resized[x, y] = screen[x, y] }
    }
    screen = resized
    cursor = Point(x: min(cursor.x, max(0, size.width - 1)), y: min(cursor.y, max(0, size.height - 1)))
  }

  /// Reads `text` as a terminal would.
  public mutating func feed(_ text: String) {
    for character in text {
      // "\r\n" is one Character in Swift; it is two controls to a terminal.
      if character == "\r\n" {
        control(0x0D)
        control(0x0A)
        continue
      }
      read(character)
    }
  }

  private mutating func read(_ character: Character) {
    let scalar = character.unicodeScalars.first?.value ?? 0
    switch state {
    case .ground:
      if scalar == 0x1B {
        state = .escape
      } else if scalar < 0x20 || scalar == 0x7F {
        control(scalar)
      } else {
        put(character)
      }
    case .escape:
      state = .ground
      switch character {
      case "[": state = .csi("")
      case "]": state = .osc
      case "(", ")", "*", "+", "#", "%": state = .escapeArgument
      case "7": saved = cursor
      case "8": cursor = saved
      case "c": self = VirtualTerminal(width: screen.width, height: screen.height)
      case "M": reverseIndex()
      case "D": lineFeed()
      case "E": cursor.x = 0; lineFeed()
      default: break
      }
    case .escapeArgument:
      state = .ground
    case .csi(let collected):
      if (0x40...0x7E).contains(scalar) {
        state = .ground
        executeCSI(collected, final: character)
      } else if scalar == 0x1B {
        state = .escape
      } else if collected.count > 64 {
        // A runaway sequence (a broken file): drop it rather than collect without end.
        state = .ground
      } else {
        state = .csi(collected + String(character))
      }
    case .osc:
      if scalar == 0x07 { state = .ground } else if scalar == 0x1B { state = .oscEscape }
    case .oscEscape:
      state = character == "\\" ? .ground : .osc
    }
  }

  private mutating func control(_ code: UInt32) {
    switch code {
    case 0x0D: cursor.x = 0
    case 0x0A, 0x0B, 0x0C: lineFeed()
    case 0x08: cursor.x = max(0, min(cursor.x, screen.width - 1) - 1)
    case 0x09: cursor.x = min(max(0, screen.width - 1), (cursor.x / 8 + 1) * 8)
    default: break
    }
  }

  private mutating func put(_ character: Character) {
    guard screen.width > 0, screen.height > 0 else { return }
    let w = character.displayWidth
    // Combining marks without a base and other zero-width text take no cell.
    guard w > 0 else { return }
    if cursor.x + w > screen.width {
      cursor.x = 0
      lineFeed()
    }
    screen[cursor.x, cursor.y] = Cell(character, style: style)
    if w == 2 { screen[cursor.x + 1, cursor.y] = Cell.continuation(style: style) }
    cursor.x += w
  }

  private mutating func lineFeed() {
    if cursor.y + 1 < screen.height {
      cursor.y += 1
    } else {
      scrollUp()
    }
  }

  private mutating func reverseIndex() {
    if cursor.y > 0 { cursor.y -= 1 }
  }

  private mutating func scrollUp() {
    var scrolled = ScreenBuffer(size: screen.size)
    for y in 1..<max(1, screen.height) {
      for x in 0..<screen.width { scrolled[x, y - 1] = screen[x, y] }
    }
    screen = scrolled
  }

  private mutating func executeCSI(_ collected: String, final: Character) {
    // Private sequences (`?25l`, `>c`…) set modes this screen does not have.
    if let first = collected.first, "?<=>".contains(first) { return }
    let numbers = collected.split(separator: ";", omittingEmptySubsequences: false).map { part in
      Int(part.split(separator: ":").first ?? "") ?? 0
    }
    func number(_ i: Int, default value: Int = 1) -> Int {
      i < numbers.count && numbers[i] > 0 ? numbers[i] : value
    }
    let maxX = max(0, screen.width - 1), maxY = max(0, screen.height - 1)
    let x = min(cursor.x, maxX)
    switch final {
    case "H", "f":
      cursor = Point(x: min(number(1) - 1, maxX), y: min(number(0) - 1, maxY))
    case "A": cursor.y = max(0, cursor.y - number(0)); cursor.x = x
    case "B", "e": cursor.y = min(maxY, cursor.y + number(0)); cursor.x = x
    case "C", "a": cursor.x = min(maxX, x + number(0))
    case "D": cursor.x = max(0, x - number(0))
    case "E": cursor = Point(x: 0, y: min(maxY, cursor.y + number(0)))
    case "F": cursor = Point(x: 0, y: max(0, cursor.y - number(0)))
    case "G", "`": cursor.x = min(maxX, number(0) - 1)
    case "d": cursor.y = min(maxY, number(0) - 1)
    case "J": eraseInDisplay(numbers.first ?? 0)
    case "K": eraseInLine(numbers.first ?? 0)
    case "X": erase(row: cursor.y, from: x, to: min(screen.width, x + number(0)))
    case "m": selectGraphicRendition(collected.isEmpty ? [0] : numbers)
    case "s": saved = cursor
    case "u": cursor = saved
    default: break
    }
  }

  private mutating func erase(row y: Int, from start: Int, to end: Int) {
    // Erased cells take the current background, as terminals do (`bce`).
    let blank = Cell(" ", style: Style(bg: style.bg))
    guard start < end else { return }
    for x in start..<end { screen[x, y] = blank }
  }

  private mutating func eraseInLine(_ mode: Int) {
    let x = min(cursor.x, screen.width)
    switch mode {
    case 0: erase(row: cursor.y, from: x, to: screen.width)
    case 1: erase(row: cursor.y, from: 0, to: min(screen.width, x + 1))
    default: erase(row: cursor.y, from: 0, to: screen.width)
    }
  }

  private mutating func eraseInDisplay(_ mode: Int) {
    switch mode {
    case 0:
      eraseInLine(0)
      for y in (cursor.y + 1)..<max(cursor.y + 1, screen.height) { erase(row: y, from: 0, to: screen.width) }
    case 1:
      for y in 0..<cursor.y { erase(row: y, from: 0, to: screen.width) }
      eraseInLine(1)
    default:
      for y in 0..<screen.height { erase(row: y, from: 0, to: screen.width) }
    }
  }

  /// SGR: the attributes and colours `ScreenBuffer.sgrParameters` writes, read back.
  private mutating func selectGraphicRendition(_ p: [Int]) {
    var i = 0
    while i < p.count {
      let code = p[i]
      switch code {
      case 0: style = .plain
      case 1: style.bold = true
      case 2: style.dim = true
      case 4: style.underline = true
      case 7: style.reverse = true
      case 22: style.bold = false; style.dim = false
      case 24: style.underline = false
      case 27: style.reverse = false
      case 30...37: style.fg = Color.ansi[code - 30]
      case 39: style.fg = .default
      case 40...47: style.bg = Color.ansi[code - 40]
      case 49: style.bg = .default
      case 90...97: style.fg = Color.ansi[code - 90 + 8]
      case 100...107: style.bg = Color.ansi[code - 100 + 8]
      case 38, 48:
        // 38;5;n (palette) or 38;2;r;g;b (direct); an incomplete one ends the sequence.
        let color: Color?
        if i + 2 < p.count, p[i + 1] == 5 {
          color = .indexed(UInt8(clamping: p[i + 2]))
          i += 2
        } else if i + 4 < p.count, p[i + 1] == 2 {
          color = .rgb(UInt8(clamping: p[i + 2]), UInt8(clamping: p[i + 3]), UInt8(clamping: p[i + 4]))
          i += 4
        } else {
          return
        }
        if code == 38 { style.fg = color ?? .default } else { style.bg = color ?? .default }
      default: break
      }
      i += 1
    }
  }
}
