import TerminalUI

/// The body under the tab bar: each screen's own view. Lessons and Compare sit in a box
/// titled with the screen's name; Explore and Train draw their own.
enum ScreenBody {
  /// Compare's line above its tables, saying what the numbers are.
  static let comparePurpose = "LeNet-5 and AlexNet side by side: parameters, compute and memory per image."

  static func render(_ state: AppState, in area: Rect, into frame: inout Frame) {
    switch state.screen {
    case .explore:
      ExploreView.render(state, in: area, into: &frame)
    case .train:
      TrainView.render(state, in: area, into: &frame)
    case .lessons:
      let block = Block(title: " \(state.screen.title) ", unicode: frame.unicode)
      frame.render(block, in: area)
      LessonsView.render(state, in: block.inner(area).inset(top: 0, left: 1, bottom: 0, right: 1), into: &frame)
    case .compare:
      let block = Block(title: " \(state.screen.title) ", unicode: frame.unicode)
      frame.render(block, in: area)
      // One cell of padding inside the border reads better than text touching the frame.
      let inner = block.inner(area).inset(top: 1, left: 2, bottom: 0, right: 2)
      if state.isPresenting {
        CompareView.renderPresented(state.compare, in: inner, into: &frame)
        return
      }
      _ = renderParagraph(comparePurpose, at: inner.y, in: inner, into: &frame)
      // The keys scroll by the same rectangle (CompareView.area), so the two cannot disagree.
      CompareView.render(state.compare, in: CompareView.area(for: state.size), into: &frame)
    }
  }

  /// Draws wrapped text from row `y`; returns the rows it took.
  private static func renderParagraph(
    _ text: String, at y: Int, in area: Rect, into frame: inout Frame
  ) -> Int {
    let paragraph = Paragraph(text)
    let rows = min(paragraph.lines(width: area.width).count, max(0, area.bottom - y))
    frame.render(paragraph, in: Rect(x: area.x, y: y, width: area.width, height: rows))
    return rows
  }
}
