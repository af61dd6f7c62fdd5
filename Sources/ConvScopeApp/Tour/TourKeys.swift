import TerminalUI

/// The tour's rows of the key table. While a tour plays they come before every screen's and
/// the docked lesson's keys, so Space, the arrows, `p` and Esc steer the tour on any screen;
/// `T` starts one from the Lessons tab. When the footer is short of room, "next" and
/// "leave" are kept before anything else, then quit and pause, then back.
enum TourKeys {
  static let bindings: [KeyBinding] = [
    KeyBinding(
      [.char(" "), KeyEvent(.right)], label: "space/→", description: "Tour: next step",
      footer: "next", scope: .tour, footerRank: 3, action: .tour(.step(1))),
    KeyBinding(
      [KeyEvent(.left)], label: "←", description: "Tour: previous step (shown exactly as before)",
      footer: "back", scope: .tour, footerRank: 1, action: .tour(.step(-1))),
    KeyBinding(
      [.char("p")], label: "p", description: "Tour: pause or resume moving on by itself",
      footer: "pause", scope: .tour, footerWhen: showsPause, footerRank: 2, action: .tour(.togglePause)),
    KeyBinding(
      [KeyEvent(.escape)], label: "esc", description: "Tour: leave the tour",
      footer: "leave", scope: .tour, footerRank: 3, action: .tour(.leave)),
  ]

  /// After the Lessons tab's own keys. Not in its footer, which is full at 100 columns: the
  /// help lists it, and so does the README.
  static let lessonsBindings: [KeyBinding] = [
    KeyBinding(
      [.char("T")], label: "T", description: "Lessons: play the open lesson's tour (or the first one)",
      scope: .screens([.lessons]), action: .tour(.playForOpenLesson)),
  ]

  /// `p` matters only on steps that move on by themselves.
  private static func showsPause(_ state: AppState) -> Bool {
    guard let step = state.tour.current else { return false }
    return step.advance != .key
  }
}
