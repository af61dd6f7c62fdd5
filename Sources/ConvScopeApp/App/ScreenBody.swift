import TerminalUI

/// The body of each screen: a box titled with the screen's name that says what the screen
/// is for. None of the screens is built yet, and each says so plainly instead of showing
/// made-up content; Compare already shows the real totals of the two models.
enum ScreenBody {
  /// What the screen is for, one sentence.
  static func purpose(of screen: Screen) -> String {
    switch screen {
    case .explore:
      "Step through a forward pass of LeNet-5 or AlexNet layer by layer."
    case .train:
      "Train LeNet-5 on MNIST or Fashion-MNIST and watch the loss, the accuracy and the filters change."
    case .compare:
      "LeNet-5 and AlexNet side by side: parameters, compute and memory per image."
    case .lessons:
      "Short lessons on convolution, pooling, backpropagation and the two networks, each with a live example."
    }
  }

  /// The honest "not built yet" line, with the command-line tools to use meanwhile.
  static func status(of screen: Screen) -> String {
    switch screen {
    case .explore:
      "(Coming: this screen is not built yet; use `convscope forward` and `convscope summary` meanwhile.)"
    case .train:
      "(Coming: this screen is not built yet; use `convscope train` and `convscope evaluate` meanwhile.)"
    case .compare:
      "(Coming: the layer-by-layer comparison; use `convscope summary lenet5` and `convscope summary alexnet` meanwhile.)"
    case .lessons:
      "(Coming: this screen is not built yet.)"
    }
  }

  static func render(_ state: AppState, in area: Rect, into frame: inout Frame) {
    if state.screen == .explore {
      ExploreView.render(state, in: area, into: &frame)
      return
    }
    if state.screen == .train { return TrainView.render(state, in: area, into: &frame) }
    let block = Block(title: " \(state.screen.title) ", unicode: frame.unicode)
    frame.render(block, in: area)
    if state.screen == .lessons {
      LessonsView.render(state, in: block.inner(area).inset(top: 0, left: 1, bottom: 0, right: 1), into: &frame)
      return
    }
    // One cell of padding inside the border reads better than text touching the frame.
    let inner = block.inner(area).inset(top: 1, left: 2, bottom: 0, right: 2)
    var y = inner.y
    y += renderParagraph(purpose(of: state.screen), at: y, in: inner, into: &frame) + 1
    if state.screen == .compare {
      let rest = Rect(x: inner.x, y: y, width: inner.width, height: inner.bottom - y)
      if state.compare.comparison != nil {
        CompareScreenView.render(state.compare, in: CompareScreenView.area(for: state.size), into: &frame)
        return
      }
      y += CompareView.render(state.compare, in: rest, into: &frame) + 1
    }
    _ = renderParagraph(status(of: state.screen), at: y, in: inner, into: &frame)
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
