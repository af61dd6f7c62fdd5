import TerminalUI

/// Decides how many colours to use from what the terminal and the user say.
///
/// The order matters: the user's wish for no colour wins over everything; then a terminal
/// without colour; then what the terminfo entry declares.
///
/// Direct colour needs a terminfo entry that declares it (the `RGB` flag of `xterm-direct`,
/// `tmux-direct`, … or 2^24 colours): ncurses can only send the colours its entry describes.
/// `COLORTERM=truecolor` with `TERM=xterm-256color` therefore stays at 256 colours; users
/// who want 24-bit heatmaps can start with `TERM=xterm-direct` (package ncurses-term).
enum ColorDepthProbe {
  static func depth(
    noColorFlag: Bool, environment: [String: String], hasColors: Bool, colors: Int, rgbFlag: Bool
  ) -> ColorDepth {
    if noColorFlag { return .mono }
    if ColorDepth.noColorRequested(environment) { return .mono }
    guard hasColors else { return .mono }
    if rgbFlag || colors >= 1 << 24 { return .direct }
    if colors >= 256 { return .c256 }
    if colors >= 16 { return .c16 }
    if colors >= 8 { return .c8 }
    return .mono
  }
}
