import Foundation
import Testing
import TestSupport

/// `convscope tour list|show` on the real binary, and a broken tour named by file and line.
@Suite struct TourCLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  @Test func listNamesTheShippedTours() throws {
    let r = try run("tour", "list")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.stdout.hasPrefix("id"))
    #expect(r.stdout.contains("lenet5-in-five-minutes  LeNet-5 in five minutes      5  03-lenet5"))
    let json = try run("tour", "list", "--json")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(rows.map { $0["id"] as? String } == ["from-lenet5-to-alexnet", "lenet5-in-five-minutes", "watch-a-cnn-learn"])
    #expect(rows.map { $0["steps"] as? Int } == [6, 5, 3])
  }

  @Test func showGivesEachStepsResolvedState() throws {
    let r = try run("tour", "show", "watch")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("Watch a CNN learn\n"))
    #expect(r.stdout.contains("Step 1 of 3 — From noise to strokes (line 8)\n  screen:  Train: lenet5 · mnist · 1 epoch · seed 1 · first 3200 images\n  training: 50 steps\n"))
    #expect(r.stdout.contains("  training: 50 steps, then 50 steps\n"))
    let json = try run("tour", "show", "lenet5-in-five-minutes", "--json")
    let tour = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let steps = try #require(tour["steps"] as? [[String: Any]])
    #expect(steps.count == 5)
    #expect(steps[1]["state"] as? String == "model lenet5, layer C1, input mnist:test:0, map 2")
    #expect(steps[1]["view"] as? String == "zoomed, inspector at row 12, column 14")
    #expect(steps[0]["advance"] as? String == "15s")
    #expect(steps.map { $0["screen"] as? String } == Array(repeating: "Explore", count: 5))
  }

  /// A step's task is listed under the step with its saved status, as text and as JSON.
  @Test func showListsEachStepsTasksWithTheirStatus() throws {
    let data = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: data) }
    var r = try CommandRunner.run(["tour", "show", "from-lenet5-to-alexnet"], environment: ["XDG_DATA_HOME": data])
    #expect(r.status == 0)
    #expect(r.stdout.contains("  task:    biggest-layer (most-parameters, line 37): not done yet\n           Task: pick the layer with the most parameters"))
    #expect(r.stdout.hasSuffix("Tasks are graded in the workbench while their step is on show; convscope lesson check tour:from-lenet5-to-alexnet lists them.\n"))
    try FileManager.default.createDirectory(atPath: data + "/convscope", withIntermediateDirectories: true)
    try #"{"version": 1, "lessons": {"tour:from-lenet5-to-alexnet": ["biggest-layer"]}}"#
      .write(toFile: data + "/convscope/lesson-progress.json", atomically: true, encoding: .utf8)
    r = try CommandRunner.run(["tour", "show", "from-lenet5-to-alexnet", "--json"], environment: ["XDG_DATA_HOME": data])
    #expect(r.status == 0)
    let tour = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(tour["progressID"] as? String == "tour:from-lenet5-to-alexnet")
    let steps = try #require(tour["steps"] as? [[String: Any]])
    let tasks = steps.map { ($0["tasks"] as? [[String: Any]]) ?? [] }
    #expect(tasks.map(\.count) == [0, 0, 1, 0, 0, 0])
    let task = try #require(tasks[2].first)
    #expect(task["id"] as? String == "biggest-layer" && task["kind"] as? String == "most-parameters")
    #expect(task["done"] as? Bool == true && task["step"] as? Int == 3 && task["line"] as? Int == 37)
    // A tour without tasks says nothing about them.
    let plain = try run("tour", "show", "watch")
    #expect(!plain.stdout.contains("task"))
  }

  @Test func anUnknownTourListsTheKnownOnes() throws {
    let r = try run("tour", "show", "nope")
    #expect(r.status == 1)
    #expect(r.stderr == "convscope: error: nope: no such tour; known: from-lenet5-to-alexnet, lenet5-in-five-minutes, watch-a-cnn-learn\n")
    // Playing one fails the same way before the terminal is taken over.
    let play = try run("tour", "nope")
    #expect(play.status == 1)
    #expect(play.stderr == r.stderr)
  }

  @Test func aBrokenTourIsNamedByFileAndLineAndLeftOut() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/tours", withIntermediateDirectories: true)
    try "# One\n\nText.\n".write(toFile: folder + "/01-one.md", atomically: true, encoding: .utf8)
    try "# Good\n## S\n<!-- show: convscope:compare?models=lenet5 -->\n".write(
      toFile: folder + "/tours/good.md", atomically: true, encoding: .utf8)
    try "# Bad\n## S\n<!-- show: convscope:compare?models=lenet5 -->\n<!-- advance: later -->\n".write(
      toFile: folder + "/tours/bad.md", atomically: true, encoding: .utf8)
    let r = try run("tour", "list", "--lessons", folder)
    #expect(r.status == 0)
    #expect(r.stderr == "convscope: \(folder)/tours/bad.md:4: advance: \"later\" is neither key nor a number of seconds from 1 to 600 (like 8s) (not loaded)\n")
    #expect(r.stdout.contains("good  Good"))
    #expect(!r.stdout.contains("Bad"))
  }
}
