import TerminalUI

/// Presenter mode's rules that are not one screen's: a room reads the footer from far away,
/// so it keeps only the key that moves the talk on.
enum Presenter {
  /// In a tour, the tour's "next" alone (space); elsewhere the screen's first key and F5's
  /// way back to the normal view (on Compare F5 alone: its three totals have no next step).
  /// `shown` is the footer's bindings in table order.
  static func footer(_ shown: [KeyBinding], on screen: Screen) -> [KeyBinding] {
    if let next = shown.first(where: { $0.scope == .tour && $0.action(for: .char(" ")) != nil }) { return [next] }
    let first = shown.first { if case .screens = $0.scope { return true } else { return false } }
    let leave = shown.first { $0.matches(KeyEvent(.function(5))) }
    return [screen == .compare ? nil : first, leave].compactMap { $0 }
  }
}
