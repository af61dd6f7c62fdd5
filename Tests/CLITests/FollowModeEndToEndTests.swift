import Foundation
import Testing
import TestSupport

/// Students following along (README "Students following along"): the teacher's workbench
/// runs in a tmux session, students attach read-only from terminals of their own sizes. With
/// `window-size smallest`, tmux gives the workbench the smallest attached client's size; the
/// workbench lays out for it, lays out again when that student leaves, ignores what students
/// type and keeps taking the teacher's keys.
///
/// Each student is a client of the teacher's tmux server running in a pane of its own size,
/// made by a second tmux server (a terminal of that size, as a student's would be).
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct FollowModeEndToEndTests {
  /// A read-only client of `teacher`'s session in a `width`×`height` terminal.
  static func student(of teacher: Tmux, width: Int, height: Int) throws -> Tmux {
    // The student's tmux runs inside the terminal's tmux, whose panes set TMUX: unset it, as a
    // student's own terminal would not have it.
    try Tmux.start(width: width, height: height, command: [
      "env", "-u", "TMUX", "tmux", "-L", teacher.socket, "-f", teacher.config, "attach-session", "-t", "0", "-f", "read-only",
    ])
  }

  /// Whether `lines` are the workbench laid out for `width`×`height`: that many rows, and the
  /// screen's box exactly as wide as the terminal.
  static func laidOut(_ lines: [String], width: Int, height: Int, screen: String = "Explore") -> Bool {
    lines.count == height && lines[1].hasPrefix("┌ \(screen) ") && lines[1].hasSuffix("┐") && lines[1].count == width
  }

  @Test func readOnlyStudentsOfTwoSizes() throws {
    let teacher = try Tmux.start(width: 120, height: 40)
    defer { teacher.kill() }
    try teacher.check(["set-option", "-g", "-w", "window-size", "smallest"])
    try teacher.waitFor("the workbench at the teacher's 120×40") { Self.laidOut($0, width: 120, height: 40) }

    let wide = try Self.student(of: teacher, width: 100, height: 30)
    defer { wide.kill() }
    try teacher.waitFor("the layout for the first student's 100×30") { Self.laidOut($0, width: 100, height: 30) }
    let narrow = try Self.student(of: teacher, width: 80, height: 24)
    defer { narrow.kill() }
    try teacher.waitFor("the layout for the smaller student's 80×24") { Self.laidOut($0, width: 80, height: 24) }
    try narrow.waitFor("the student seeing the whole workbench") { Self.laidOut($0, width: 80, height: 24) }
    try wide.waitFor("the other student seeing it too, inside their bigger terminal") { lines in
      lines.count == 30 && lines[1].hasPrefix("┌ Explore ") && lines[1].contains("┐")
    }

    // A student's keys do nothing: 3 would open Compare, q would quit.
    try narrow.send("3")
    try wide.send("q")
    Thread.sleep(forTimeInterval: 1)
    #expect(Self.laidOut(try teacher.screen(), width: 80, height: 24), "a read-only student's key reached the workbench")

    // The teacher's keys still work, and every student sees the result.
    try teacher.send("3")
    try teacher.waitFor("Compare for the teacher") { Self.laidOut($0, width: 80, height: 24, screen: "Compare") }
    try narrow.waitFor("Compare for the student") { $0.joined().contains("60,000") }

    // The smaller student leaves: the workbench lays out for the one still there.
    narrow.kill()
    try teacher.waitFor("the layout for the remaining 100×30") { Self.laidOut($0, width: 100, height: 30, screen: "Compare") }
    try wide.waitFor("the student seeing the new layout") { Self.laidOut($0, width: 100, height: 30, screen: "Compare") }

    try teacher.send("q")
    let outcome = try teacher.waitForExit()
    #expect(outcome.status == "0")
    #expect(outcome.sameModes)
  }
}
