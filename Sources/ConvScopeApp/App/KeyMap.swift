import TerminalUI

/// The one table of key bindings. Input handling, the help overlay and the footer are all
/// generated from `bindings`, so a key cannot work without being documented, or be
/// documented without working.
public enum KeyMap {
  /// Every binding, in the order help and the footer list them: most important first, and a
  /// screen's own keys before the general ones, since a narrow footer drops hints from the end.
  public static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char("q")], label: "q", description: "quit (asks first while training runs or runs are unsaved)",
      footer: "quit", footerRank: 2, action: .quit),
    KeyBinding(
      [.char("?"), KeyEvent(.function(1))], label: "?/F1", description: "show or hide this help",
      footer: "help", action: .toggleHelp),
    KeyBinding(
      [KeyEvent(.function(5))], label: "F5", description: "presenter mode: large, one thing at a time, high contrast",
      footer: "normal view", footerWhen: { $0.isPresenting }, action: .togglePresenter),
    KeyBinding(
      [KeyEvent(.function(6))], label: "F6",
      description: "heatmap colours: next palette (default, contrast, colorblind)",
      action: .cyclePalette),
    KeyBinding(
      [.char("r")], label: "r", description: "Compare: recompute the model totals",
      footer: "recompute", scope: .screens([.compare]), action: .reloadComparison),
  ] + TourKeys.bindings + LessonPaneKeys.bindings + ExploreKeys.bindings + TrainKeys.bindings + ModelFileKeys.bindings
    + CompareKeys.bindings
    + LessonsKeys.bindings + LessonChecksKeys.bindings + TourKeys.lessonsBindings + [
    // Train's `e` picks the next run's epochs, so its pictures are on `G` (graphic). One row
    // each for both keys, so the whole Train help still fits 120×40.
    KeyBinding(
      [.char("e"), .char("S")], label: "e/S",
      description: "save the focused panel / the whole screen as SVG in exports/ (maps: PNG too)",
      scope: .screens([.explore, .compare]), action: { .exportPicture($0.key == .char("S") ? .screen : .panel) }),
    KeyBinding(
      [.char("G"), .char("S")], label: "G/S", description: "Train: save the chart and side panel / the whole screen as SVG in exports/",
      scope: .screens([.train]), action: { .exportPicture($0.key == .char("S") ? .screen : .panel) }),
    KeyBinding(
      [KeyEvent(.tab), KeyEvent(.backTab)], label: "tab/shift-tab",
      description: "next / previous screen", footer: "screens",
      action: { $0.key == .tab ? .nextScreen : .previousScreen }),
    KeyBinding(
      Screen.allCases.map { .char($0.digit) }, label: "1-4",
      description: Screen.allCases.map(\.title).joined(separator: ", "), footer: "jump",
      action: { event in
        guard case .char(let c) = event.key else { return nil }
        return Screen(digit: c).map(Action.selectScreen)
      }),
    KeyBinding([KeyEvent(.escape)], label: "esc", description: "close help", action: .closeOverlay),
    KeyBinding(
      [KeyEvent(.char("c"), modifiers: .ctrl)], label: "ctrl-c", description: "quit at once",
      scope: .always, action: .confirmQuit),
    KeyBinding(
      [.char("y")], label: "y", description: "when asked: yes, quit", footer: "quit",
      scope: .quitQuestion, action: .confirmQuit),
    KeyBinding(
      [.char("n"), KeyEvent(.escape)], label: "n/esc", description: "when asked: no, keep going",
      footer: "keep going", scope: .quitQuestion, action: .cancelQuit),
  ]

  /// What `event` does in `state`: the first binding that applies there and has the key.
  public static func action(for event: KeyEvent, in state: AppState) -> Action? {
    for binding in bindings where binding.scope.applies(in: state) {
      if let action = binding.action(for: event) { return action }
    }
    return nil
  }

  /// The bindings active in `state`.
  public static func activeBindings(in state: AppState) -> [KeyBinding] {
    bindings.filter { $0.scope.applies(in: state) }
  }

  /// The footer's hints: the active bindings that have a footer text and are worth showing now.
  public static func footerHints(for state: AppState) -> [KeyHint] {
    footerEntries(for: state).map(\.hint)
  }

  /// The footer's hints with their ranks (`KeyBinding.footerRank`), in table order.
  static func footerEntries(for state: AppState) -> [(hint: KeyHint, rank: Int)] {
    if let prompt = ModelFileKeys.footerHints(for: state) ?? ExplorePromptKeys.footerHints(for: state) {
      return prompt.map { ($0, 0) }
    }
    let shown = bindings.filter { $0.showsInFooter(in: state) }
    // A playing tour takes some keys first; a screen's hint naming one of them would lie.
    let taken = shown.filter { $0.scope == .tour }.flatMap(\.keys)
    let kept = shown.filter { $0.scope == .tour || !$0.keys.contains(where: taken.contains) }
    return (state.isPresenting ? Presenter.footer(kept, in: state) : kept).compactMap { b in b.footerHint.map { ($0, b.footerRank) } }
  }

  /// The help for `screen`: that screen's own keys first, then the keys that work everywhere,
  /// plus the one mouse gesture. Listing every screen's keys at once no longer fits a 60×16
  /// terminal, and keys of other screens would only mislead.
  public static func helpEntries(for screen: Screen) -> [KeyHint] {
    let own = bindings.filter { if case .screens(let s) = $0.scope { return s.contains(screen) } else { return false } }
    let general = bindings.filter { if case .screens = $0.scope { return false } else { return true } }
    // A tour's keys come first in the table (they win while it plays) but last in help,
    // which is read mostly when no tour plays.
    let tour = general.filter { $0.scope == .tour }
    return (own + general.filter { $0.scope != .tour } + tour).map(\.helpHint) + [KeyHint("click", "a tab: go to that screen")]
  }

  /// Every binding in the table, for every screen (tests check each appears in some help).
  public static var helpEntries: [KeyHint] {
    bindings.map(\.helpHint) + [KeyHint("click", "a tab: go to that screen")]
  }
}
