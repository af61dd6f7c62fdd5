import TerminalUI

/// Reading one lesson in a rectangle: scrolling kept in range, the focus moved between its
/// workbench links with the focused one kept in view. The Lessons tab and the docked lesson
/// pane both read lessons this way, each with its own place and its own rectangle.
struct LessonReader {
  let lesson: Lesson
  /// Where the text is drawn (its width decides how the lines wrap).
  let area: Rect
  /// Lines scrolled off the top.
  var scroll: Int
  /// The focused link, as an index into `lesson.links` (always an action link).
  var focusedLink: Int?

  /// What "No link focused" tells the reader to do.
  static let noFocusMessage = "No link focused: ] and [ move between the lesson's links."

  var view: MarkdownView {
    MarkdownView(document: lesson.document, scroll: scroll, focusedLink: focusedLink)
  }

  /// Scrolls to `line`, kept between the top and the last useful position.
  mutating func scroll(to line: Int) {
    scroll = min(max(0, line), view.maxScroll(in: area))
  }

  /// Focuses the next or previous action link; with none focused, starts from the first
  /// link at or below the top of the view so the focus lands where the reader is. Returns
  /// what the status line should say (the link's target, or that there are none).
  mutating func moveFocus(_ step: Int) -> String {
    let candidates = lesson.actionLinks.map(\.index)
    guard !candidates.isEmpty else { return "This lesson has no workbench links." }
    let view = view
    let next: Int
    if let current = focusedLink, let position = candidates.firstIndex(of: current) {
      next = candidates[(position + step + candidates.count) % candidates.count]
    } else {
      let top = scroll
      let below = candidates.first { (view.line(ofLink: $0, width: area.width) ?? 0) >= top }
      next = step > 0 ? (below ?? candidates[0]) : (candidates.last { (view.line(ofLink: $0, width: area.width) ?? 0) < top + area.height } ?? candidates[candidates.count - 1])
    }
    focusedLink = next
    keepFocusedLinkInView()
    return lesson.links[next].target
  }

  /// Scrolls the focused link into view, with two lines of context above it, when it is not.
  mutating func keepFocusedLinkInView() {
    guard let link = focusedLink, let line = view.line(ofLink: link, width: area.width),
      line < scroll || line >= scroll + area.height
    else { return }
    scroll(to: line - 2)
  }

  /// The focused link's target, if a link is focused.
  var focusedTarget: String? {
    guard let index = focusedLink, lesson.links.indices.contains(index) else { return nil }
    return lesson.links[index].target
  }
}
