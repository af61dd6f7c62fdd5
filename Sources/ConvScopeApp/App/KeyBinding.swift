import TerminalUI

/// One row of the key table: which keys, where they work, what they do, and how help and
/// the footer describe them. `KeyMap.bindings` is the single list of these.
public struct KeyBinding: Sendable {
  /// Where a binding is active.
  public enum Scope: Sendable, Hashable {
    /// In every state, even while the quit question is open.
    case always
    /// On every screen, unless the quit question is open.
    case everyScreen
    /// On the listed screens only, while the screen has the keys (not the docked lesson),
    /// unless the quit question is open.
    case screens(Set<Screen>)
    /// On the screens the lesson pane docks beside, whichever side has the keys.
    case docking
    /// While the docked lesson has the keys.
    case lessonPane
    /// Only while the quit question is open.
    case quitQuestion
    /// While a tour plays (not under the help or the quit question), whichever side has the keys.
    case tour

    /// Whether a binding with this scope applies in `state`.
    public func applies(in state: AppState) -> Bool {
      switch self {
      case .always: true
      case .everyScreen: !state.isQuitPending
      case .screens(let screens): !state.isQuitPending && screens.contains(state.screen) && !state.isLessonPaneFocused
      case .docking: !state.isQuitPending && state.screen.canDockLesson
      case .lessonPane: !state.isQuitPending && state.isLessonPaneFocused
      case .quitQuestion: state.isQuitPending
      case .tour: !state.isQuitPending && !state.isHelpVisible && state.tour.isPlaying
      }
    }
  }

  /// The keys that trigger this binding.
  public let keys: [KeyEvent]
  /// How the keys are written in help and the footer, e.g. `tab/shift-tab`.
  public let label: String
  /// The help overlay's description.
  public let description: String
  /// The footer's short description; nil keeps the binding out of the footer.
  public let footer: String?
  public let scope: Scope
  /// When the footer lists the binding (nil: wherever it applies). A key that only matters in
  /// some situations (following a run needs a run) would otherwise push a key that always
  /// works off a narrow footer.
  private let footerWhen: (@Sendable (AppState) -> Bool)?
  /// How much the footer wants this hint when it has room for only some: higher ranks are
  /// kept first (the hints still show in table order). A tour's "next" and "leave" must
  /// survive an 80-column footer whose right half is the status line.
  public let footerRank: Int
  /// The action for one of `keys` (bindings with several keys may map them differently).
  private let resolve: @Sendable (KeyEvent) -> Action?

  public init(
    _ keys: [KeyEvent], label: String, description: String, footer: String? = nil,
    scope: Scope = .everyScreen, footerWhen: (@Sendable (AppState) -> Bool)? = nil, footerRank: Int = 0,
    action resolve: @escaping @Sendable (KeyEvent) -> Action?
  ) {
    self.keys = keys
    self.label = label
    self.description = description
    self.footer = footer
    self.scope = scope
    self.footerWhen = footerWhen
    self.footerRank = footerRank
    self.resolve = resolve
  }

  /// The same action for every key.
  public init(
    _ keys: [KeyEvent], label: String, description: String, footer: String? = nil,
    scope: Scope = .everyScreen, footerWhen: (@Sendable (AppState) -> Bool)? = nil, footerRank: Int = 0, action: Action
  ) {
    self.init(
      keys, label: label, description: description, footer: footer, scope: scope,
      footerWhen: footerWhen, footerRank: footerRank, action: { _ in action })
  }

  /// Whether the footer lists this binding in `state` (it must also apply there).
  public func showsInFooter(in state: AppState) -> Bool {
    footer != nil && scope.applies(in: state) && (footerWhen?(state) ?? true)
  }

  /// Whether `event` is one of this binding's keys. Terminals disagree on whether Shift-Tab
  /// carries a shift modifier, so for it the modifier is ignored.
  public func matches(_ event: KeyEvent) -> Bool {
    keys.contains { key in
      key.key == event.key
        && (key.modifiers == event.modifiers
          || (event.key == .backTab && event.modifiers.subtracting(.shift) == key.modifiers))
    }
  }

  /// The action for `event`, if it is one of this binding's keys.
  public func action(for event: KeyEvent) -> Action? {
    matches(event) ? resolve(event) : nil
  }

  /// The help overlay's line for this binding.
  public var helpHint: KeyHint { KeyHint(label, description) }

  /// The footer's hint, if the binding is shown there.
  public var footerHint: KeyHint? { footer.map { KeyHint(label, $0) } }

  /// The same binding under another footer text: presenter mode's footer says what the key
  /// does now ("resume" for a paused run's space).
  func footer(_ text: String) -> KeyBinding {
    KeyBinding(keys, label: label, description: description, footer: text, scope: scope, footerWhen: footerWhen,
               footerRank: footerRank, action: resolve)
  }
}
