import Foundation
import Testing
import TestSupport

/// The quiz on the real workbench under tmux: "abd" is an answer, a letter for a number is
/// asked again, a miss shows the hint, and the end review follows a link to its section.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct QuizEndToEndTests {
  @Test func aQuizTeachesOnTheLessonsScreen() throws {
    let tmux = try Tmux.start(width: 100, height: 30)
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Lessons") == true }
    try tmux.send("4")
    try tmux.waitFor("the Lessons screen") { $0.count > 1 && $0[1].contains("┌ Lessons ") }
    try tmux.send("t")
    try tmux.waitFor("question 1") { $0.joined().contains("Question 1 of 6") }
    // A miss: the hint, and one more try.
    try tmux.send("a", "Enter")
    try tmux.waitFor("the hint") { $0.joined().contains("Hint: Count how many places") }
    try tmux.send("b", "Enter")
    try tmux.waitFor("the verdict after the hint") { $0.joined().contains("Right on the second try: half a point.") }
    try tmux.send("Enter")
    try tmux.waitFor("question 2") { $0.joined().contains("Question 2 of 6") }
    // A letter for a numeric question is asked again, not graded.
    try tmux.send("b", "Enter")
    try tmux.waitFor("the re-ask") { $0.joined().contains("is not a number") && $0.joined().contains("Not graded: try again.") }
    try tmux.send("BSpace", "156", "Enter")
    try tmux.waitFor("156 graded") { $0.joined().contains("Right.") }
    for answer in ["55", "abd", "maps", "6"] {
      try tmux.send("Enter", answer, "Enter")
      try tmux.waitFor("the verdict on \(answer)") { $0.joined().contains("Score so far") && $0.joined().contains("Answer: \(answer) ") }
    }
    try tmux.send("Enter")
    try tmux.waitFor("the review") { $0.joined().contains("To review (1)") && $0.joined().contains("see “How big is the map?”") }
    try tmux.send("Enter")
    try tmux.waitFor("the lesson at its section") { lines in
      !lines.joined().contains("To review") && lines.contains { $0.contains("How big is the map?") }
    }
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }
}
