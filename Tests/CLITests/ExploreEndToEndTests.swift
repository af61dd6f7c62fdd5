import Foundation
import Testing
import TestSupport

/// The Explore screen in the real binary under tmux: step to C3 on test digit 0, zoom a map,
/// read the inspector and the prediction. Uses the `Tmux` helper of the workbench tests
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
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }
}
