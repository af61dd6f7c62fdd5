import TerminalUI

/// The Lessons screen's rows of the key table, and the keys a quiz takes as typing.
enum LessonsKeys {
  static let scope = KeyBinding.Scope.screens([.lessons])

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char("]"), .char("[")], label: "]/[", description: "Lessons: focus the next / previous link",
      footer: "links", scope: scope, action: { .lessons(.moveLinkFocus($0.key == .char("]") ? 1 : -1)) }),
    KeyBinding(
      [KeyEvent(.enter)], label: "enter", description: "Lessons: follow the focused link",
      footer: "follow", scope: scope, action: .lessons(.followLink)),
    KeyBinding(
      [KeyEvent(.down), KeyEvent(.up)], label: "↓/↑", description: "Lessons: scroll the lesson (or its task list)",
      scope: scope, action: { .lessons(.scroll($0.key == .down ? 1 : -1)) }),
    KeyBinding(
      [KeyEvent(.pageDown), KeyEvent(.pageUp), .char(" ")], label: "pgdn/pgup",
      description: "Lessons: scroll a page", scope: scope,
      action: { .lessons(.page($0.key == .pageUp ? -1 : 1)) }),
    KeyBinding(
      [.char("n"), .char("p")], label: "n/p", description: "Lessons: next / previous lesson",
      footer: "lesson", scope: scope, action: { .lessons(.moveLesson($0.key == .char("n") ? 1 : -1)) }),
    KeyBinding(
      [.char("t")], label: "t", description: "Lessons: take the lesson's quiz (type, enter, esc)",
      footer: "quiz", scope: scope, action: .lessons(.startQuiz)),
  ]

  /// Enter during a quiz (read by `quizAction`, not the table), as presenter mode's footer
  /// names it: what it does at this point of the quiz.
  static func quizEnter(_ state: AppState) -> KeyBinding? {
    guard let session = state.lessons.quiz else { return nil }
    let footer = LessonsQuiz.isDone(in: state) ? "back to the lesson"
      : session.current == nil ? "check the answer" : "next question"
    return KeyBinding([KeyEvent(.enter)], label: "enter", description: "Lessons quiz: \(footer)", footer: footer,
                      scope: scope, action: .lessons(.quizEnter))
  }

  /// While a quiz is open every plain key is part of the answer, so it is read here before
  /// the key table (where `q` would quit and digits would switch screens).
  static func quizAction(for key: KeyEvent, in state: AppState) -> Action? {
    guard state.screen == .lessons, state.lessons.quiz != nil, !state.isQuitPending, !state.isHelpVisible
    else { return nil }
    switch key.key {
    case .char(let c) where key.modifiers.isEmpty || key.modifiers == .shift:
      return .lessons(.quizType(c))
    case .backspace: return .lessons(.quizErase)
    case .down: return .lessons(.quizMoveReview(1))
    case .up: return .lessons(.quizMoveReview(-1))
    case .enter: return .lessons(.quizEnter)
    case .escape: return .lessons(.quizClose)
    default: return nil
    }
  }
}
