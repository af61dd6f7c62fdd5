import Testing

@testable import TerminalUI

@Suite struct BlockAndTextTests {
  @Test func theFirstWordingThatFitsIsPicked() {
    let wordings = ["time-lapse at step 650 · frame 3/4", "step 650 · 3/4", "650"]
    #expect(String.firstFitting(wordings, width: 40) == wordings[0])
    #expect(String.firstFitting(wordings, width: 14) == wordings[1])
    #expect(String.firstFitting(wordings, width: 13) == "650")
    // Nothing fits: the shortest (last) wording, which the caller then cuts.
    #expect(String.firstFitting(wordings, width: 2) == "650")
    // Widths are columns, not characters: each CJK character takes 2.
    #expect(String.firstFitting(["漢字", "ab"], width: 3) == "ab")
    #expect(String.firstFitting([], width: 10) == "")
  }

  @Test func blockWithTitleAndInnerArea() {
    let block = Block(title: "Loss")
    let buffer = rendered(block, width: 10, height: 3)
    #expect(
      buffer.snapshot() == """
        "┌Loss────┐"
        "│        │"
        "└────────┘"
        """)
    #expect(block.inner(buffer.area) == Rect(x: 1, y: 1, width: 8, height: 1))
  }

  @Test func blockAsciiFallbackAndLongTitle() {
    let block = Block(title: "A very long title", unicode: false)
    #expect(
      rendered(block, width: 8, height: 3).snapshot() == """
        "+A very+"
        "|      |"
        "+------+"
        """)
  }

  @Test func paragraphWrapsAlignsAndScrolls() {
    let text = "The quick brown fox jumps over the lazy dog.\n\nNew para"
    #expect(
      rendered(Paragraph(text, alignment: .center), width: 14, height: 6).snapshot() == """
        "  The quick   "
        "  brown fox   "
        "jumps over the"
        "  lazy dog.   "
        "              "
        "   New para   "
        """)
    let spans = [Span("bold ", style: Style(bold: true)), Span("and plain text")]
    let scrolled = rendered(Paragraph(spans: spans, scroll: 1), width: 8, height: 2)
    #expect(
      scrolled.snapshot() == """
        "plain   "
        "text    "
        """)
  }

  @Test func wrapperKeepsStylesAndCutsLongWords() {
    #expect(TextWrapper.wrap("abcdefghij kl", width: 4) == ["abcd", "efgh", "ij", "kl"])
    #expect(TextWrapper.wrap("  indented line", width: 20) == ["  indented line"])
    #expect(TextWrapper.wrap("", width: 5) == [""])
    let lines = TextWrapper.wrap(
      [Span("red words", style: Style(fg: .red)), Span(" plain")], width: 5)
    let red = Style(fg: .red)
    #expect(lines == [[Span("red", style: red)], [Span("words", style: red)], [Span("plain")]])
  }

  @Test func statusBarShowsHintsAndAMessage() {
    let hints = [KeyHint("←/→", "layer"), KeyHint("?", "help"), KeyHint("q", "quit")]
    let bar = StatusBar(hints: hints, message: "step 12")
    let buffer = rendered(bar, width: 40, height: 1)
    #expect(buffer.snapshot() == "\"←/→ layer  ? help  q quit        step 12\"")
    #expect(buffer.styleSnapshot() == "0: 0-2 bold | 11-11 bold | 19-19 bold")
    // When space is short the hints win and the message is cut.
    #expect(rendered(bar, width: 30, height: 1).snapshot() == "\"←/→ layer  ? help  q quit  ste\"")
  }
}

@Suite struct TabsAndOverlayTests {
  private let tabs = Tabs(titles: ["conv1", "pool1", "fc"], selected: 1)

  @Test func tabsHighlightTheSelectedTitle() {
    let buffer = rendered(tabs, width: 24, height: 1)
    #expect(buffer.snapshot() == "\" conv1 │ pool1 │ fc     \"")
    #expect(buffer.styleSnapshot() == "0: 8-14 bold reverse")
  }

  @Test func tabHitRectsMapClicksToTabs() {
    let area = Rect(x: 2, y: 1, width: 18, height: 1)
    #expect(
      tabs.hitRects(in: area) == [
        Rect(x: 2, y: 1, width: 7, height: 1),
        Rect(x: 10, y: 1, width: 7, height: 1),
        Rect(x: 18, y: 1, width: 2, height: 1),
      ])
    #expect(tabs.index(at: Point(x: 12, y: 1), in: area) == 1)
    #expect(tabs.index(at: Point(x: 9, y: 1), in: area) == nil)  // the separator
    #expect(tabs.index(at: Point(x: 19, y: 1), in: area) == 2)
  }

  @Test func helpOverlayIsCentredAndClearsBehindIt() {
    var buffer = ScreenBuffer(lines: Array(repeating: String(repeating: "x", count: 28), count: 8))
    let entries = [KeyHint("←/→", "layer"), KeyHint("?", "help"), KeyHint("q", "quit")]
    let help = HelpOverlay(entries: entries)
    help.render(in: buffer.area, into: &buffer)
    #expect(
      buffer.snapshot() == """
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxx┌ Help ──────┐xxxxxxx"
        "xxxxxxx│ ←/→  layer │xxxxxxx"
        "xxxxxxx│ ?    help  │xxxxxxx"
        "xxxxxxx│ q    quit  │xxxxxxx"
        "xxxxxxx└────────────┘xxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        """)
    #expect(help.box(in: buffer.area) == Rect(x: 7, y: 1, width: 14, height: 5))
  }

  @Test func helpOverlayAsciiInATinyArea() {
    let help = HelpOverlay(entries: [KeyHint("q", "quit the workbench")], unicode: false)
    #expect(
      rendered(help, width: 12, height: 3).snapshot() == """
        "+ Help ----+"
        "| q  quit  |"
        "+----------+"
        """)
  }
}
