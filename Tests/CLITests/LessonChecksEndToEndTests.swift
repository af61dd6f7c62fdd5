import Foundation
import Testing
import TestSupport

/// A lesson task met by keys on the real workbench under tmux, in a data folder of its own:
/// lesson 7 read on the Lessons tab, LeNet-5's biggest layer picked on Compare, the task met
/// and saved; after a restart the lesson list, the task list and `convscope lesson check`
/// still say so.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct LessonChecksEndToEndTests {
  /// Starts the workbench at 100×30 with `XDG_DATA_HOME` set to `data`.
  static func workbench(data: String) throws -> Tmux {
    let binary = Tmux.quoted(CommandRunner.binary)
    let script = """
      XDG_DATA_HOME=\(Tmux.quoted(data)); export XDG_DATA_HOME; \(binary) workbench; status=$?; \
      printf '\\nEXIT:%s MODES-SAME:yes\\n' "$status"; exec sleep 600
      """
    return try Tmux.start(width: 100, height: 30, command: ["sh", "-c", script], directory: Fixtures.packageRoot)
  }

  /// Opens lesson 7 on the Lessons tab (six lessons after the first).
  static func openLesson7(_ tmux: Tmux) throws {
    try tmux.waitFor("the tab bar") { $0.first?.contains("Lessons") == true }
    try tmux.send("4")
    try tmux.waitFor("the Lessons screen") { $0.count > 1 && $0[1].contains("┌ Lessons ") }
    try tmux.send("n", "n", "n", "n", "n", "n")
    try tmux.waitFor("lesson 7 open") { $0.joined().contains("LeNet-5 and AlexNet side by side") || $0[2].contains("07") }
    try tmux.waitFor("lesson 7's heading") { lines in lines.count > 2 && lines[2].contains("tasks ") && lines.contains { $0.contains("07 LeNet-5") } }
  }

  @Test func aTaskMetByKeysIsSavedAndSurvivesARestart() throws {
    let data = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let progress = data + "/convscope/lesson-progress.json"
    let first = try Self.workbench(data: data)
    defer { first.kill() }
    try Self.openLesson7(first)
    try first.waitFor("lesson 7's task open") { $0.joined().contains("tasks 0/1: c") }
    // Compare, and the pick moved down the table until LeNet-5's biggest layer is picked.
    try first.send("3")
    try first.waitFor("the comparison") { $0.joined().contains("params in classifier") }
    // One `>` at a time, each waited for (the status line names the pick), until it says met.
    var status = ""
    for _ in 0..<40 where !status.contains("Task met") {
      try first.send(">")
      let before = status
      try first.waitFor("the next pick") { lines in
        let last = lines.last ?? ""
        return last != before && (last.contains("Picked") || last.contains("Task met"))
      }
      status = try first.screen().last ?? ""
    }
    #expect(status.contains("Task met ✓ 07-comparison"), "\(status)")
    let saved = try String(contentsOfFile: progress, encoding: .utf8)
    #expect(saved.contains("\"07-comparison\"") && saved.contains("\"lenet5-biggest\""), "\(saved)")
    try first.send("q")
    try first.waitFor("the workbench to exit") { $0.contains { $0.hasPrefix("EXIT:0") } }

    // A new workbench on the same data folder: the lesson list and the task list say it is done.
    let second = try Self.workbench(data: data)
    defer { second.kill() }
    try Self.openLesson7(second)
    try second.waitFor("lesson 7 counted done") { lines in
      lines.contains { $0.contains("07 LeNet-5") && $0.contains("1/1 ✓") } && lines[2].contains("tasks 1/1: c")
    }
    try second.send("c")
    try second.waitFor("the task list") { lines in
      lines.joined().contains("✓ Task: with LeNet-5 on the Compare screen") && lines.joined().contains("done")
    }
    try second.send("q")
    try second.waitFor("the workbench to exit") { $0.contains { $0.hasPrefix("EXIT:0") } }
    let check = try CommandRunner.run(["lesson", "check", "7"], environment: ["XDG_DATA_HOME": data])
    #expect(check.status == 0)
    #expect(check.stdout.contains("1 of 1 tasks done"), "\(check.stdout)")
  }
}
