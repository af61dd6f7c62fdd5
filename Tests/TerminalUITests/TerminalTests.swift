import Testing

@testable import TerminalUI

@Suite struct TerminalTests {
  @Test func secondIdenticalFrameSendsNothingButStillFlushes() {
    let backend = MemoryBackend(width: 10, height: 3)
    var terminal = Terminal(backend: backend)
    func frame(_ f: inout Frame) { f.render(Paragraph("hello"), in: f.area) }
    #expect(terminal.draw(frame).count == 30)
    #expect(terminal.draw(frame).isEmpty)
    #expect(backend.flushCount == 2)
    #expect(backend.buffer.text(ofRow: 0) == "hello     ")
  }

  @Test func onlyChangedCellsAreSent() {
    let backend = MemoryBackend(width: 6, height: 1)
    var terminal = Terminal(backend: backend)
    terminal.draw { $0.render(Paragraph("count 1")) }
    let changes = terminal.draw { $0.render(Paragraph("count 2")) }
    // "count 1" does not fit in 6 columns, so wrapping put "1" on a hidden line: no change.
    #expect(changes.isEmpty)
    terminal.draw { $0.render(Paragraph("cnt 1")) }
    #expect(backend.lastChanges.map(\.x) == [1, 2, 3, 4])
    #expect(backend.buffer.snapshot() == "\"cnt 1 \"")
  }

  @Test func resizeEnqueuesAnEventAndForcesAFullRedraw() {
    let backend = MemoryBackend(width: 4, height: 2)
    var terminal = Terminal(backend: backend)
    terminal.draw { $0.render(Paragraph("ab")) }
    backend.resize(to: Size(width: 5, height: 3))
    #expect(terminal.nextEvent(timeout: 0) == .resize(Size(width: 5, height: 3)))
    #expect(terminal.nextEvent(timeout: 0) == nil)
    #expect(terminal.draw { $0.render(Paragraph("ab")) }.count == 15)
    #expect(backend.buffer.size == Size(width: 5, height: 3))
  }

  @Test func stylesAreApproximatedToTheBackendsDepth() {
    let backend = MemoryBackend(width: 2, height: 1, colorDepth: .c16)
    var terminal = Terminal(backend: backend)
    terminal.draw { $0.buffer[0, 0] = Cell("x", style: Style(fg: .rgb(250, 10, 10))) }
    #expect(backend.buffer[0, 0].style.fg == .brightRed)
  }

  @Test func scriptedEventsComeBackInOrder() {
    let backend = MemoryBackend(width: 1, height: 1, events: [.key(.char("q"))])
    backend.enqueue(.mouse(MouseEvent(x: 1, y: 2, button: .left)), .tick)
    #expect(backend.nextEvent(timeout: 30) == .key(KeyEvent(.char("q"))))
    #expect(
      backend.nextEvent(timeout: 30) == .mouse(MouseEvent(x: 1, y: 2, button: .left, kind: .press)))
    #expect(backend.nextEvent(timeout: 30) == .tick)
    #expect(backend.nextEvent(timeout: 30) == nil)
  }

  @Test func tooSmallTerminalShowsACentredNotice() {
    let backend = MemoryBackend(width: 50, height: 3)
    var terminal = Terminal(backend: backend)
    var bodyRan = false
    terminal.draw(requiring: Size(width: 80, height: 24)) { _ in bodyRan = true }
    #expect(!bodyRan)
    #expect(
      backend.buffer.snapshot() == """
        "                                                  "
        "   terminal too small (needs 80×24, have 50×3)    "
        "                                                  "
        """)
  }

  @Test func tooSmallNoticeSplitsOnNarrowScreens() {
    let notice = TooSmallNotice(
      needs: Size(width: 80, height: 24), have: Size(width: 20, height: 4))
    let buffer = rendered(notice, width: 20, height: 4)
    #expect(
      buffer.snapshot() == """
        " terminal too small "
        "    needs 80×24     "
        "     have 20×4      "
        "                    "
        """)
  }

  @Test func keyEventsDescribeThemselves() {
    #expect(KeyEvent(.char("c"), modifiers: .ctrl).description == "ctrl-c")
    #expect(KeyEvent(.left).description == "←")
    #expect(KeyEvent(.function(5), modifiers: [.alt, .shift]).description == "alt-shift-F5")
  }
}
