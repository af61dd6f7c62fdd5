import ConvEngine
import Foundation
import Testing
import TestSupport

@testable import ConvScopeApp

/// Snapshots for the grader's table tests.
enum CheckStateFixtures {
  static let smallAlexNet = ModelChoice(name: "alexnet", width: 0.25, inputSize: 67)

  static func run(_ id: Int, model: ModelChoice = ModelChoice(name: "lenet5"), dataset: String = "mnist",
                  _ epochs: [(train: Double, test: Double?)]) -> CheckSnapshot.Run {
    CheckSnapshot.Run(id: id, model: model, dataset: dataset,
                      epochs: epochs.enumerated().map { CheckSnapshot.Epoch(epoch: $0.offset + 1, train: $0.element.train, test: $0.element.test) })
  }

  static func explore(model: String = "lenet5", shipped: Bool = true, testImage: Int? = 18, layer: String = "output",
                      output: Bool = true, map: Int = 0, inspector: Bool = true, predicted: Int? = 3, label: Int? = 5)
    -> CheckSnapshot.Explore {
    CheckSnapshot.Explore(model: model, shippedWeights: shipped, testImage: testImage, layer: layer, isOutputLayer: output,
                          selectedMap: map, isInspectorOpen: inspector, predicted: predicted, label: label)
  }

  static func snapshot(exploreLayer layer: String, map: Int, probes: [StrokeProbe]) -> CheckSnapshot {
    CheckSnapshot(explore: explore(layer: layer, output: false, map: map, inspector: false), probes: probes)
  }

  /// LeNet-5 against AlexNet as the engine compares them.
  static let comparison = Result { try ModelComparison.named("lenet5", "alexnet") }
}

@Suite struct LessonCheckTests {
  typealias F = CheckStateFixtures

  // MARK: - Grading, one table per kind

  static let lenet98 = LessonCheck.testAccuracy(model: ModelChoice(name: "lenet5"), dataset: .mnist, atLeast: 0.98)

  @Test(arguments: [
    // (runs, met, words the feedback must hold)
    ([F.run(1, [(0.97, 0.975), (0.985, 0.9812)])], true, "98.12% test accuracy (run 1, epoch 2)"),
    ([F.run(1, [(0.95, 0.962)])], false, "best lenet5 test accuracy so far 96.20% (run 1, epoch 1); 1.80 points to go to 98.00%"),
    ([], false, "no lenet5 run on mnist yet"),
    ([F.run(1, [])], false, "no epoch of a lenet5 run has finished yet"),
    // Another model, or another dataset, does not count however well it did.
    ([F.run(1, model: ModelChoice(name: "lenet5-modern"), [(0.99, 0.99)])], false, "no lenet5 run on mnist yet"),
    ([F.run(1, dataset: "fashion-mnist", [(0.99, 0.99)])], false, "no lenet5 run on mnist yet"),
    // An epoch without a test evaluation is not a test accuracy.
    ([F.run(1, [(0.99, nil)])], false, "no epoch of a lenet5 run has finished yet"),
    // The best epoch of any run counts.
    ([F.run(1, [(0.9, 0.9)]), F.run(2, [(0.99, 0.985), (0.99, 0.97)])], true, "98.50% test accuracy (run 2, epoch 1)"),
  ])
  func testAccuracy(runs: [CheckSnapshot.Run], met: Bool, feedback: String) {
    let result = LessonCheckGrader.grade(Self.lenet98, CheckSnapshot(runs: runs))
    #expect(result.isMet == met)
    #expect(result.feedback.contains(feedback), "\(result.feedback)")
  }

  @Test(arguments: [
    (F.explore(), true, "test digit #18 is a 5 that lenet5 reads as 3"),
    (nil, false, "open lenet5 on Explore"),
    (F.explore(model: "lenet5-modern"), false, "open lenet5 on Explore"),
    (F.explore(shipped: false), false, "Explore runs other weights"),
    (F.explore(testImage: nil), false, "show an MNIST test digit"),
    (F.explore(predicted: 5), false, "lenet5 reads test digit #18 correctly (5): find one it gets wrong"),
    (F.explore(layer: "C3", output: false), false, "reads test digit #18 (a 5) as 3: now go to the output layer"),
    (F.explore(inspector: false), false, "open the inspector on the output"),
  ] as [(CheckSnapshot.Explore?, Bool, String)])
  func wrongDigit(explore: CheckSnapshot.Explore?, met: Bool, feedback: String) {
    let result = LessonCheckGrader.grade(.wrongDigit(model: "lenet5"), CheckSnapshot(explore: explore))
    #expect(result.isMet == met)
    #expect(result.feedback.contains(feedback), "\(result.feedback)")
  }

  @Test(arguments: [
    ([F.run(1, model: F.smallAlexNet, [(0.99, 0.87)])], true, "train 99.00% vs test 87.00% (run 1, epoch 1)"),
    ([F.run(1, model: F.smallAlexNet, [(0.97, 0.92), (0.99, 0.91)])], false,
     "widest gap so far: train 99.00% vs test 91.00% (run 1, epoch 2), 8.00 points of the 10.00 points asked for"),
    ([], false, "no alexnet ×0.25 67px run yet"),
    // The full-width AlexNet is another model.
    ([F.run(1, model: ModelChoice(name: "alexnet"), [(0.99, 0.5)])], false, "no alexnet ×0.25 67px run yet"),
  ])
  func overfit(runs: [CheckSnapshot.Run], met: Bool, feedback: String) {
    let result = LessonCheckGrader.grade(.overfit(model: F.smallAlexNet, gap: 0.10), CheckSnapshot(runs: runs))
    #expect(result.isMet == met)
    #expect(result.feedback.contains(feedback), "\(result.feedback)")
  }

  static let probe = StrokeProbe(model: "lenet5", layer: "C3", horizontal: [10, 40, 2, 100], vertical: [30, 15, 0.5, 60])

  @Test(arguments: [
    (1, true, "map 1: 40 on a horizontal bar, 15 on a vertical one: it answers horizontal strokes"),
    (0, false, "map 0: 10 on a horizontal bar, 30 on a vertical one; look for a map"),
    (3, false, "map 3: 100 on a horizontal bar, 60 on a vertical one; look for a map that answers the horizontal bar at least 2× as much"),
    // Four times as much, but a tenth of the layer's strongest answer: too weak to count.
    (2, false, "too weak (the layer's strongest answer is 100)"),
  ])
  func strokeMap(map: Int, met: Bool, feedback: String) {
    let check = LessonCheck.strokeMap(model: "lenet5", layer: "C3", stroke: .horizontal, ratio: 2)
    let result = LessonCheckGrader.grade(check, F.snapshot(exploreLayer: "C3", map: map, probes: [Self.probe]))
    #expect(result.isMet == met)
    #expect(result.feedback.contains(feedback), "\(result.feedback)")
  }

  @Test func strokeMapAsksForWhatIsMissing() {
    let check = LessonCheck.strokeMap(model: "lenet5", layer: "C3", stroke: .horizontal, ratio: 2)
    let elsewhere = F.snapshot(exploreLayer: "C1", map: 1, probes: [Self.probe])
    #expect(LessonCheckGrader.grade(check, elsewhere).feedback == "go to layer C3 on Explore (now at C1)")
    let unmeasured = F.snapshot(exploreLayer: "C3", map: 1, probes: [])
    #expect(LessonCheckGrader.grade(check, unmeasured).feedback.hasPrefix("measuring C3's maps"))
    #expect(LessonCheckGrader.probeNeeded(check, unmeasured) == StrokeProbeRequest(model: "lenet5", layer: "C3"))
    #expect(LessonCheckGrader.probeNeeded(check, elsewhere) == nil)
    let vertical = LessonCheck.strokeMap(model: "lenet5", layer: "C3", stroke: .vertical, ratio: 2)
    #expect(LessonCheckGrader.grade(vertical, F.snapshot(exploreLayer: "C3", map: 0, probes: [Self.probe])).isMet)
  }

  @Test func mostParametersReadsTheEngineCounts() throws {
    let comparison = try F.comparison.get()
    let layers = ComparePick.layers(of: comparison)
    // The engine's counts: AlexNet's fc6 is the biggest of both, LeNet-5's C5 the biggest of its own.
    let fc6 = try #require(layers.first { $0.model == "alexnet" && $0.name == "fc6" })
    let c5 = try #require(layers.first { $0.model == "lenet5" && $0.name == "C5" })
    #expect(fc6.parameters == 37_752_832)
    #expect(c5.parameters == 48_120)
    let f6 = try #require(layers.first { $0.model == "lenet5" && $0.name == "F6" })
    func grade(_ model: String?, _ picked: CheckSnapshot.CompareLayer?) -> CheckResult {
      LessonCheckGrader.grade(.mostParameters(model: model), CheckSnapshot(compare: .init(layers: layers, picked: picked)))
    }
    #expect(grade(nil, fc6) == CheckResult(isMet: true, feedback: "fc6 of alexnet has 37,752,832 parameters, the most among the layers of both models"))
    #expect(grade(nil, c5) == CheckResult(isMet: false, feedback: "C5 of lenet5 has 48,120 parameters; another of the layers of both models has more"))
    #expect(grade("lenet5", c5).isMet)
    #expect(grade("lenet5", f6) == CheckResult(isMet: false, feedback: "F6 of lenet5 has 10,164 parameters; another of lenet5's layers has more"))
    #expect(grade("lenet5", fc6) == CheckResult(isMet: false, feedback: "fc6 of alexnet has 37,752,832 parameters, but the task is about lenet5's layers"))
    #expect(grade(nil, nil).feedback.hasPrefix("pick a layer in Compare's table"))
    #expect(LessonCheckGrader.grade(.mostParameters(model: nil), CheckSnapshot()).feedback == "open Compare and wait for its table")
  }

  // MARK: - The task syntax

  @Test func aTaskIsItsLineAndItsComment() throws {
    let text = """
      # T

      Some text.

      - **Task:** train *LeNet-5* well. <!-- task: good-run test-accuracy model=lenet5 dataset=mnist min=98.5 -->
      > Task: find one. <!-- task: wrong wrong-digit -->
      Pick it. <!-- task: pick most-parameters model=alexnet --> <!-- task: tilt stroke-map layer=c3 stroke=vertical -->
      """
    let tasks = try LessonTask.tasks(in: text, subject: "lessons/99-x.md")
    #expect(tasks.map(\.id) == ["good-run", "wrong", "pick", "tilt"])
    #expect(tasks[0] == LessonTask(id: "good-run", check: .testAccuracy(model: ModelChoice(name: "lenet5"), dataset: .mnist, atLeast: 0.985),
                                   text: "Task: train LeNet-5 well.", line: 5))
    #expect(tasks[1].check == .wrongDigit(model: "lenet5"))
    #expect(tasks[1].text == "Task: find one.")
    #expect(tasks[2].check == .mostParameters(model: "alexnet"))
    #expect(tasks[3] == LessonTask(id: "tilt", check: .strokeMap(model: "lenet5", layer: "C3", stroke: .vertical, ratio: 2),
                                   text: "Pick it.", line: 7))
  }

  @Test(arguments: [
    ("x <!-- task: a -->", "lessons/99-x.md:3: a task reads \"task: ID KIND key=value …\"; kinds: test-accuracy, wrong-digit, overfit, stroke-map, most-parameters"),
    ("x <!-- task: A_b wrong-digit -->", "lessons/99-x.md:3: task id \"A_b\" must be lower-case letters, digits and dashes"),
    ("x <!-- task: a guess -->", "lessons/99-x.md:3: task a: unknown check kind; known: test-accuracy, wrong-digit, overfit, stroke-map, most-parameters"),
    ("x <!-- task: a test-accuracy model=lenet5 -->", "lessons/99-x.md:3: task a: needs min=…"),
    ("x <!-- task: a test-accuracy model=lenet5 min=120 -->", "lessons/99-x.md:3: task a: min=120: must be between 0.0 and 100.0"),
    ("x <!-- task: a test-accuracy model=lenet7 min=9 -->", "lessons/99-x.md:3: task a: "),
    ("x <!-- task: a overfit model=alexnet colour=red -->", "lessons/99-x.md:3: task a: unknown key \"colour\" for this screen; known: model, width, inputsize, gap"),
    ("x <!-- task: a stroke-map layer=F6 stroke=horizontal -->", "lessons/99-x.md:3: task a: layer=F6: is not a layer of feature maps"),
    ("x <!-- task: a stroke-map layer=C9 stroke=horizontal -->", "lessons/99-x.md:3: task a: layer=C9: lenet5 has no such layer"),
    ("x <!-- task: a stroke-map layer=C3 stroke=diagonal -->", "lessons/99-x.md:3: task a: stroke=diagonal: unknown stroke; known: horizontal, vertical"),
    ("x <!-- task: a wrong-digit model=alexnet -->", "lessons/99-x.md:3: task a: model=alexnet: wrong-digit needs a LeNet-5"),
    ("<!-- task: a wrong-digit -->", "lessons/99-x.md:3: a task comment goes at the end of the line that says the task (that line has no text)"),
    ("x <!-- task: a wrong-digit --> <!-- task: a wrong-digit -->", "lessons/99-x.md:3: task id \"a\" is used twice in this file"),
  ])
  func parseErrorsNameFileLineAndProblem(line: String, message: String) {
    do {
      _ = try LessonTask.tasks(in: "# T\n\n" + line + "\n", subject: "lessons/99-x.md")
      Issue.record("no error for \(line)")
    } catch {
      #expect("\(error)".hasPrefix(message), "\(error)")
    }
  }

  @Test func aBrokenTaskLeavesItsLessonOutNamingTheFile() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "# One\n\nDo it. <!-- task: a -->\n".write(toFile: folder + "/01-one.md", atomically: true, encoding: .utf8)
    try "# Two\n".write(toFile: folder + "/02-two.md", atomically: true, encoding: .utf8)
    let library = try LessonLibrary(directory: folder)
    #expect(library.lessons.map(\.id) == ["02-two"])
    #expect(library.problems.map(\.description) == [folder + "/01-one.md:3: a task reads \"task: ID KIND key=value …\"; "
      + "kinds: test-accuracy, wrong-digit, overfit, stroke-map, most-parameters"])
  }

  /// Parsing stays linear: many task comments on one long line are read with the line read once.
  @Test func manyTasksOnOneLineParse() throws {
    let line = "Do all. " + (0..<400).map { "<!-- task: t\($0) wrong-digit -->" }.joined(separator: " ")
    let tasks = try LessonTask.tasks(in: "# T\n" + line, subject: "x")
    #expect(tasks.count == 400)
    #expect(tasks.allSatisfy { $0.text == "Do all." })
  }

  @Test func everyShippedLessonHasATaskAndEveryTaskParses() throws {
    let library = try LessonLibrary(directory: Fixtures.packageRoot + "/lessons")
    #expect(library.problems.isEmpty, "\(library.problems)")
    #expect(library.lessons.count == 10)
    for lesson in library.lessons { #expect(!lesson.tasks.isEmpty, "\(lesson.id) has no task") }
    let kinds = Set(library.lessons.flatMap(\.tasks).map(\.check.kind))
    #expect(kinds == Set(LessonCheck.kinds))
  }
}
