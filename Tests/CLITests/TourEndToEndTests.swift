import Foundation
import Testing
import TestSupport

/// "LeNet-5 in five minutes" played by keys on the real workbench under tmux: each step's
/// screen and text, back with ←, pause, and Esc leaving with the terminal restored.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct TourEndToEndTests {
  /// `--present` at 80×24: the tour's pane under the screen, the footer down to the key that
  /// moves on; F5 gives the normal footer back.
  @Test func presenterModeOnATourAt80x24() throws {
    let line = "\(Tmux.quoted(CommandRunner.binary)) tour lenet5-in-five-minutes --present; exec sleep 600"
    let tmux = try Tmux.start(width: 80, height: 24, command: ["sh", "-c", line], directory: Fixtures.packageRoot)
    defer { tmux.kill() }
    try tmux.waitFor("the tour in presenter mode") { lines in
      // The hint alone; the status line's step title follows at the right.
      lines.count == 24 && lines.joined().contains("1/5") && lines[23].hasPrefix("space/→ next  ")
        && !lines[23].contains("leave") && !lines[23].contains("quit")
    }
    try tmux.send("F5")
    try tmux.waitFor("the normal footer") { $0.count == 24 && $0[23].contains("esc leave") && $0[23].contains("normal view") }
    try tmux.send("F5")
    try tmux.waitFor("presenting again") { $0.count == 24 && $0[23].hasPrefix("space/→ next") }
  }

  @Test func lenet5InFiveMinutesPlaysByKeys() throws {
    let binary = Tmux.quoted(CommandRunner.binary)
    let script = """
      before=$(stty -g); \(binary) tour lenet5-in-five-minutes; status=$?; after=$(stty -g); \
      [ "$before" = "$after" ] && same=yes || same=no; \
      printf '\\nEXIT:%s MODES-SAME:%s\\n' "$status" "$same"; exec sleep 600
      """
    let tmux = try Tmux.start(width: 160, height: 45, command: ["sh", "-c", script], directory: Fixtures.packageRoot)
    defer { tmux.kill() }
    // Step 1: the padded input, the clock counting down (p stops it).
    try tmux.waitFor("step 1 beside Explore") { lines in
      lines.count == 45 && lines[1].contains("Tour · LeNet-5 in five minutes · 1/5 · next in")
        && lines.joined().contains("Input: mnist test #0") && lines[44].contains("space/→ next")
    }
    try tmux.send("p")
    try tmux.waitFor("the clock paused") { $0[1].contains("1/5 · paused") }
    // Step 2: C1 zoomed with the explain view open on row 12, column 14.
    try tmux.send("Space")
    try tmux.waitFor("step 2: C1 explained") { lines in
      lines[1].contains("2/5") && lines.joined().contains("C1 map 2 at row 12, col 14")
        && lines.joined().contains("Try it: press i")
    }
    try tmux.send("Right")
    try tmux.waitFor("step 3: S2") { $0[1].contains("3/5") && $0.joined().contains("S2 6×14×14") }
    try tmux.send("Right")
    try tmux.waitFor("step 4: C3's table") { lines in
      lines[1].contains("4/5") && lines.joined().contains("S2 maps 0, 1, 2, 3 (4 of 6)")
    }
    try tmux.send("Space")
    try tmux.waitFor("step 5: the RBF output") { lines in
      lines[1].contains("5/5") && lines.joined().contains("The RBF output: the smallest distance wins")
    }
    // Back to step 2, shown as it was.
    try tmux.send("Left", "Left", "Left")
    try tmux.waitFor("step 2 again") { $0[1].contains("2/5") && $0.joined().contains("C1 map 2 at row 12, col 14") }
    // Esc leaves the tour: the pane closes (no lesson was docked before), and Explore is
    // back as it was before the tour (its first layer, nothing zoomed or explained).
    try tmux.send("Escape")
    try tmux.waitFor("the tour left") { lines in
      !lines.joined().contains("Tour ·") && lines[44].contains("Left the tour")
        && !lines.joined().contains("C1 map 2 at row 12, col 14") && lines.joined().contains("Input: mnist test #0")
    }
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
    #expect(outcome.sameModes)
  }
}
