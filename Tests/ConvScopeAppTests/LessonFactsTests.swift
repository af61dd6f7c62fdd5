import ConvEngine
import TerminalUI
import Testing

@testable import ConvScopeApp

/// The engine-number checks: keys resolve through `ModelCatalog`/`shapeTable()`, mismatches
/// are caught, arithmetic is evaluated, and uncovered numbers are found.
@Suite struct LessonFactsTests {
  /// A small sources table for the examples below.
  static let sources = try! LessonSources(text: """
    | figure | source | what it is |
    | --- | --- | --- |
    | 1,000 | K12 Sec. 2 | ILSVRC classes |
    | 540,000 | L98 Sec. III-C | distorted training images |
    | 0.95% | L98 Fig. 9 | LeNet-5's MNIST test error |
    | 0.8% | L98 Fig. 9 | LeNet-5's test error with distortions |
    | 15.3% | K12 Table 2 | top-5 test error of the winning entry |
    """)

  @Test func keysResolveThroughTheEngine() throws {
    #expect(try LessonFacts.value(of: "lenet5.C3.parameters") == .integer(1_516))
    #expect(try LessonFacts.value(of: "lenet5.C3.kernels") == .integer(60))
    #expect(try LessonFacts.value(of: "lenet5-modern.C3.kernels") == .integer(96))
    #expect(try LessonFacts.value(of: "lenet5.total.parameters") == .integer(60_000))
    #expect(try LessonFacts.value(of: "lenet5.total.connections") == .integer(340_908))
    #expect(try LessonFacts.value(of: "lenet5.S2.connections") == .integer(5_880))
    #expect(try LessonFacts.value(of: "lenet5.output.fixed") == .integer(840))
    #expect(try LessonFacts.value(of: "lenet5.total.weight-layers") == .integer(5))
    #expect(try LessonFacts.value(of: "lenet5.input.shape") == .shape([1, 32, 32]))
    #expect(try LessonFacts.value(of: "alexnet.conv1.output-hwc") == .shape([55, 55, 96]))
    #expect(try LessonFacts.value(of: "alexnet.conv2.kernels") == .integer(256 * 48))
    #expect(try LessonFacts.value(of: "alexnet.total.macs") == .integer(724_406_816))
    #expect(try LessonFacts.value(of: "alexnet[inputsize=224].conv1.size") == .shape([54, 54]))
    #expect(try LessonFacts.value(of: "alexnet[width=0.25,inputsize=67].total.parameters") == .integer(2_293_832))
    #expect(try LessonFacts.value(of: "alexnet[classes=10].fc8.parameters") == .integer(40_970))
    #expect(try LessonFacts.value(of: "alexnet-torchvision.total.parameters") == .integer(61_100_840))
  }

  @Test func badKeysSayWhy() {
    for (key, says) in [("lenet7.C1.parameters", "unknown model"), ("lenet5.C9.parameters", "has no layer"),
                        ("lenet5.C1.colour", "unknown field"), ("lenet5.C1", "MODEL.LAYER.FIELD"),
                        ("alexnet[depth=2].conv1.output", "unknown model option"), ("lenet5.S2.groups", "has no groups")] {
      #expect { try LessonFacts.value(of: key) } throws: { "\($0)".contains(says) }
    }
  }

  @Test func checksCompareWithTheEngine() {
    #expect(LessonFacts.verify("lenet5.C3.parameters = 1,516") == nil)
    #expect(LessonFacts.verify("lenet5.C3.parameters = 1516") == nil)
    #expect(LessonFacts.verify("lenet5.C3.parameters = 1,517")?.contains("engine computes 1,516") == true)
    #expect(LessonFacts.verify("lenet5.C3.output = 16×10×10") == nil)
    #expect(LessonFacts.verify("lenet5.C3.output = 16x10x10") == nil)
    #expect(LessonFacts.verify("lenet5.C3.output = 10×10×16") != nil)
    #expect(LessonFacts.verify("lenet5.C5.output = 120") == nil)
    #expect(LessonFacts.verify("alexnet.total.macs ≈ 0.72G ±1%") == nil)
    #expect(LessonFacts.verify("alexnet.total.macs ≈ 0.8G ±1%") != nil)
    #expect(LessonFacts.verify("alexnet.total.parameters ≈ 61M") == nil)
    #expect(LessonFacts.verify("lenet5.C3.parameters") != nil)
  }

  @Test func arithmeticIsEvaluated() throws {
    #expect(LessonCalc.verify("6×3 + 6×4 + 3×4 + 1×6 = 60") == nil)
    #expect(LessonCalc.verify("1,024 × 4,704 + 4,704 = 4,821,600") == nil)
    #expect(LessonCalc.verify("⌊(224 − 11) / 4⌋ + 1 = 54") == nil)
    #expect(LessonCalc.verify("1 + ⌈(224 − 11) / 4⌉ = 55") == nil)
    #expect(LessonCalc.verify("885,120 / 60,965,224 ≈ 1.45%") == nil)
    #expect(LessonCalc.verify("885,120 / 60,965,224 ≈ 1.6%") != nil)
    #expect(LessonCalc.verify("60,965,224 / 60,000 ≈ 1,016") == nil)
    #expect(LessonCalc.verify("7 × 12 = 84 = 2 × 42") == nil)
    #expect(LessonCalc.verify("7 × 12 = 85")?.contains("is 84") == true)
    #expect(LessonCalc.verify("(1 + 2 = 3") != nil)
    #expect(LessonCalc.verify("no equals") != nil)
    #expect(try LessonCalc.evaluate("−(2 + 3) × 4") == -20)
  }

  @Test func separatedNumbersAreFound() {
    #expect(LessonFacts.separatedNumbers(in: "C3 has 1,516 parameters, 60 kernels and 151,600 connections.")
              == ["1,516", "151,600"])
    #expect(LessonFacts.separatedNumbers(in: "60,965,224; 1,2 and 12,34 and 0.5,000") == ["60,965,224"])
    #expect(LessonFacts.separatedNumbers(in: "1998, 2012") == [])
    #expect(LessonFacts.bareLongNumbers(in: "60000 params in 1998, `60000` in code, 0.00001 and 1,516") == ["60000"])
  }

  @Test func uncoveredNumbersAndWrongChecksAreReported() {
    let good = """
      # T

      C3 has 1,516 parameters.
      <!-- check: lenet5.C3.parameters = 1,516 -->

      ImageNet has 1,000 classes.
      <!-- fact: 1,000 classes [K12 Sec. 2] -->
      """
    #expect(LessonFacts.audit(lessonText: good, file: "t.md", sources: Self.sources).isEmpty)

    let uncovered = """
      # T

      C3 has 1,516 parameters.

      <!-- check: lenet5.C3.parameters = 1,516 -->
      """
    let problems = LessonFacts.audit(lessonText: uncovered, file: "t.md", sources: Self.sources)
    #expect(problems.count == 1)
    #expect(problems.first?.contains("t.md:3: 1,516 is not covered") == true)

    let wrong = "# T\n\nC3 has 1,517 parameters.\n<!-- check: lenet5.C3.parameters = 1,517 -->\n"
    #expect(LessonFacts.audit(lessonText: wrong, file: "t.md", sources: Self.sources).first?.contains("engine computes 1,516") == true)

    let noSource = "# T\n\n540,000 images.\n<!-- fact: 540,000 images -->\n"
    #expect(LessonFacts.audit(lessonText: noSource, file: "t.md", sources: Self.sources).first?.contains("source in brackets") == true)

    let bare = "# T\n\nIt has 60000 parameters.\n"
    #expect(LessonFacts.audit(lessonText: bare, file: "t.md", sources: Self.sources).first?.contains("thousands separators (60,000)") == true)

    let badCalc = "# T\n\n<!-- calc: 2 + 2 = 5 -->\n"
    #expect(LessonFacts.audit(lessonText: badCalc, file: "t.md", sources: Self.sources).count == 1)
  }

  @Test func figuresAreReadAsWritten() {
    #expect(LessonSources.figures(in: "0.95% and 0.8 % on 10,000 images; 1.2 million") == ["0.95%", "0.8%", "10,000", "1.2"])
    // Parts of names and words are not figures.
    #expect(LessonSources.figures(in: "top-5 of fc6, LeNet-4, a GTX 580 3GB, ILSVRC-2012, 2nd") == ["580"])
    #expect(LessonSources.percentages(in: "2% top-1 (15.3% against 26.2%), 1,000 classes") == ["2%", "15.3%", "26.2%"])
  }

  @Test func factsMustBeListedUnderTheirSource() {
    #expect(Self.sources.problem(with: "0.95% and 0.8% [L98 Fig. 9]") == nil)
    #expect(Self.sources.problem(with: "540,000 distorted images [L98 Sec. III-C]") == nil)
    #expect(Self.sources.problem(with: "540000 [L98 Sec. III-C]") == nil)
    // A misquoted figure, a figure under the wrong source, an unknown source, no figure.
    #expect(Self.sources.problem(with: "0.9% [L98 Fig. 9]")?.contains("0.9% is not a figure of [L98 Fig. 9]") == true)
    #expect(Self.sources.problem(with: "15.3% [K12 Sec. 2]")?.contains("listed under K12 Table 2") == true)
    #expect(Self.sources.problem(with: "15.3% [K12 Sec. 7]")?.contains("not a source") == true)
    #expect(Self.sources.problem(with: "the winning entry [K12 Table 2]")?.contains("no figure") == true)
    #expect(Self.sources.problem(with: "15.3% K12 Table 2")?.contains("brackets") == true)
  }

  @Test func theSourcesTableRejectsMalformedRows() {
    #expect(throws: (any Error).self) { try LessonSources(text: "| figure | source | what |\n| --- | --- | --- |\n") }
    #expect(throws: (any Error).self) { try LessonSources(text: "| 1 and 2 | K12 | two figures |") }
    #expect(throws: (any Error).self) { try LessonSources(text: "| 12% |  | no source |") }
  }

  @Test func percentagesInTheTextNeedAMarker() {
    let uncovered = "# T\n\nThe winning entry scored 15.3%.\n"
    #expect(LessonFacts.audit(lessonText: uncovered, file: "t.md", sources: Self.sources).first?.contains("15.3% is not covered") == true)
    let covered = "# T\n\nThe winning entry scored 15.3%.\n<!-- fact: 15.3% [K12 Table 2] -->\n"
    #expect(LessonFacts.audit(lessonText: covered, file: "t.md", sources: Self.sources).isEmpty)
    let misquoted = "# T\n\nThe winning entry scored 15.4%.\n<!-- fact: 15.4% [K12 Table 2] -->\n"
    #expect(LessonFacts.audit(lessonText: misquoted, file: "t.md", sources: Self.sources).first?.contains("15.4% is not a figure") == true)
  }

  @Test func commentsAreInvisibleButCounted() throws {
    let text = """
      # Title
      <!-- minutes: 6 -->

      A paragraph
      <!-- check: lenet5.C1.parameters = 156 -->
      that continues.

      | a | b |
      | --- | --- |
      | 1 | 2 |
      <!-- check: lenet5.S2.parameters = 12;
           lenet5.S4.parameters = 32 -->

      ```
      <!-- not a comment in code -->
      ```
      """
    let lesson = try Lesson(id: "01-test", text: text)
    #expect(lesson.minutes == 6)
    #expect(lesson.document.blocks.count == 4)
    #expect(lesson.document.blocks[1] == .paragraph([MarkdownRun("A paragraph that continues.")]))
    let statements = LessonFacts.statements(in: text, file: "t")
    #expect(statements.map(\.kind) == [.minutes, .check, .check, .check])
    #expect(statements[3].text == "lenet5.S4.parameters = 32")
    #expect(statements[2].origin == "t:11")
  }
}

