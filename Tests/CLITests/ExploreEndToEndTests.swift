import Foundation
import Testing
import TestSupport

/// The Explore screen in the real binary under tmux: step to C3 on test digit 0, zoom a map,
/// read the inspector and the prediction; draw a 1 and see it read as 1; page AlexNet's conv1. Uses the `Tmux` helper of the workbench tests
/// (same test module; private `-L` server, clean signal mask).
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct ExploreEndToEndTests {
  @Test func stepToC3ZoomAndInspect() throws {
    let tmux = try Tmux.start(width: 120, height: 40)
    defer { tmux.kill() }
    try tmux.waitFor("the first forward pass") { $0.joined().contains("Prediction: 7") }
    for _ in 0..<3 { try tmux.send("Right") }
    try tmux.waitFor("C3 highlighted in the strip") { $0.joined().contains("C3 16×10×10") }
    try tmux.send("Enter")
    try tmux.waitFor("the zoomed map") { $0.joined().contains("map 0: value at (y 0, x 0)") }
    try tmux.send("Down")
    try tmux.waitFor("the inspector for the cursor") { $0.joined().contains("C3 map 0 at row 1, col 0") }
    #expect(try tmux.screen().joined().contains("Prediction: 7 100.0%"))

    // Draw a "1": a thick vertical stroke down the middle of the canvas.
    try tmux.send("d")
    try tmux.waitFor("the canvas") { $0.joined().contains("Drawing: arrows move") }
    try tmux.send("+")
    try tmux.waitFor("the bigger pen") { $0.joined().contains("+ pen 2") }
    for _ in 0..<9 { try tmux.send("Up") }
    for _ in 0..<19 { try tmux.send("Space", "Down") }
    try tmux.send("Space")
    try tmux.waitFor("the drawn digit read as 1") { $0.joined().contains("Prediction: 1") }

    // AlexNet: two models on from LeNet-5; its conv1 has 96 maps, more than one page.
    try tmux.send("m", "m")
    try tmux.waitFor("AlexNet's forward pass", timeout: 60) {
      $0.joined().contains("Explore · alexnet · ") && $0.joined().contains("Prediction")
    }
    try tmux.send("Right")
    try tmux.waitFor("conv1's first page") { $0.joined().contains("maps 0–") && $0.joined().contains("of 96") }
    try tmux.send("NPage")
    try tmux.waitFor("conv1's second page") { lines in
      lines.contains { $0.contains("of 96") && !$0.contains("maps 0–") && $0.contains("maps ") }
    }
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }
}
