import Foundation
import Testing
import TestSupport

/// The Train screen for real: the workbench under tmux trains LeNet-5 (1998) for one epoch
/// on MNIST, started by keys as a user would, and the test reads the accuracy off the screen.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct TrainEndToEndTests {
  @Test func oneEpochOfLeNet5ReachesNinetySevenPercentOnScreen() throws {
    let folder = Fixtures.temporaryDirectory()
    let tmux = try Tmux.start(width: 120, height: 40, directory: folder)
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try tmux.send("2")
    try tmux.waitFor("the Train screen") { $0.count > 1 && $0[1].contains("┌ Train ") }
    // e: one epoch instead of the recipe's 20; enter starts.
    try tmux.send("e")
    try tmux.waitFor("epochs set to 1") { $0.joined().contains("epochs 1 ") }
    try tmux.send("Enter")
    try tmux.waitFor("training to run") { $0.joined().contains("img/s") }
    // A debug binary trains ~30× slower than release (make test passes the release one).
    try tmux.waitFor("the epoch to finish", timeout: 600) { $0.joined().contains("finished ·") }
    let lines = try tmux.screen()
    // The epoch table's row: "  1  <loss>  <train acc>%  <test loss>  <test acc>%  <img/s>  <time>".
    let row = try #require(lines.first { $0.hasPrefix("│  1 ") && $0.contains("%") }, "no epoch row:\n\(lines.joined(separator: "\n"))")
    let percents = row.split(separator: " ").filter { $0.hasSuffix("%") }.compactMap { Double($0.dropLast()) }
    #expect(percents.count == 2)
    let testAccuracy = try #require(percents.last)
    #expect(testAccuracy >= 97, "test accuracy after one epoch on screen: \(testAccuracy)%")
    #expect(lines.joined().contains("test \(String(format: "%.2f", testAccuracy))%"))
    // The mistakes gallery comes from the same evaluation.
    try tmux.send("v")
    try tmux.waitFor("the misclassified gallery") { $0.joined().contains("misclassified: ") }
    // The finished run is not saved: q asks first; n goes back to it.
    try tmux.send("q")
    try tmux.waitFor("the quit question") { $0.joined().contains("1 run is not saved") }
    try tmux.send("n")
    try tmux.waitFor("the question to close") { !$0.joined().contains("quit? y/n") }
    // After the run has ended, w saves it and x exports its metrics.
    let stem = folder + "/runs/lenet5-mnist-seed1-run1"
    try tmux.send("w")
    try tmux.waitFor("the save") { $0.joined().contains("Saved run 1: runs/lenet5-mnist-seed1-run1.safetensors") }
    #expect(FileManager.default.fileExists(atPath: stem + ".safetensors"))
    #expect(FileManager.default.fileExists(atPath: stem + ".jsonl"))
    try tmux.send("x")
    try tmux.waitFor("the export") { $0.joined().contains("Exported run 1: runs/lenet5-mnist-seed1-run1.csv and .jsonl") }
    #expect(FileManager.default.fileExists(atPath: stem + ".csv"))
    // Everything is saved: q quits at once.
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }

  /// The ReLU-vs-tanh link of lesson 5: two one-epoch runs, the second drawn over the first
  /// with its own glyph, and the verdict line under the chart; quitting asks for both runs.
  @Test func reluVersusTanhLessonLinkDrawsTwoCurvesAndAVerdict() throws {
    let tmux = try Tmux.start(width: 120, height: 40, directory: Fixtures.temporaryDirectory())
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Lessons") == true }
    try tmux.send("4")
    try tmux.waitFor("the Lessons screen") { $0.joined().contains("┌ Lessons ") }
    // n, one lesson at a time, until lesson 5 (part 2) is open.
    for _ in 0..<6 {
      let before = try tmux.screen().joined()
      if before.contains("AlexNet, part 2: ReLU") { break }
      try tmux.send("n")
      try tmux.waitFor("the next lesson") { $0.joined() != before }
    }
    try tmux.waitFor("lesson 5") { $0.joined().contains("AlexNet, part 2: ReLU") }
    // ] until the footer names the ReLU-vs-tanh link (the lesson's links before it lead
    // to other lessons).
    for _ in 0..<8 {
      if try tmux.screen().last?.contains("relu-vs-tanh") == true { break }
      let before = try tmux.screen().last ?? ""
      try tmux.send("]")
      try tmux.waitFor("the next link") { ($0.last ?? "") != before }
    }
    try tmux.waitFor("the ReLU-vs-tanh link") { $0.last?.contains("relu-vs-tanh") == true }
    try tmux.send("Enter")
    try tmux.waitFor("the Train screen") { $0.count > 1 && $0[1].contains("┌ Train ") }
    // The followed link docked the lesson beside Train; D closes it so Train has the 120
    // columns whose one-line verdict this test reads.
    try tmux.waitFor("the lesson docked") { $0.count > 1 && $0[1].contains("Lesson · ") }
    try tmux.send("D")
    try tmux.waitFor("the lesson closed") { $0.count > 1 && !$0[1].contains("Lesson · ") }
    // A debug binary trains ~30× slower than release (make test passes the release one).
    try tmux.waitFor("the tanh run over the ReLU run", timeout: 900) {
      let text = $0.joined()
      return text.contains("run 2 · tanh") && text.contains("× ReLU #1") && text.contains("test accuracy at step")
    }
    try tmux.waitFor("the tanh run to finish", timeout: 900) { $0.joined().contains("finished ·") }
    let lines = try tmux.screen()
    let text = lines.joined(separator: "\n")
    // Two curves told apart by more than colour: the overlay's glyph on its line, and the
    // legend naming both.
    #expect(text.contains("● tanh #2 (smoothed)"), "\(text)")
    let plotted = lines.filter { $0.contains("┤") || $0.contains("│") }.joined()
    #expect(plotted.filter { $0 == "×" }.count >= 3, "the ReLU curve's glyphs:\n\(text)")
    let verdict = try #require(lines.first { $0.contains("test accuracy at step") }, "no verdict:\n\(text)")
    #expect(verdict.contains("ReLU #1") && verdict.contains("tanh #2"))
    try tmux.send("q")
    try tmux.waitFor("the quit question") { $0.joined().contains("2 runs are not saved") }
    try tmux.send("y")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }
}
