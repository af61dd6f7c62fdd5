import Testing

@testable import ConvScopeApp

/// Reading tour files: the steps, their directives, and every problem named with its file
/// and line.
@Suite struct TourParsingTests {
  static let good = """
    # A small tour

    <!-- lesson: 03-lenet5 -->

    Some words before the steps.

    ## First look
    <!-- show: convscope:explore?model=lenet5&input=mnist:test:3&layer=C1&map=5 -->
    <!-- inspect: 2,27 -->
    <!-- key: i -->
    <!-- advance: 8s -->
    The text of step one.
    <!-- an ordinary comment, not a directive -->

    ## Side by side
    <!-- show: convscope:compare?models=lenet5,alexnet -->
    <!-- row: conv1 -->
    ```
    ## not a heading: inside a fence
    ```

    ## Train a little
    <!-- show: convscope:train?model=lenet5&limit=640&epochs=1 -->
    """

  @Test func readsStepsAndTheirDirectives() throws {
    let tour = try Tour(id: "small", text: Self.good, path: "tours/small.md")
    #expect(tour.title == "A small tour")
    #expect(tour.lessonID == "03-lenet5")
    #expect(tour.intro == "Some words before the steps.")
    #expect(tour.steps.count == 3)
    let first = tour.steps[0]
    #expect(first.title == "First look")
    #expect(first.line == 7)
    #expect(first.screen == .explore)
    #expect(first.view == .zoom(row: 2, column: 27, inspect: true))
    #expect(first.advance == .after(seconds: 8))
    #expect(first.advance.ticks == 160)
    #expect(first.key?.label == "i")
    #expect(first.key?.description.hasPrefix("explain the value under the cursor") == true)
    #expect(first.text == "## First look\nThe text of step one.")
    guard case .explore(let explore) = first.show else { Issue.record("not an Explore step"); return }
    #expect(explore.layer == "C1" && explore.map == 5 && explore.input == .dataset(.mnist, .test, index: 3))
    #expect(tour.steps[1].view == .compareRow("conv1"))
    #expect(tour.steps[1].advance == .key)
    #expect(tour.steps[1].text.contains("## not a heading: inside a fence"))
    #expect(tour.steps[2].screen == .train)
    #expect(tour.steps[2].runs.count == 1)
    #expect(TourStep.trainingSteps(tour.steps[2].runs[0]) == 10)
  }

  /// Each broken file and the exact message: the file, the line, the problem.
  static let broken: [(String, String)] = [
    ("no title here\n## Step\n<!-- show: convscope:compare?models=lenet5 -->", "t.md:2: a step before the title: the first heading must be # Title"),
    ("\n# T\n\nwords only", "t.md:2: the tour \"T\" has no steps: each step is a ## heading with a <!-- show: convscope:… --> under it"),
    ("words only, no heading", "t.md:1: has no title: the first heading must be # Title"),
    ("# T\n## Step\nno show", "t.md:2: the step \"Step\" has no <!-- show: convscope:… --> saying what to show"),
    ("# T\n## S\n<!-- show: convscope:explore?model=lenet6 -->",
     "t.md:3: show: convscope:explore?model=lenet6: lenet6: unknown model; known models: lenet5, lenet5-modern, alexnet, alexnet-ungrouped, alexnet-torchvision, or a model file (*.convnet)"),
    ("# T\n## S\n<!-- show: convscope:quiz?id=03-lenet5 -->",
     "t.md:3: show: a step shows Explore, Train or Compare (convscope:explore?…, train?…, compare?…)"),
    ("# T\n## S\n<!-- show: convscope:train?model=lenet5 -->",
     "t.md:3: show: a tour's training step names limit=N (training images), so it runs in seconds"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\n<!-- advance: soon -->",
     "t.md:4: advance: \"soon\" is neither key nor a number of seconds from 1 to 600 (like 8s)"),
    ("# T\n## S\n<!-- show: convscope:explore?model=lenet5&layer=C1 -->\n<!-- zoom: 28,0 -->",
     "t.md:4: zoom/inspect: 28,0 is outside C1's 28×28 maps (rows and columns count from 0)"),
    ("# T\n## S\n<!-- show: convscope:explore?model=lenet5&layer=F6 -->\n<!-- zoom: 0,0 -->",
     "t.md:4: zoom/inspect: F6 is a vector, not a map to zoom"),
    ("# T\n## S\n<!-- show: convscope:explore?model=lenet5 -->\n<!-- inspect: 1 -->",
     "t.md:4: inspect: \"1\" is not ROW,COLUMN (two whole numbers from 0, like 14,9)"),
    ("# T\n## S\n<!-- show: convscope:explore?model=lenet5 -->\n<!-- row: C3 -->",
     "t.md:2: row: needs a Compare link (convscope:compare?…)"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\n<!-- key: p -->",
     "t.md:4: key: p is one of the keys the tour itself takes (space, →, ←, p, esc)"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\n<!-- key: Q -->",
     "t.md:4: key: \"Q\" does nothing on Compare (write one character, as the help lists it)"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\n<!-- show: convscope:compare?models=lenet5 -->",
     "t.md:4: show: is given twice in the step \"S\""),
    ("# T\n<!-- show: convscope:compare?models=lenet5 -->", "t.md:2: show: belongs to a step; start one with a ## heading first"),
    ("# T\n## S\n<!-- lesson: 03-lenet5 -->", "t.md:3: lesson: goes before the first step (## heading)"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5", "t.md:3: show: must be a one-line comment, <!-- show: … -->"),
    ("# T\n# U\n", "t.md:2: a second title (# …); steps are level-2 headings (## …)"),
    ("# T\nDo it. <!-- task: x most-parameters -->\n## S\n<!-- show: convscope:compare?models=lenet5 -->",
     "t.md:2: task x is above the first step; a tour's task goes in the step (## …) it is graded on"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\nPick. <!-- task: x most-parameters model=lenet6 -->",
     "t.md:4: task x: model=lenet6: not a model of the catalog"),
    ("# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\nA. <!-- task: x most-parameters -->\n## U\n"
      + "<!-- show: convscope:compare?models=lenet5 -->\nB. <!-- task: x most-parameters -->",
     "t.md:7: task id \"x\" is used twice in this file"),
  ]

  /// A step's tasks are the task comments in its section, with their file lines.
  @Test func tasksGoToTheStepsTheyAreIn() throws {
    let text = "# T\n## S\n<!-- show: convscope:compare?models=lenet5 -->\nNo task here.\n## U\n"
      + "<!-- show: convscope:compare?models=lenet5,alexnet -->\n**Task:** pick the biggest. <!-- task: big most-parameters -->"
    let tour = try Tour(id: "t", text: text, path: "t.md")
    #expect(tour.steps.map { $0.tasks.map(\.id) } == [[], ["big"]])
    #expect(tour.steps[1].tasks.first?.line == 7 && tour.steps[1].tasks.first?.text == "Task: pick the biggest.")
    #expect(tour.steps[1].tasks.first?.check == .mostParameters(model: nil))
    #expect(tour.progressID == "tour:t")
  }

  @Test(arguments: broken) func aBrokenFileNamesItsLineAndProblem(_ text: String, _ message: String) {
    #expect(throws: LessonError.self) { try Tour(id: "t", text: text, path: "t.md") }
    do {
      _ = try Tour(id: "t", text: text, path: "t.md")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test func aBadFileNameIsRefused() {
    #expect(throws: LessonError("Bad Name.md", "a tour file is named with lower-case words joined by dashes, like lenet5-in-five-minutes.md")) {
      try Tour(id: "Bad Name", text: Self.good, path: "Bad Name.md")
    }
  }

  /// A long hostile file parses in time proportional to its length: many unclosed comments,
  /// headings and blank lines (the lesson parser once went quadratic on such input).
  @Test func aLongHostileFileParsesInOnePass() throws {
    let step = "## S\n<!-- show: convscope:compare?models=lenet5 -->\n<!-- x\n\n\n"
    let text = "# T\n" + String(repeating: step, count: 4_000) + String(repeating: "<!--", count: 20_000)
    let tour = try Tour(id: "t", text: text)
    #expect(tour.steps.count == 4_000)
  }
}
