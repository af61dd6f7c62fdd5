import CNcurses
import Testing
import TerminalUI

@testable import NcursesBackend

/// The backend's pure parts, table by table: what `wget_wch` codes mean as keys, how many
/// colours a terminal gets, which ASCII stands in for a symbol, and colour numbering. None
/// of them needs a terminal, so they run without starting curses.
@Suite struct NcursesDecoderTests {
  static let characterCodes: [(UInt32, KeyEvent)] = [
    (9, KeyEvent(.tab)), (10, KeyEvent(.enter)), (13, KeyEvent(.enter)), (27, KeyEvent(.escape)),
    (8, KeyEvent(.backspace)), (127, KeyEvent(.backspace)), (0, KeyEvent(.char(" "), modifiers: .ctrl)),
    (3, KeyEvent(.char("c"), modifiers: .ctrl)), (26, KeyEvent(.char("z"), modifiers: .ctrl)),
    (28, KeyEvent(.char("\\"), modifiers: .ctrl)), (31, KeyEvent(.char("_"), modifiers: .ctrl)),
    (97, KeyEvent(.char("a"))), (75, KeyEvent(.char("K"))), (0xE9, KeyEvent(.char("é"))),
    (0x4E2D, KeyEvent(.char("中"))),
  ]

  @Test(arguments: characterCodes)
  func characters(_ value: UInt32, _ event: KeyEvent) {
    #expect(KeyDecoder.character(value) == event)
  }

  @Test func aSurrogateIsNoKey() {
    #expect(KeyDecoder.character(0xD800) == nil)
  }

  static let specialCodes: [(Int32, KeyEvent)] = [
    (KEY_UP, KeyEvent(.up)), (KEY_DOWN, KeyEvent(.down)), (KEY_LEFT, KeyEvent(.left)), (KEY_RIGHT, KeyEvent(.right)),
    (KEY_SR, KeyEvent(.up, modifiers: .shift)), (KEY_SLEFT, KeyEvent(.left, modifiers: .shift)),
    (KEY_HOME, KeyEvent(.home)), (KEY_SEND, KeyEvent(.end, modifiers: .shift)), (KEY_PPAGE, KeyEvent(.pageUp)),
    (KEY_NPAGE, KeyEvent(.pageDown)), (KEY_BTAB, KeyEvent(.backTab)), (KEY_BACKSPACE, KeyEvent(.backspace)),
    (KEY_DC, KeyEvent(.delete)), (KEY_ENTER, KeyEvent(.enter)), (cn_key_f(1), KeyEvent(.function(1))),
    (cn_key_f(13), KeyEvent(.function(13))), (cn_key_f(63), KeyEvent(.function(63))),
  ]

  @Test(arguments: specialCodes)
  func specialKeys(_ code: Int32, _ event: KeyEvent) {
    #expect(KeyDecoder.special(code) == event)
  }

  @Test func unmappedSpecialCodesAreNoKey() {
    #expect(KeyDecoder.special(cn_key_f(0)) == nil)
    #expect(KeyDecoder.special(cn_key_f(64)) == nil)
    #expect(KeyDecoder.special(KEY_MOUSE) == nil)
  }

  @Test func altAddsTheModifierAndKeepsTheOthers() {
    #expect(KeyDecoder.withAlt(KeyEvent(.char("x"))) == KeyEvent(.char("x"), modifiers: .alt))
    #expect(KeyDecoder.withAlt(KeyEvent(.left, modifiers: .shift)) == KeyEvent(.left, modifiers: [.shift, .alt]))
  }

  struct ProbeCase: Sendable, CustomTestStringConvertible {
    var flag = false
    var environment: [String: String] = [:]
    var hasColors = true
    var colors = 256
    var rgb = false
    var depth: ColorDepth
    var testDescription: String { "flag \(flag) env \(environment) colours \(hasColors) \(colors) rgb \(rgb) → \(depth)" }
  }

  @Test(arguments: [
    ProbeCase(depth: .c256),
    ProbeCase(flag: true, rgb: true, depth: .mono),
    ProbeCase(environment: ["NO_COLOR": "1"], rgb: true, depth: .mono),
    ProbeCase(environment: ["NO_COLOR": ""], depth: .c256),
    ProbeCase(hasColors: false, depth: .mono),
    ProbeCase(rgb: true, depth: .direct),
    ProbeCase(colors: 1 << 24, depth: .direct),
    // COLORTERM alone cannot give 24-bit: ncurses sends only what the terminfo entry declares.
    ProbeCase(environment: ["COLORTERM": "truecolor"], depth: .c256),
    ProbeCase(colors: 16, depth: .c16),
    ProbeCase(colors: 8, depth: .c8),
    ProbeCase(colors: 2, depth: .mono),
  ])
  func colourDepth(_ c: ProbeCase) {
    #expect(ColorDepthProbe.depth(noColorFlag: c.flag, environment: c.environment, hasColors: c.hasColors,
                                  colors: c.colors, rgbFlag: c.rgb) == c.depth)
  }

  @Test(arguments: [
    ("a", "a"), ("─", "-"), ("│", "|"), ("┼", "+"), ("╭", "+"), ("░", "."), ("▓", "#"), ("▆", "#"),
    ("⠀", " "), ("⣿", "."), ("×", "x"), ("…", "."), ("→", ">"), ("✓", "v"), ("中", "?"),
  ] as [(Character, Character)])
  func asciiStandIns(_ symbol: Character, _ ascii: Character) {
    #expect(AsciiFallback.map(symbol) == ascii)
  }

  @Test func colourNumbersFollowTheDepth() {
    let direct = ColorPairs(depth: .direct, capacity: 256)
    #expect(direct.number(for: .default) == -1)
    #expect(direct.number(for: .rgb(255, 0, 0)) == 0xFF0000)
    // Near-black blues would read as ANSI colours 0–7 in xterm-direct: nudged to 8.
    #expect(direct.number(for: .rgb(0, 0, 5)) == 8)
    #expect(direct.number(for: .red) == 1)
    #expect(direct.number(for: .brightRed) == 0xFF0000)
    #expect(direct.number(for: .indexed(196)) == 0xFF0000)
    #expect(direct.number(for: .indexed(232)) == 0x080808)
    let c256 = ColorPairs(depth: .c256, capacity: 256)
    #expect(c256.number(for: .indexed(200)) == 200)
    #expect(c256.number(for: .rgb(1, 2, 3)) == -1)
    #expect(c256.number(for: .brightBlue) == 12)
    let c8 = ColorPairs(depth: .c8, capacity: 64)
    #expect(c8.number(for: .brightBlue) == 4)
    #expect(c8.number(for: .indexed(12)) == 12)
    #expect(c8.number(for: .indexed(100)) == -1)
  }
}
