import Testing

@testable import TerminalUI

@Suite struct ScreenBufferTests {
  @Test func putClipsAndReportsColumnsWritten() {
    var buffer = ScreenBuffer(width: 8, height: 2)
    #expect(buffer.put("hello world", at: Point(x: 2, y: 0)) == 6)
    let clip = Rect(x: 1, y: 1, width: 3, height: 1)
    #expect(buffer.put("abcdef", at: Point(x: 0, y: 1), clippedTo: clip) == 3)
    #expect(buffer.put("x", at: Point(x: 0, y: 5)) == 0)
    #expect(
      buffer.snapshot() == """
        "  hello "
        " bcd    "
        """)
  }

  @Test func wideCharactersTakeTwoColumnsAndNeverSplit() {
    var buffer = ScreenBuffer(width: 5, height: 2)
    #expect(buffer.put("日本語", at: Point(x: 0, y: 0)) == 4)
    #expect(buffer[1, 0].isContinuation)
    // Overwriting the right half of 本 blanks its left half too.
    buffer[3, 0] = Cell("x")
    #expect(buffer.text(ofRow: 0) == "日 x ")
    // e + combining acute is one Character, so one cell.
    #expect(buffer.put("e\u{301}✓", at: Point(x: 0, y: 1)) == 2)
    #expect(buffer[0, 1].symbol == "é")
    #expect(buffer.text(ofRow: 1) == "e\u{301}✓   ")
  }

  @Test func controlCharactersBecomeSpaces() {
    var buffer = ScreenBuffer(width: 4, height: 1)
    buffer.put("a\tb\u{1B}", at: Point(x: 0, y: 0))
    #expect(buffer.text(ofRow: 0) == "a b ")
  }

  @Test func fillAndStyleSnapshotShowRuns() {
    var buffer = ScreenBuffer(width: 6, height: 3)
    buffer.fill(
      Rect(x: 1, y: 1, width: 3, height: 1), with: Cell("#", style: Style(fg: .red, bold: true)))
    buffer.put("ok", at: Point(x: 4, y: 1), style: Style(reverse: true))
    #expect(
      buffer.snapshot() == """
        "      "
        " ###ok"
        "      "
        """)
    #expect(buffer.styleSnapshot() == "1: 1-3 fg=red bold | 4-5 reverse")
    #expect(buffer.plainText() == "\n ###ok\n")
  }

  @Test func outOfRangeAccessIsHarmless() {
    var buffer = ScreenBuffer(width: 2, height: 2)
    buffer[-1, 0] = Cell("x")
    buffer[2, 2] = Cell("x")
    #expect(buffer[5, 5] == .blank)
    #expect(buffer == ScreenBuffer(width: 2, height: 2))
  }
}

@Suite struct DiffTests {
  @Test func identicalBuffersHaveNoChanges() {
    let buffer = ScreenBuffer(lines: ["abc", "def"])
    #expect(buffer.diff(from: buffer).isEmpty)
  }

  @Test func oneChangedCellGivesExactlyOneChange() {
    let before = ScreenBuffer(lines: ["abc", "def"])
    var after = before
    after[1, 1] = Cell("E", style: Style(bold: true))
    #expect(
      after.diff(from: before) == [
        CellChange(x: 1, y: 1, cell: Cell("E", style: Style(bold: true)))
      ])
  }

  @Test func styleOnlyChangeCounts() {
    let before = ScreenBuffer(lines: ["ab"])
    var after = before
    after.applyStyle(Style(reverse: true), to: Rect(x: 0, y: 0, width: 1, height: 1))
    #expect(after.diff(from: before).map(\.x) == [0])
  }

  @Test func sizeChangeRedrawsEveryCell() {
    let before = ScreenBuffer(width: 3, height: 2)
    let after = ScreenBuffer(width: 4, height: 2)
    let changes = after.diff(from: before)
    #expect(changes.count == 8)
    var replay = ScreenBuffer(width: 4, height: 2, filledWith: Cell("?"))
    replay.apply(changes)
    #expect(replay == after)
  }
}
