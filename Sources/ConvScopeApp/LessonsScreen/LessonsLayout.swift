import TerminalUI

/// Where the Lessons screen puts its parts. `update` uses the same numbers as the view, so
/// scrolling a link or a section into view agrees with what is drawn.
enum LessonsLayout {
  /// The width of the lesson list on the left.
  static let listWidth = 24
  /// Presenting, the lesson is at most this wide, centred: a room reads 100-column lines of a
  /// projected font, not the 190 of a big terminal's whole width.
  static let presentedWidth = 100

  /// The lesson list, the one-line heading over the text, and the text (or quiz) itself.
  /// Presenting, the list is left out and the lesson takes the whole width, up to
  /// `presentedWidth` columns in the middle.
  static func parts(of inner: Rect, presenting: Bool) -> (list: Rect, heading: Rect, text: Rect) {
    let listWidth = presenting ? 0 : min(Self.listWidth, max(0, inner.width / 3))
    let list = Rect(x: inner.x, y: inner.y, width: listWidth, height: inner.height)
    // Two columns of space between the list and the text.
    let rightX = inner.x + (presenting ? max(0, inner.width - presentedWidth) / 2 : listWidth + 2)
    let rightWidth = presenting ? min(inner.width, presentedWidth) : max(0, inner.right - rightX)
    let right = Rect(x: rightX, y: inner.y, width: rightWidth, height: inner.height)
    let heading = Rect(x: right.x, y: right.y, width: right.width, height: min(1, right.height))
    let text = Rect(x: right.x, y: right.y + 2, width: right.width, height: max(0, right.height - 2))
    return (list, heading, text)
  }

  /// The inside of the screen's box on a terminal of `size`.
  static func inner(for size: Size) -> Rect {
    let body = RootView.layout(Rect(size)).body
    return Block(title: " Lessons ").inner(body).inset(top: 0, left: 1, bottom: 0, right: 1)
  }

  /// The rectangle the lesson text is drawn in on a terminal of `size`.
  static func textArea(for size: Size, presenting: Bool = false) -> Rect {
    parts(of: inner(for: size), presenting: presenting).text
  }

  /// The lesson text's rectangle in `state` (its terminal, presenting or not).
  static func textArea(of state: AppState) -> Rect {
    textArea(for: state.terminalSize, presenting: state.isPresenting)
  }
}
