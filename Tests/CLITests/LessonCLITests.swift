import Foundation
import Testing
import TestSupport

/// `convscope lesson list|show|quiz` on the real binary: output, exit codes, grading.
@Suite(.serialized) struct LessonCLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  /// Runs the binary with `input` on standard input (a pipe, so the quiz is not interactive).
  func run(_ args: [String], stdin input: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandRunner.binary)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: Fixtures.packageRoot)
    let inPipe = Pipe(), out = Pipe(), err = Pipe()
    p.standardInput = inPipe
    p.standardOutput = out
    p.standardError = err
    try p.run()
    inPipe.fileHandleForWriting.write(Data(input.utf8))
    try inPipe.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  @Test func listShowsEveryLessonWithItsTime() throws {
    let r = try run("lesson", "list")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("id"))
    for id in ["01-convolution", "03-lenet5", "06-alexnet", "09-misconceptions", "10-assignment"] {
      #expect(r.stdout.contains(id))
    }
    #expect(r.stdout.contains("LeNet-5 layer by layer"))
    #expect(r.stdout.contains("questions"))
    let json = try run("lesson", "list", "--json")
    let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.first?["id"] as? String == "01-convolution")
    #expect(rows?.allSatisfy { ($0["minutes"] as? Int ?? 0) > 0 } == true)
  }

  /// A broken link is named when the lessons are listed (file, line, link, problem), and the
  /// listing goes on; the shipped lessons and tours have none.
  @Test func brokenLinksAreNamedWhenListing() throws {
    let shipped = try run("lesson", "list")
    #expect(shipped.status == 0 && !shipped.stderr.contains("broken link"), "\(shipped.stderr)")
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "# One lesson\n\nSee [the pooling lesson](02-pooling.md) and [C9](convscope:explore?model=lenet5&layer=C9).\n"
      .write(toFile: folder + "/01-one.md", atomically: true, encoding: .utf8)
    for args in [["lesson", "list"], ["lesson", "check"], ["tour", "list"]] {
      let r = try CommandRunner.run(args + ["--lessons", folder], environment: ["XDG_DATA_HOME": folder])
      #expect(r.status == 0, "\(args)")
      #expect(r.stderr.contains("convscope: \(folder)/01-one.md:3: 02-pooling.md: 02-pooling: no such lesson (broken link)\n"),
              "\(args): \(r.stderr)")
      #expect(r.stderr.contains("\(folder)/01-one.md:3: convscope:explore?model=lenet5&layer=C9: "), "\(args): \(r.stderr)")
    }
  }

  /// `lesson list`, `lesson check` and `tour list` fit their tables to the terminal (here
  /// `COLUMNS`), cutting the long titles; piped without it the lines are whole.
  @Test func listingsFitTheTerminalsWidth() throws {
    for args in [["lesson", "list"], ["lesson", "check"], ["tour", "list"]] {
      let fitted = try CommandRunner.run(args, environment: ["COLUMNS": "80", "XDG_DATA_HOME": Fixtures.temporaryDirectory()])
      #expect(fitted.status == 0)
      // The table: the lines before the first blank one (a file path may follow it).
      let lines = fitted.stdout.components(separatedBy: "\n\n")[0].split(separator: "\n").map(String.init)
      #expect(lines.count >= 4 && lines.allSatisfy { $0.count <= 80 }, "\(args): \(lines.filter { $0.count > 80 })")
      if args != ["tour", "list"] { #expect(fitted.stdout.contains("From LeNet-5 to AlexNet, part 2: Re")) }
    }
    let whole = try CommandRunner.run(["lesson", "list"], environment: ["COLUMNS": ""])
    #expect(whole.stdout.contains("From LeNet-5 to AlexNet, part 2: ReLU, dropout, LRN, pooling and augmentation"))
  }

  @Test func showRendersPlainTextWithNumberedLinks() throws {
    let r = try run("lesson", "show", "03-lenet5", "--width", "72")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("LeNet-5 layer by layer\n"))
    #expect(!r.stdout.contains("<!--"))
    #expect(!r.stdout.contains("**"))
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 72 })
    #expect(r.stdout.contains("\nLinks:\n[1] 01-convolution.md\n"))
    #expect(r.stdout.contains("] convscope:explore?model=lenet5&layer=C3&input=mnist:test:0"))
    // Found by number or topic too.
    #expect(try run("lesson", "show", "3", "--width", "72").stdout == r.stdout)
    #expect(try run("lesson", "show", "lenet5", "--width", "72").stdout == r.stdout)
  }

  @Test func showWithoutATerminalUsesEightyColumns() throws {
    let r = try CommandRunner.run(["lesson", "show", "06-alexnet"], environment: ["COLUMNS": ""])
    #expect(r.status == 0)
    let widest = r.stdout.split(separator: "\n").filter { !$0.hasPrefix("[") }.map(\.count).max() ?? 0
    #expect(widest <= 80 && widest > 60)
  }

  @Test func showJSONListsTheLinksWithTheirScreens() throws {
    let r = try run("lesson", "show", "05-training-tricks", "--json")
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(object?["id"] as? String == "05-training-tricks")
    let links = object?["links"] as? [[String: Any]] ?? []
    #expect(links.contains { $0["screen"] as? String == "train" })
    #expect(links.contains { $0["screen"] as? String == "explore" })
  }

  @Test func unknownLessonIsAOneLineError() throws {
    let r = try run("lesson", "show", "99-nothing")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("convscope: error: 99-nothing: no such lesson; known: 01-convolution"))
    #expect(r.stderr.split(separator: "\n").count == 1)
    let q = try run("lesson", "quiz", "nothing", "--answers", "1:a")
    #expect(q.status == 1)
  }

  @Test func missingLessonsFolderIsAnError() throws {
    let r = try run("lesson", "list", "--lessons", "/nonexistent/lessons")
    #expect(r.status == 1)
    #expect(r.stderr == "convscope: error: /nonexistent/lessons: no such folder\n")
  }

  @Test func quizWithAllRightAnswersScoresFull() throws {
    let r = try run("lesson", "quiz", "03-lenet5", "--answers", "1:b,2:60,3:1,516,4:7x12,5:b,6:60000,7:6,8:c")
    #expect(r.status == 0)
    #expect(r.stdout.contains("Score: 8 / 8 (100%)"))
    #expect(!r.stdout.contains("wrong."))
  }

  @Test func aWrongAnswerShowsTheFeedbackAndTheExplanation() throws {
    let r = try run("lesson", "quiz", "03-lenet5", "--answers", "2:96")
    #expect(r.status == 0)
    #expect(r.stdout.contains("→ 96: wrong. The answer: 60."))
    #expect(r.stdout.contains("Table I leaves 36 of those pairs out."))
    #expect(r.stdout.contains("Why: Six maps read 3 S2 maps"))
    #expect(r.stdout.contains("→ no answer. The answer: b)"))
    #expect(r.stdout.contains("Score: 0 / 8 (0%)"))
  }

  @Test func partialCreditShowsInTheScore() throws {
    let r = try run("lesson", "quiz", "04-scaling-up", "--answers", "1:a,b,2:154587")
    #expect(r.status == 0)
    #expect(r.stdout.contains("partly right"))
    #expect(r.stdout.contains("→ a,b: partly right (0.67 point)"))
    #expect(r.stdout.contains("Score: 1.67 / 6 (28%) — 1 right, 1 partly right, 4 wrong or skipped."))
  }

  @Test func quizJSONHasEveryQuestionAndTheScore() throws {
    let r = try run("lesson", "quiz", "06-alexnet", "--answers", "1:48,4:a", "--json")
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let results = object?["results"] as? [[String: Any]] ?? []
    #expect(results.count == 7)
    #expect(results.first?["outcome"] as? String == "correct")
    #expect(results[3]["outcome"] as? String == "wrong")
    #expect((results[3]["explanation"] as? String)?.contains("15.3%") == true)
    #expect((object?["score"] as? [String: Any])?["points"] as? Double == 1)
  }

  @Test func pipedAnswersAreGradedInOrder() throws {
    let r = try run(["lesson", "quiz", "01-convolution"], stdin: "b\n156\n\na,b,d\nfeature maps\n6\n")
    #expect(r.status == 0)
    #expect(r.stdout.contains("Score: 5 / 6 (83%)"))
    #expect(r.stdout.contains("→ no answer. The answer: 55."))
  }

  @Test func badAnswerSyntaxIsAUsageError() throws {
    let r = try run("lesson", "quiz", "02-pooling", "--answers", "b")
    #expect(r.status == 64)
    #expect(r.stderr.contains("QUESTION:ANSWER"))
    let unknown = try run("lesson", "quiz", "02-pooling", "--answers", "9:b")
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("no question 9"))
  }

  @Test func aMalformedAnswerIsNamedNotGraded() throws {
    // A letter for a numeric question (01-convolution's question 2).
    let r = try run("lesson", "quiz", "01-convolution", "--answers", "1:b,2:b")
    #expect(r.status == 64)
    #expect(r.stderr.contains("--answers: question 2 (c1-params): “b” is not a number"))
    #expect(r.stdout.isEmpty)
    // An option the question does not have, piped.
    let piped = try run(["lesson", "quiz", "01-convolution"], stdin: "e\n")
    #expect(piped.status == 1)
    #expect(piped.stderr == "convscope: error: standard input, line 1 (question 1, c1-size): “e” is not one of the options (a–d).\n")
  }

  @Test func answersAreReadTheWayStudentsWriteThem() throws {
    let r = try run("lesson", "quiz", "01-convolution", "--answers", "1:B),2:156,3:55,4:abd,5:maps,6:6", "--json")
    #expect(r.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let results = try #require(object["results"] as? [[String: Any]])
    #expect(results.map { $0["outcome"] as? String } == Array(repeating: "correct", count: 6))
    #expect((object["review"] as? [Any])?.isEmpty == true)
    let spaced = try run("lesson", "quiz", "03-lenet5", "--answers", "3:1 516", "--json")
    let first = try #require(try JSONSerialization.jsonObject(with: Data(spaced.stdout.utf8)) as? [String: Any])
    #expect((first["results"] as? [[String: Any]])?[2]["outcome"] as? String == "correct")
  }

  @Test func quizJSONReviewsEachMissedQuestionWithItsLink() throws {
    let r = try run("lesson", "quiz", "01-convolution", "--answers", "1:a,2:156,4:a b,6:6", "--json")
    #expect(r.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let review = try #require(object["review"] as? [[String: Any]])
    // 1 wrong, 3 and 5 unanswered, 4 partly right.
    #expect(review.map { $0["question"] as? Int } == [1, 3, 4, 5])
    #expect(review[0]["link"] as? String == "01-convolution.md#how-big-is-the-map")
    #expect(review[0]["place"] as? String == "“How big is the map?”")
    #expect(review[0]["answerKey"] as? String == "b) 28×28")
    #expect(review[2]["outcome"] as? String == "partial")
    #expect(review[3]["link"] as? String == "01-convolution.md#one-kernel-makes-one-feature-map")
    // Text output ends with the same review.
    let text = try run("lesson", "quiz", "01-convolution", "--answers", "1:a,2:156,3:55,4:abd,5:maps,6:6")
    #expect(text.stdout.hasSuffix("""
      To review:
        1. LeNet-5's C1 slides 5×5 kernels over the 32×32 input with stride 1 and no
           padding. How big is each output map?
           see “How big is the map?” (01-convolution.md#how-big-is-the-map)

      """))
  }

  @Test func feedbackSaysRightOnce() throws {
    let r = try run("lesson", "quiz", "01-convolution", "--answers", "4:abd")
    #expect(r.stdout.contains("→ abd: correct.\n  All 3 and nothing else."))
    #expect(!r.stdout.contains("Right: Right"))
  }
}

/// `convscope lesson check`: tasks and saved status, --json, --reset and a corrupt file, each
/// in its own temporary data folder.
@Suite struct LessonCheckCLITests {
  func run(_ args: [String], data: String) throws -> CommandRunner.Result {
    try CommandRunner.run(args, environment: ["XDG_DATA_HOME": data])
  }

  @Test func listsTheTasksWithTheirSavedStatusAndResets() throws {
    let data = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let file = data + "/convscope/lesson-progress.json"
    var r = try run(["lesson", "check", "3"], data: data)
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("LeNet-5 layer by layer: 0 of 3 tasks done\n"))
    #expect(r.stdout.contains("c3-horizontal  stroke-map     no    Task: find a C3 map that responds to horizontal strokes"))
    #expect(!FileManager.default.fileExists(atPath: file))  // listing writes nothing
    try FileManager.default.createDirectory(atPath: data + "/convscope", withIntermediateDirectories: true)
    try #"{"version": 1, "lessons": {"03-lenet5": ["wrong-digit"], "04-scaling-up": ["biggest-layer"]}}"#
      .write(toFile: file, atomically: true, encoding: .utf8)
    r = try run(["lesson", "check", "lenet5", "--json"], data: data)
    #expect(r.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["id"] as? String == "03-lenet5")
    #expect(json["done"] as? Int == 1)
    #expect(json["progressFile"] as? String == file)
    let tasks = try #require(json["tasks"] as? [[String: Any]])
    #expect(tasks.map { $0["id"] as? String } == ["c3-horizontal", "wrong-digit", "lenet5-98"])
    #expect(tasks.map { $0["done"] as? Bool } == [false, true, false])
    #expect(tasks.map { $0["kind"] as? String } == ["stroke-map", "wrong-digit", "test-accuracy"])
    r = try run(["lesson", "check", "03-lenet5", "--reset"], data: data)
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("Progress of 03-lenet5 reset.\nLeNet-5 layer by layer: 0 of 3 tasks done\n"))
    // Only that lesson's progress went.
    let saved = try String(contentsOfFile: file, encoding: .utf8)
    #expect(saved.contains("biggest-layer") && !saved.contains("wrong-digit"))
  }

  @Test func aCorruptFileIsNamedAndReplaced() throws {
    let data = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let file = data + "/convscope/lesson-progress.json"
    try FileManager.default.createDirectory(atPath: data + "/convscope", withIntermediateDirectories: true)
    try "{ this is not json".write(toFile: file, atomically: true, encoding: .utf8)
    let r = try run(["lesson", "check", "1"], data: data)
    #expect(r.status == 0)
    #expect(r.stderr.contains("\(file): not a lesson progress file (bad JSON); starting afresh (it will be replaced)"))
    #expect(r.stdout.hasPrefix("Convolution and feature maps: 0 of 1 tasks done\n"))
    let again = try run(["lesson", "check", "1"], data: data)
    #expect(again.stderr.isEmpty)
  }

  /// `tour:ID` lists a tour's tasks with their steps; --reset forgets only that tour's.
  @Test func aToursTasksAreListedAndReset() throws {
    let data = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let file = data + "/convscope/lesson-progress.json"
    var r = try run(["lesson", "check", "tour:from-lenet5-to-alexnet"], data: data)
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("From LeNet-5 to AlexNet: 0 of 1 tasks done\ntask           step  kind             done  what to do\n"
      + "biggest-layer     3  most-parameters  no    Task: pick the layer with the most parameters"))
    #expect(r.stdout.contains("Do them in the workbench (convscope tour from-lenet5-to-alexnet, on the step shown)"))
    try FileManager.default.createDirectory(atPath: data + "/convscope", withIntermediateDirectories: true)
    try #"{"version": 1, "lessons": {"tour:from-lenet5-to-alexnet": ["biggest-layer"], "03-lenet5": ["wrong-digit"]}}"#
      .write(toFile: file, atomically: true, encoding: .utf8)
    r = try run(["lesson", "check", "tour:from", "--json"], data: data)
    #expect(r.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["id"] as? String == "tour:from-lenet5-to-alexnet" && json["done"] as? Int == 1)
    let tasks = try #require(json["tasks"] as? [[String: Any]])
    #expect(tasks.map { $0["id"] as? String } == ["biggest-layer"])
    #expect(tasks.map { $0["step"] as? Int } == [3])
    #expect(tasks.map { $0["done"] as? Bool } == [true])
    r = try run(["lesson", "check", "tour:from-lenet5-to-alexnet", "--reset"], data: data)
    #expect(r.stdout.hasPrefix("Progress of tour:from-lenet5-to-alexnet reset.\nFrom LeNet-5 to AlexNet: 0 of 1 tasks done\n"))
    let saved = try String(contentsOfFile: file, encoding: .utf8)
    #expect(saved.contains("wrong-digit") && !saved.contains("biggest-layer"))
    let unknown = try run(["lesson", "check", "tour:nope"], data: data)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("nope: no such tour; known: from-lenet5-to-alexnet, lenet5-in-five-minutes, watch-a-cnn-learn"))
  }

  /// Without an id: every lesson and tour with its count of done tasks.
  @Test func withoutAnIdEveryLessonAndTourIsCounted() throws {
    let data = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: data) }
    try FileManager.default.createDirectory(atPath: data + "/convscope", withIntermediateDirectories: true)
    try #"{"version": 1, "lessons": {"tour:from-lenet5-to-alexnet": ["biggest-layer"], "03-lenet5": ["wrong-digit"]}}"#
      .write(toFile: data + "/convscope/lesson-progress.json", atomically: true, encoding: .utf8)
    var r = try run(["lesson", "check"], data: data)
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("id "))
    #expect(r.stdout.contains("03-lenet5 ") && r.stdout.contains("1/3\n"))
    #expect(r.stdout.contains("tour:from-lenet5-to-alexnet  From LeNet-5 to AlexNet"))
    #expect(r.stdout.contains("tour:watch-a-cnn-learn"))
    r = try run(["lesson", "check", "--json"], data: data)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let lessons = try #require(json["lessons"] as? [[String: Any]])
    let tours = try #require(json["tours"] as? [[String: Any]])
    #expect(lessons.count == 10 && lessons.allSatisfy { ($0["tasks"] as? Int ?? 0) >= 1 })
    #expect(lessons.first { $0["id"] as? String == "03-lenet5" }?["done"] as? Int == 1)
    #expect(tours.map { $0["id"] as? String } == ["tour:from-lenet5-to-alexnet", "tour:lenet5-in-five-minutes", "tour:watch-a-cnn-learn"])
    #expect(tours.map { $0["done"] as? Int } == [1, 0, 0])
    #expect(tours.map { $0["tasks"] as? Int } == [1, 0, 0])
    let reset = try run(["lesson", "check", "--reset"], data: data)
    #expect(reset.status != 0 && reset.stderr.contains("--reset needs the lesson or tour:ID"))
  }

  @Test func anUnknownLessonFails() throws {
    let r = try run(["lesson", "check", "99"], data: Fixtures.dataHome)
    #expect(r.status == 1)
    #expect(r.stderr.contains("99: no such lesson"))
  }
}
