import TerminalUI

/// Draws the docked lesson over the part of the terminal `LessonPaneLayout` gives it: a box
/// titled with the lesson (reversed while the pane has the keys), the text as the Lessons
/// tab draws it (`MarkdownView`, focused link highlighted), and where the reader is on the
/// bottom edge.
enum LessonPaneView {
  static func render(_ state: AppState, into frame: inout Frame) {
    let layout = LessonPaneLayout(state)
    guard let reader = LessonPane.reader(of: state) else { return }
    let focused = state.lessonPane.focus == .pane
    // The screen was laid out without this area, but clear it in case it drew up to its edge.
    frame.buffer.fill(layout.pane, with: Cell(" "))
    // Without the keys the title says how to give them to it.
    let kind = state.tour.isPlaying ? "Tour" : "Lesson"
    let title = ASCIIText.fitting(" \(kind) · \(reader.lesson.title) " + (focused ? "" : "· O: keys "), unicode: frame.unicode)
    let block = Block(
      title: title, borderStyle: focused ? Style(fg: .cyan, bold: true) : Style(dim: true),
      titleStyle: focused ? Style(bold: true, reverse: true) : Style(bold: true), unicode: frame.unicode)
    frame.render(block, in: layout.pane)
    let view = MarkdownView(document: reader.lesson.document, scroll: reader.scroll,
                            focusedLink: reader.focusedLink, unicode: frame.unicode)
    frame.render(view, in: reader.area)
    renderPosition(view, reader: reader, checks: state.lessonChecks, in: layout.pane, into: &frame)
  }

  /// " 12-30 of 140 " at the right of the bottom edge: which lines are on show; the lesson's
  /// tasks at its left (`LessonChecksView`).
  private static func renderPosition(_ view: MarkdownView, reader: LessonReader, checks: LessonChecksState, in pane: Rect,
                                     into frame: inout Frame) {
    let total = view.lines(width: reader.area.width).count
    let first = min(reader.scroll, view.maxScroll(in: reader.area))
    let last = min(total, first + reader.area.height)
    let text = " \(first + 1)-\(last) of \(total) "
    let y = pane.bottom - 1
    let x = pane.right - 2 - text.count
    guard x > pane.x + 1 else { return }
    frame.buffer.put(text, at: Point(x: x, y: y), style: Style(dim: true), clippedTo: pane)
    LessonChecksView.renderPaneStatus(reader.lesson, checks, in: pane, reserved: text.count + 1, into: &frame)
  }
}
