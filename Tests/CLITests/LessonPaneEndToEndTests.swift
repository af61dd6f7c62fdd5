import Foundation
import Testing
import TestSupport

/// The docked lesson on the real workbench under tmux: a link followed on the Lessons tab
/// shows Explore with the lesson beside it; the pane scrolls, the keys move to the screen
/// with `O`, and the screen's own keys then work; at 100 columns the pane goes below.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct LessonPaneEndToEndTests {
  /// The pane's "first-last of total" on its bottom edge.
  static func position(_ lines: [String]) -> String? {
    for line in lines.reversed() {
      guard let range = line.range(of: #" \d+-\d+ of \d+ "#, options: .regularExpression) else { continue }
      return String(line[range])
    }
    return nil
  }

  @Test func aFollowedLinkDocksTheLessonBesideTheScreen() throws {
    let tmux = try Tmux.start(width: 160, height: 45)
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Lessons") == true }
    try tmux.send("4")
    try tmux.waitFor("the Lessons screen") { $0.count > 1 && $0[1].contains("┌ Lessons ") }
    // Lesson 01's third workbench link is Explore on LeNet-5's C1.
    try tmux.send("]", "]", "]")
    try tmux.waitFor("the Explore link focused") { $0.last?.contains("convscope:explore?model=lenet5&layer=C1&input=mnist:test:0") == true }
    try tmux.send("Enter")
    // Explore on the left (96 columns), the lesson on the right from column 96.
    try tmux.waitFor("Explore and the lesson side by side") { lines in
      lines.count == 45 && lines[1].contains("Lesson · Convolution and feature maps")
        && lines.joined().contains("C1 6×28×28") && Array(lines[1])[96] == "┌"
        && lines[44].contains("O focus")
    }
    let docked = try #require(Self.position(try tmux.screen()))
    // The pane has the keys: ↓ scrolls it, not Explore's maps.
    try tmux.send("Down", "Down", "Down")
    try tmux.waitFor("the pane scrolled three lines") { lines in
      guard let now = Self.position(lines), let first = Int(docked.split(separator: "-")[0].trimmingCharacters(in: .whitespaces)) else { return false }
      return now.hasPrefix(" \(first + 3)-")
    }
    // O gives the keys to Explore: → steps to the next layer beside the pane.
    try tmux.send("O")
    try tmux.waitFor("the screen's keys in the footer") { $0[44].contains("layer") && !$0[44].contains("follow") }
    try tmux.send("Right")
    try tmux.waitFor("Explore on S2, the lesson still there") { lines in
      lines.joined().contains("S2 6×14×14") && lines[1].contains("Lesson · Convolution and feature maps")
    }
    // Narrower than 110 columns the pane goes below the screen, at the same place.
    try tmux.resize(width: 100, height: 30)
    try tmux.waitFor("the pane below") { lines in
      lines.count == 30 && lines.contains { $0.hasPrefix("┌ Lesson · Convolution and feature maps") }
        && lines.joined().contains("S2 6×14×14")
    }
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }
}
