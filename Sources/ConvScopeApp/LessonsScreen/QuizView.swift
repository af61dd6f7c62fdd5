import TerminalUI

/// Draws the question being answered: prompt, options, the typed answer, and once graded
/// the verdict, the explanation and the running score.
enum QuizView {
  static func render(_ session: QuizSession, quiz: Quiz, in area: Rect, into frame: inout Frame) {
    var paragraphs: [(String, Style)] = []
    let total = quiz.questions.count
    if session.questionIndex >= total {
      paragraphs.append(("\(quiz.title): done.", Style(bold: true)))
      paragraphs.append(("Score: \(session.score.text)", .plain))
      paragraphs.append(("Enter or esc goes back to the lesson.", Style(dim: true)))
    } else {
      let question = quiz.questions[session.questionIndex]
      paragraphs.append(("Question \(session.questionIndex + 1) of \(total)", Style(bold: true)))
      paragraphs.append((question.prompt, .plain))
      for step in question.steps { paragraphs.append(("• " + step, .plain)) }
      for (i, option) in question.options.enumerated() {
        paragraphs.append(("  \(QuizQuestion.letter(i))) \(option.text)", .plain))
      }
      paragraphs.append(("Answer: \(session.answer)" + (session.current == nil ? "_" : ""), Style(bold: true)))
      if let verdict = session.current {
        let mark = verdict.outcome == .correct ? "Right" : verdict.outcome == .partial ? "Partly right" : "Not right"
        let color: Color = verdict.outcome == .correct ? .green : verdict.outcome == .partial ? .yellow : .red
        paragraphs.append(("\(mark): \(verdict.feedback)", Style(fg: color, bold: true)))
        paragraphs.append(("Answer: \(verdict.answerKey). \(verdict.explanation)", .plain))
        paragraphs.append(("Score so far: \(session.score.text). Enter: next question.", Style(dim: true)))
      } else {
        let hint = question.options.isEmpty ? "Type the answer" : "Type the letter(s)"
        paragraphs.append(("\(hint), enter to check, esc to leave the quiz.", Style(dim: true)))
      }
    }
    var y = area.y
    for (text, style) in paragraphs where y < area.bottom {
      let paragraph = Paragraph(text, style: style)
      let rows = min(paragraph.lines(width: area.width).count, area.bottom - y)
      frame.render(paragraph, in: Rect(x: area.x, y: y, width: area.width, height: rows))
      y += rows + 1
    }
  }
}
