import Testing

@testable import TerminalUI

/// `ScreenBuffer.ansiText(depth:)`: the exact escape sequences at every colour depth.
@Suite struct ANSITextTests {
  /// Row 0: bold red "a", "b" on an RGB red background, plain "c", a plain trailing space.
  /// Row 1: plain "x", a space on a blue background (visible, so kept), a plain space.
  /// Row 2: "z" in xterm colour 202 (orange).
  private var sample: ScreenBuffer {
    var buffer = ScreenBuffer(width: 4, height: 3)
    buffer[0, 0] = Cell("a", style: Style(fg: .red, bold: true))
    buffer[1, 0] = Cell("b", style: Style(bg: .rgb(255, 0, 0)))
    buffer[2, 0] = Cell("c")
    buffer[0, 1] = Cell("x")
    buffer[1, 1] = Cell(" ", style: Style(bg: .blue))
    buffer[0, 2] = Cell("z", style: Style(fg: .indexed(202)))
    return buffer
  }

  private static let esc = "\u{1B}["

  @Test func direct() {
    let e = Self.esc
    #expect(sample.ansiText(depth: .direct) == """
      \(e)1;31ma\(e)0;48;2;255;0;0mb\(e)0mc
      x\(e)44m \(e)0m
      \(e)38;5;202mz\(e)0m
      """)
  }

  @Test func palette256() {
    let e = Self.esc
    #expect(sample.ansiText(depth: .c256) == """
      \(e)1;31ma\(e)0;48;5;196mb\(e)0mc
      x\(e)44m \(e)0m
      \(e)38;5;202mz\(e)0m
      """)
  }

  @Test func sixteenColours() {
    let e = Self.esc
    // RGB red is bright red (palette 9 → 101); orange 202 is nearest bright red too (91).
    #expect(sample.ansiText(depth: .c16) == """
      \(e)1;31ma\(e)0;101mb\(e)0mc
      x\(e)44m \(e)0m
      \(e)91mz\(e)0m
      """)
  }

  @Test func eightColours() {
    let e = Self.esc
    #expect(sample.ansiText(depth: .c8) == """
      \(e)1;31ma\(e)0;41mb\(e)0mc
      x\(e)44m \(e)0m
      \(e)31mz\(e)0m
      """)
  }

  @Test func monoHasNoEscapesAndTrimsTrailingSpaces() {
    #expect(sample.ansiText(depth: .mono) == "abc\nx\nz")
  }

  @Test func attributesAndBrightColoursAndWideCharacters() {
    var buffer = ScreenBuffer(width: 6, height: 1)
    buffer.put("漢", at: Point(x: 0, y: 0), style: Style(fg: .brightCyan, bg: .brightBlack, underline: true))
    buffer.put("d", at: Point(x: 2, y: 0), style: Style(dim: true, reverse: true))
    let e = Self.esc
    // The wide character's continuation cell is not written again.
    #expect(buffer.ansiText(depth: .c16) == "\(e)4;96;100m漢\(e)0;2;7md\(e)0m")
  }

  @Test func monoHeatmapIsShadesOnly() {
    var buffer = ScreenBuffer(width: 5, height: 1)
    Heatmap(values: [0, 1, 2, 3, 4], rows: 1, cols: 5, colorDepth: .mono, zoom: false)
      .render(in: buffer.area, into: &buffer)
    let text = buffer.ansiText(depth: .mono)
    #expect(text == " ░▒▓█")
    #expect(!text.contains("\u{1B}"))
  }

  @Test func emptyRowsStayEmptyLines() {
    let buffer = ScreenBuffer(width: 3, height: 2)
    #expect(buffer.ansiText(depth: .direct) == "\n")
  }
}
