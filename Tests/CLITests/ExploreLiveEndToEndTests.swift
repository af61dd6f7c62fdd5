import Foundation
import Testing
import TestSupport

/// Explore following a run for real: the workbench under tmux starts a LeNet-5 run on the
/// Train screen, Explore binds to it with `R`, the step in the title advances, and the
/// time-lapse scrubs back to step 0.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct ExploreLiveEndToEndTests {
  /// The step the title shows ("… · live · step 1,234 · run 1 …"), nil when not live.
  static func step(_ lines: [String]) -> Int? {
    guard let title = lines.dropFirst().first, let range = title.range(of: "live · step ") else { return nil }
    let digits = title[range.upperBound...].prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
    return Int(String(digits))
  }

  /// The time-lapse frame the side panel shows and its step: "time-lapse at step 120 · frame
  /// 13/40", or as the caption shortens to fit the panel, "… at step 12,120 · 13/40" and
  /// "step 12,120 · 13/40" (a fast machine's step numbers are long).
  static func frame(_ lines: [String]) -> (step: Int, frame: Int)? {
    for line in lines {
      guard let match = line.firstMatch(of: /step ([0-9,]+) · (?:frame )?([0-9]+)\/[0-9]+/),
            let step = Int(match.1.filter(\.isNumber)), let frame = Int(match.2) else { continue }
      return (step, frame)
    }
    return nil
  }

  @Test func exploreFollowsARunAndTheStepAdvancesInTheTitle() throws {
    let tmux = try Tmux.start(width: 120, height: 40, directory: Fixtures.temporaryDirectory())
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    // Before any run, R says where to start one.
    try tmux.waitFor("the first pass") { $0.joined().contains("Prediction") }
    try tmux.send("R")
    try tmux.waitFor("the hint") { $0.joined().contains("no training run to follow") }
    try tmux.send("2")
    try tmux.waitFor("the Train screen") { $0.count > 1 && $0[1].contains("┌ Train ") }
    // 20 epochs, not the default one: on a fast machine one epoch ends within the test, and an
    // ended run's time-lapse panel is the scrubber, not the live one checked below.
    try tmux.send("eeeee")
    try tmux.waitFor("20 epochs") { $0.joined().contains("epochs 20") }
    try tmux.send("Enter")
    try tmux.waitFor("the run to start", timeout: 120) {
      $0.joined().contains("img/s") || $0.joined().contains("waiting for your go-ahead")
    }
    if try tmux.screen().joined().contains("waiting for your go-ahead") {
      try tmux.send("Enter")
      try tmux.waitFor("training to run") { $0.joined().contains("img/s") && !$0.joined().contains("go-ahead") }
    }
    try tmux.send("1")
    try tmux.waitFor("Explore") { $0.count > 1 && $0[1].contains("┌ Explore") }
    try tmux.send("R")
    try tmux.waitFor("the live title", timeout: 60) { Self.step($0) != nil }
    let lines = try tmux.screen()
    let first = try #require(Self.step(lines))
    #expect(lines[1].contains("lenet5 · live · step"))
    #expect(lines[1].contains("run 1"))
    try tmux.send("l")  // to C1: its gradient map and the ratio table are in the side panel
    try tmux.waitFor("the gradient map and the ratios") {
      $0.joined().contains("∂loss/∂C1 map 0:") && $0.joined().contains("‖Δw‖/‖w‖ per step:")
    }
    try tmux.waitFor("the step to advance", timeout: 120) { (Self.step($0) ?? 0) > first }
    // The time-lapse: ( shows the newest kept frame in the side panel, then back frame by
    // frame to the first, the run's initial weights at step 0.
    try tmux.send("(")
    try tmux.waitFor("the time-lapse panel") { Self.frame($0) != nil }
    let newest = try #require(Self.frame(try tmux.screen())).frame
    #expect(newest > 1)
    try tmux.send(String(repeating: "(", count: newest - 1))
    try tmux.waitFor("the time-lapse at step 0") { Self.frame($0).map { $0 == (0, 1) } == true }
    #expect(try tmux.screen().joined().contains("C1 kernels at step 0"))
    // Esc closes it: the live panel is back.
    try tmux.send("Escape")
    try tmux.waitFor("the live panel") { $0.joined().contains("‖Δw‖/‖w‖ per step:") }
    // R again: back to the shipped weights.
    try tmux.send("R")
    try tmux.waitFor("the shipped weights") { $0.count > 1 && $0[1].contains("trained on MNIST") }
    #expect(Self.step(try tmux.screen()) == nil)
    // A run is training: q asks, y quits.
    try tmux.send("q")
    try tmux.waitFor("the quit question") { $0.joined().contains("quit? y/n") }
    try tmux.send("y")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }
}
