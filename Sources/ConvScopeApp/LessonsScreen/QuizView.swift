import TerminalUI

/// Draws the quiz: the question with its options and the typed answer; a re-ask notice; after
/// a missed first try its feedback and the hint; once graded the verdict, the answer and the
/// explanation; at the end the score and the review of missed questions with their links.
enum QuizView {
  static func render(_ session: QuizSession, lesson: Lesson, quiz: Quiz, in area: Rect, into frame: inout Frame) {
    if session.questionIndex >= quiz.questions.count {
      renderReview(session, lesson: lesson, quiz: quiz, in: area, into: &frame)
      return
    }
    var y = area.y
    for spans in question(session, quiz: quiz, unicode: frame.unicode) where y < area.bottom {
      y += paragraph(spans, at: y, in: area, into: &frame) + 1
    }
  }

  /// Draws `text` wrapped from row `y` (ASCII-spelled without Unicode); returns the rows used.
  @discardableResult
  static func paragraph(_ text: String, _ style: Style, at y: Int, in area: Rect, into frame: inout Frame) -> Int {
    paragraph([Span(text, style: style)], at: y, in: area, into: &frame)
  }

  @discardableResult
  static func paragraph(_ spans: [Span], at y: Int, in area: Rect, into frame: inout Frame) -> Int {
    let shown = spans.map { Span(ASCIIText.fitting($0.text, unicode: frame.unicode), style: $0.style) }
    let paragraph = Paragraph(spans: shown)
    let rows = min(paragraph.lines(width: area.width).count, max(0, area.bottom - y))
    frame.render(paragraph, in: Rect(x: area.x, y: y, width: area.width, height: rows))
    return rows
  }

  /// The paragraphs of the question on screen (blank rows between them), packed so that
  /// the answer line stays on an 80×24 terminal with a hint showing: the options are one
  /// paragraph, the first try and its hint another.
  static func question(_ session: QuizSession, quiz: Quiz, unicode: Bool) -> [[Span]] {
    var paragraphs: [[Span]] = []
    func add(_ text: String, _ style: Style) { paragraphs.append([Span(text, style: style)]) }
    let total = quiz.questions.count
    let question = quiz.questions[session.questionIndex]
    paragraphs.append([Span("Question \(session.questionIndex + 1) of \(total): ", style: Style(bold: true)),
                       Span(question.prompt)])
    if !question.steps.isEmpty {
      add(question.steps.map { (unicode ? "• " : "* ") + $0 }.joined(separator: "\n"), .plain)
    }
    if !question.options.isEmpty {
      add(question.options.enumerated().map { "  \(QuizQuestion.letter($0))) \($1.text)" }.joined(separator: "\n"), .plain)
    }
    if let (first, hint) = session.hint {
      paragraphs.append([Span("First try: \(first.response). \(first.headline)\n", style: Style(fg: .yellow, bold: true)),
                         Span("Hint: \(hint)", style: Style(fg: .cyan))])
    }
    add("Answer: \(session.answer)" + (session.current == nil ? "_" : ""), Style(bold: true))
    if let verdict = session.current {
      let color: Color = verdict.outcome == .correct ? .green : verdict.outcome == .partial ? .yellow : .red
      add(verdict.headline, Style(fg: color, bold: true))
      add("Answer: \(verdict.answerKey). \(verdict.explanation)", .plain)
      let next = session.questionIndex + 1 < total ? "Enter: next question." : "Enter: the review."
      add("Score so far: \(session.score.text). \(next)", Style(dim: true))
    } else if let notice = session.notice {
      add(notice + " Not graded: try again.", Style(fg: .yellow, bold: true))
    } else if session.hint != nil {
      add("One more try, enter to check (enter alone gives up), esc to leave the quiz.", Style(dim: true))
    } else {
      let how: String
      switch question.kind {
      case .choice: how = "Type a letter"
      case .multi: how = "Type every right letter (abd, a b d or a, b, d)"
      case .numeric: how = "Type a number (1516, 1,516 and 1 516 all read the same)"
      case .short: how = "Type the answer"
      }
      add("\(how), enter to check, esc to leave the quiz.", Style(dim: true))
    }
    return paragraphs
  }

  /// The end: score, then each missed question (the question; the answers given and the
  /// right one; where it is taught), the focused one reversed and kept in view.
  static func renderReview(_ session: QuizSession, lesson: Lesson, quiz: Quiz, in area: Rect, into frame: inout Frame) {
    guard !area.isEmpty else { return }
    let review = QuizReview(lesson: lesson, quiz: quiz, results: session.graded)
    var y = area.y
    y += paragraph("\(quiz.title): done. Score: \(review.score.text).", Style(bold: true), at: y, in: area, into: &frame) + 1
    guard !review.missed.isEmpty else {
      y += paragraph("Every question right the first time.", Style(fg: .green, bold: true), at: y, in: area, into: &frame)
      paragraph("Enter or esc goes back to the lesson.", Style(dim: true), at: y, in: area, into: &frame)
      return
    }
    y += paragraph("To review (\(review.missed.count)): ↑/↓ choose, enter opens where it is taught, esc goes back to the lesson.",
                   Style(dim: true), at: y, in: area, into: &frame) + 1
    let ellipsis = frame.unicode ? "…" : "~"
    func line(_ text: String, _ style: Style) {
      guard y < area.bottom else { return }
      let row = area.row(y - area.y)
      if style.reverse { frame.buffer.fill(row, with: Cell(" ", style: style)) }
      let shown = ASCIIText.fitting(text, unicode: frame.unicode).fitted(to: area.width, ellipsis: ellipsis)
      frame.buffer.put(shown, at: Point(x: area.x, y: y), style: style, clippedTo: row)
      y += 1
    }
    // Four rows an entry: the question, the answers, where it is taught, a blank.
    let visible = max(1, (area.bottom - y + 1) / 4)
    let focus = min(session.reviewFocus, review.missed.count - 1)
    let offset = Table.offset(keeping: focus, visible: visible, current: max(0, focus - visible + 1))
    for (i, item) in review.missed.enumerated().dropFirst(offset).prefix(visible) {
      let focused = i == focus
      line("\(focused ? "▶" : " ") \(item.question). \(item.prompt)", focused ? Style(bold: true, reverse: true) : Style(bold: true))
      line("    \(given(item)); answer: \(item.answerKey)", .plain)
      line("    see \(item.place)", Style(fg: .cyan))
      y += 1
    }
  }

  /// "you: c", "you: 4, then 6 after the hint", "no answer".
  static func given(_ item: QuizReview.Item) -> String {
    guard item.outcome != .unanswered || item.firstResponse != nil else { return "no answer" }
    guard let first = item.firstResponse else { return "you: \(item.response)" }
    return "you: \(first), then " + (item.response.isEmpty || item.response == first ? "no second try" : "\(item.response) after the hint")
  }
}
