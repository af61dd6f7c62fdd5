import TerminalUI

/// The keys of the Explore prompt. While it is open every printable key is typing (so `q`,
/// digits and `?` go into the line instead of quitting or switching screens), which is why
/// they are read here, before the key table, as a quiz's answers are.
enum ExplorePromptKeys {
  /// The prompt's action for `key`, or nil when the prompt is closed or the key is not one
  /// of its own (Ctrl-C then still quits through the key table).
  static func action(for key: KeyEvent, in state: AppState) -> Action? {
    guard state.screen == .explore, state.explore.prompt != nil, !state.isQuitPending, !state.isHelpVisible
    else { return nil }
    switch lineKey(key) {
    case .edit(let edit): return .explore(.promptEdit(edit))
    case .submit: return .explore(.promptSubmit)
    case .cancel: return .explore(.promptCancel)
    case nil: return nil
    }
  }

  /// What a key does to a one-line prompt (this one and the model-file prompt).
  enum LineKey: Equatable {
    case edit(TextLineEditor.Edit)
    case submit
    case cancel
  }

  static func lineKey(_ key: KeyEvent) -> LineKey? {
    switch key.key {
    // The shell's line-editing habits: Ctrl-A / Ctrl-E jump to the start / end.
    case .char("a") where key.modifiers == .ctrl: return .edit(.home)
    case .char("e") where key.modifiers == .ctrl: return .edit(.end)
    case .char(let c) where key.modifiers.isEmpty || key.modifiers == .shift:
      return TextLineEditor.isPrintable(c) ? .edit(.insert(c)) : nil
    case .backspace: return .edit(.deleteBackward)
    case .delete: return .edit(.deleteForward)
    case .left: return .edit(.left)
    case .right: return .edit(.right)
    case .home: return .edit(.home)
    case .end: return .edit(.end)
    case .enter: return .submit
    case .escape: return .cancel
    default: return nil
    }
  }

  /// A one-line prompt's keys, for the footer.
  static let lineHints = [KeyHint("enter", "load"), KeyHint("esc", "cancel"), KeyHint("←/→ home/end", "move"),
                          KeyHint("backspace/del", "erase")]

  /// The footer while the prompt is open: its own keys instead of the screen's, which do
  /// not work then.
  static func footerHints(for state: AppState) -> [KeyHint]? {
    guard state.screen == .explore, state.explore.prompt != nil, !state.isQuitPending else { return nil }
    return lineHints
  }
}
