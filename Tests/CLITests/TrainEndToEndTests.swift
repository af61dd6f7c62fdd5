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
}
