import TerminalUI

/// The model-file keys of Explore and Train (`KeyMap.bindings` includes them), and the keys of
/// the prompt and the report, which take the keys while they are open (as the Explore prompt
/// does), before the key table.
enum ModelFileKeys {
  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char("F"), .char("M")], label: "F M",
      description: "open a model file (*.convnet) / edit it in $EDITOR, reload, see what changed",
      scope: .screens([.explore, .train]),
      action: { .modelFile($0.key == .char("F") ? .openPrompt : .edit) }),
  ]

  /// The prompt's or the report's action for `key`, or nil when neither is open (Ctrl-C then
  /// still quits through the key table).
  static func action(for key: KeyEvent, in state: AppState) -> Action? {
    guard !state.isQuitPending, !state.isHelpVisible else { return nil }
    let isCtrlC = key.key == .char("c") && key.modifiers == .ctrl
    if state.modelFiles.prompt != nil, state.screen == state.modelFiles.promptScreen {
      switch ExplorePromptKeys.lineKey(key) {
      case .edit(let edit): return .modelFile(.promptEdit(edit))
      case .submit: return .modelFile(.promptSubmit)
      case .cancel: return .modelFile(.promptCancel)
      case nil: return nil
      }
    }
    // Any key closes the report of an edit, which covers the screen it is about.
    if let report = state.modelFiles.report, report.screen == state.screen, !isCtrlC {
      return .modelFile(.closeReport)
    }
    return nil
  }

  /// The footer while the prompt is open: its own keys.
  static func footerHints(for state: AppState) -> [KeyHint]? {
    guard state.modelFiles.prompt != nil, state.screen == state.modelFiles.promptScreen, !state.isQuitPending
    else { return nil }
    return ExplorePromptKeys.lineHints
  }
}
