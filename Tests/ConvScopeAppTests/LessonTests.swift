import ConvEngine
import Foundation
import TerminalUI
import Testing
import TestSupport

@testable import ConvScopeApp

/// The shipped lessons and quizzes: they parse, their links resolve, their quizzes have
/// answer keys, and every number the engine can compute agrees with the engine.
@Suite struct LessonTests {
  static let directory = Fixtures.packageRoot + "/lessons"
  /// Loaded once: parsing every lesson takes a noticeable moment in a debug build.
  static let loaded = Result { try LessonLibrary(directory: directory) }
  /// Every lesson file in the folder, listed without parsing: a lesson that fails to load
  /// (or a library that fails as a whole) is still a test case, and that case fails, instead
  /// of the parameterised tests quietly running over nothing.
  static let lessonIDs: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let ids = files.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.filter(LessonLink.isLessonID).sorted()
    return ids.isEmpty ? ["(no lesson files in \(directory))"] : ids
  }()
  static let context = (try? loaded.get())?.linkContext(assetsDirectory: Fixtures.assets)
  /// The sourced figures the lessons' `fact:` markers must agree with.
  static let sources = Result { try LessonSources(text: String(contentsOfFile: directory + "/sources.md", encoding: .utf8)) }

  func library() throws -> LessonLibrary { try Self.loaded.get() }
  func context() throws -> LessonLinkContext { try #require(Self.context) }

  func lesson(_ id: String) throws -> Lesson {
    try #require(try library().lessons.first { $0.id == id }, "no lesson \(id)")
  }

  @Test func theLibraryLoadsInFileOrder() throws {
    let library = try library()
    let ids = library.lessons.map(\.id)
    #expect(ids.count >= 10)
    #expect(ids == ids.sorted())
    #expect(!ids.contains("README"))
    // Every lesson file loaded: none was left out as a problem.
    #expect(ids == Self.lessonIDs)
    #expect(library.problems.isEmpty, "\(library.problems)")
  }

  /// The topics the course must cover, one lesson each.
  @Test func everyRequiredTopicHasALesson() throws {
    let titles = try library().lessons.map { $0.title.lowercased() }
    for topic in ["convolution", "pooling", "lenet-5 layer by layer", "from lenet-5 to alexnet", "alexnet layer by layer",
                  "side by side", "transfer learning", "misconceptions", "assignment"] {
      #expect(titles.contains { $0.contains(topic) }, "no lesson about \(topic)")
    }
  }

  @Test(arguments: lessonIDs) func parsesWithATitleAndReadingTime(id: String) throws {
    let lesson = try lesson(id)
    #expect(!lesson.title.isEmpty)
    #expect(lesson.document.blocks.first.map { if case .heading(1, _) = $0 { true } else { false } } == true,
            "\(id): the first block must be the H1")
    let h1s = lesson.document.blocks.filter { if case .heading(1, _) = $0 { true } else { false } }
    #expect(h1s.count == 1, "\(id): exactly one H1")
    let minutes = try #require(lesson.minutes, "\(id): no <!-- minutes: N -->")
    #expect((3...20).contains(minutes))
    // Comments never reach the screen.
    #expect(!lesson.plainText(width: 80).contains("<!--"))
    #expect(!lesson.plainText(width: 80).contains("check:"))
  }

  @Test(arguments: lessonIDs) func everyActionLinkResolves(id: String) throws {
    let context = try context()
    let lesson = try lesson(id)
    #expect(!lesson.actionLinks.isEmpty, "\(id) has no action links")
    for (_, link) in lesson.actionLinks {
      #expect(throws: Never.self, "\(id): [\(link.text)](\(link.target))") { try context.resolve(link.target) }
    }
    // Links that are neither actions nor web links are typos (e.g. a lesson file that does not exist).
    for link in lesson.links where !LessonLink.isActionTarget(link.target) {
      #expect(link.target.hasPrefix("https://") || link.target.hasPrefix("http://"),
              "\(id): link target \(link.target) is neither an action nor a web link")
    }
  }

  @Test(arguments: lessonIDs) func everyLiveDemoLinkNamesAView(id: String) throws {
    // Each lesson points at a live view, not only at other lessons.
    let lesson = try lesson(id)
    let screens = Set(lesson.actionLinks.compactMap { try? LessonLink(parsing: $0.link.target).screen })
    #expect(!screens.subtracting(["lesson", "quiz"]).isEmpty, "\(id) has no explore/train/compare link")
  }

  @Test(arguments: lessonIDs) func numbersMatchTheEngine(id: String) throws {
    let lesson = try lesson(id)
    let problems = LessonFacts.audit(lessonText: lesson.source, file: id + ".md", sources: try Self.sources.get())
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    let checks = LessonFacts.statements(in: lesson.source, file: id).filter { $0.kind == .check }
    #expect(!checks.isEmpty, "\(id) ties no number to the engine")
  }

  /// Lesson 4 quotes the small AlexNet as the Train screen builds it (ten classes), not as
  /// `convscope summary` prints it (the paper's 1,000): the figure is the prepared run's.
  @Test func theSmallAlexNetIsQuotedAsTheTrainScreenBuildsIt() throws {
    let lesson = try lesson("04-scaling-up")
    let checks = LessonFacts.statements(in: lesson.source, file: lesson.id).filter { $0.kind == .check }
    let key = "alexnet[width=0.25,inputsize=67,classes=10].total.parameters"
    let quoted = try #require(checks.compactMap { try? LessonFacts.parseCheck($0.text) }.first { $0.key == key }?.expected,
                              "lesson 4 quotes no \(key)")
    let choice = try #require(TrainSetup.models.first { $0.name == "alexnet" && $0.width == 0.25 && $0.inputSize == 67 })
    var setup = TrainSetup(model: choice)
    setup.limit = 8
    let run = try setup.prepare(assetsDirectory: Fixtures.assets, threads: 1)
    #expect(run.trainer.network.parameterCount.grouped == quoted)
    #expect(run.trainer.network.spec.classes == 10)
  }

  /// The preprocessing lesson names the ImageNet mean and deviation convscope's photo input
  /// really uses.
  @Test func thePreprocessingLessonQuotesTheEnginesConstants() throws {
    let text = try lesson("06-alexnet").plainText(width: 4000)
    func list(_ values: [Float]) -> String { "(" + values.map { String(format: "%.3f", $0) }.joined(separator: ", ") + ")" }
    #expect(text.contains("ImageNet mean " + list(InputEncoder.imageNetMean)))
    #expect(text.contains("standard deviation " + list(InputEncoder.imageNetStd)))
    #expect(text.contains("shorter side to \(ImagePreprocessing.shorterSide(forCrop: 227))"))
  }

  @Test(arguments: lessonIDs) func tablesFitEightyColumns(id: String) throws {
    let lesson = try lesson(id)
    for block in lesson.numberedDocument().blocks {
      guard case .table = block else { continue }
      let lines = MarkdownView(document: MarkdownDocument(blocks: [block])).lines(width: 200)
      let widest = lines.map { $0.reduce(0) { $0 + $1.displayWidth } }.max() ?? 0
      #expect(widest <= 80, "\(id): a table is \(widest) columns wide")
    }
  }

  @Test(arguments: lessonIDs) func everyLessonHasAQuizWithAnswerKeys(id: String) throws {
    let lesson = try lesson(id)
    let quiz = try #require(lesson.quizzes.first, "\(id) has no quizzes/\(id).md")
    #expect(quiz.questions.count >= 4)
    for q in quiz.questions {
      #expect(!q.explanation.isEmpty)
      #expect(!q.answerKey.isEmpty)
      // The key itself earns full marks.
      let key: String
      switch q.kind {
      case .choice(_, let correct): key = QuizQuestion.letter(correct)
      case .multi(_, let correct): key = correct.sorted().map(QuizQuestion.letter).joined(separator: ",")
      case .short(let accepted): key = accepted[0]
      case .numeric(let value, _, _): key = QuizQuestion.format(value)
      }
      #expect(QuizGrader.grade(q, response: key).outcome == .correct, "\(id) question \(q.number): key \(key)")
      #expect(QuizGrader.grade(q, response: "").outcome == .unanswered)
      // Targeted feedback really is for wrong answers.
      for m in q.mistakes { #expect(QuizGrader.grade(q, response: m.response).outcome == .wrong, "\(id) q\(q.number) mistake \(m.response)") }
    }
  }

  @Test(arguments: lessonIDs) func quizLinksAndNumbersCheckOut(id: String) throws {
    let context = try context()
    guard let quiz = try lesson(id).quizzes.first else { return }
    for q in quiz.questions {
      if let action = q.action {
        #expect(throws: Never.self, "\(id) question \(q.number): \(action)") { try context.resolve(action) }
        #expect(!q.steps.isEmpty, "\(id) question \(q.number): a guided exercise needs steps")
      }
      // Every shipped question has a hint and somewhere the review can send a student.
      #expect(q.hint?.isEmpty == false, "\(id) question \(q.number) has no hint:")
      let see = try #require(q.reviewLink, "\(id) question \(q.number) has neither see: nor action:")
      #expect(throws: Never.self, "\(id) question \(q.number): see: \(see)") { try context.resolve(see) }
    }
    let problems = LessonFacts.audit(quiz: quiz, file: "quizzes/\(id).md", sources: try Self.sources.get())
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func everyLessonLinksToItsQuiz() throws {
    for lesson in try library().lessons {
      let quizLinks = lesson.actionLinks.compactMap { try? LessonLink(parsing: $0.link.target) }.filter { $0 == .quiz(id: lesson.id) }
      #expect(!quizLinks.isEmpty, "\(lesson.id) does not link to its quiz")
    }
  }

  /// The assignment's five questions (course notes, file 001) are guided exercises.
  @Test func theFiveAssignmentQuestionsAreGuidedExercises() throws {
    let questions = try library().quizzes.flatMap(\.questions)
    for n in 1...5 {
      let q = try #require(questions.first { $0.assignment == "Q\(n)" }, "no guided exercise for assignment Q\(n)")
      #expect(q.isGuided)
      #expect(q.steps.count >= 2)
      #expect(q.prompt.hasPrefix("Q\(n)"))
    }
    let lesson = try lesson("10-assignment")
    for n in 1...5 {
      #expect(lesson.sections.contains { $0.title.hasPrefix("Q\(n).") }, "lesson 10 has no section for Q\(n)")
    }
  }

  /// facts.md §3 lists 43 wrong or misleading claims in the notes; the misconceptions lesson
  /// corrects each, and its correction names the right fact.
  @Test func theMisconceptionsLessonCoversAll43() throws {
    let lesson = try lesson("09-misconceptions")
    var items: [Int: String] = [:]
    for case .list(let list) in lesson.document.blocks {
      for item in list {
        let text = item.runs.plainText
        guard text.hasPrefix("#"), let n = Int(text.dropFirst().prefix { $0.isNumber }) else { continue }
        #expect(items[n] == nil, "#\(n) appears twice")
        items[n] = text
      }
    }
    #expect(Set(items.keys) == Set(1...43))
    // A word or number of the correct fact, per item (facts.md §3).
    let keywords: [Int: String] = [
      1: "1998", 2: "60,000", 3: "RBF", 4: "modern variant", 5: "padded", 6: "output layer", 7: "convolutional",
      8: "1.7159", 9: "coefficient", 10: "60 kernels", 11: "540,000", 12: "distortion", 13: "3 convolutional",
      14: "counted differently", 15: "15.3%", 16: "15.3%", 17: "Nair", 18: "popularised", 19: "Hinton", 20: "Chellapilla",
      21: "ImageNet scale", 22: "overstated", 23: "224×224×3", 24: "no padding", 25: "9,216", 26: "no activation",
      27: "3 fully connected", 28: "principal components", 29: "Caffe", 30: "47.1%", 31: "no CPU comparison",
      32: "five to six days", 33: "650,000", 34: "15 million", 35: "Sutskever", 36: "DNNresearch", 37: "14 years",
      38: "local response normalisation", 39: "torchvision", 40: "Bottou", 41: "13 convolutional",
      42: "two to three weeks", 43: "LRN",
    ]
    for (n, word) in keywords {
      #expect(items[n]?.contains(word) == true, "#\(n) does not mention \(word)")
      #expect(items[n]?.contains("Fact:") == true, "#\(n) has no correction")
    }
  }

  /// Wrong claims from the notes must not be repeated as facts outside the misconceptions lesson.
  @Test(arguments: lessonIDs) func noLessonRepeatsAKnownMistake(id: String) throws {
    guard id != "09-misconceptions" else { return }
    let text = try lesson(id).plainText(width: 400).lowercased()
    let wrong = [
      "scaled up from 28", "scaled up to 32", "first network to use relu", "introduced relu", "introduced dropout", "first to use a gpu",
      "50x", "for a week", "lru", "~50k", "average pooling layers", "developed by yann lecun", "14 million",
      "top-5 error rate of 16.4", "14 conv", "sigmoid activation", "c5 is a fully connected",
    ]
    for phrase in wrong { #expect(!text.contains(phrase), "\(id) says \"\(phrase)\"") }
  }

  @Test func lessonsRenderAsPlainTextWithNumberedLinks() throws {
    let lesson = try lesson("03-lenet5")
    let text = lesson.plainText(width: 80)
    #expect(text.hasPrefix("LeNet-5 layer by layer"))
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(text.contains("[1] "))
    #expect(text.contains("\nLinks:\n"))
    #expect(text.contains("] convscope:explore?model=lenet5&layer=C3"))
    #expect(text.contains("convscope lesson quiz 03-lenet5"))
    let ascii = lesson.plainText(width: 60, unicode: false)
    #expect(!ascii.contains("│"))
  }

  @Test func sectionsAreFoundOnScreen() throws {
    let lesson = try lesson("06-alexnet")
    let line = try #require(lesson.line(ofSection: "224-or-227", width: 70))
    let lines = MarkdownView(document: lesson.document).lines(width: 70)
    #expect(lines[line].map(\.text).joined() == "224 or 227?")
    #expect(lesson.line(ofSection: "nowhere", width: 70) == nil)
  }

  @Test func lessonsAreFoundByNumberOrTopic() throws {
    let library = try library()
    #expect(library.lesson("3")?.id == "03-lenet5")
    #expect(library.lesson("03")?.id == "03-lenet5")
    #expect(library.lesson("lenet5")?.id == "03-lenet5")
    #expect(library.lesson("03-lenet5.md")?.id == "03-lenet5")
    #expect(library.lesson("nope") == nil)
    #expect(library.quiz("06-alexnet")?.questions.isEmpty == false)
  }

  @Test func theLessonsFolderIsLocated() throws {
    let root = Fixtures.packageRoot
    #expect(try LessonLibrary.locate(explicit: root + "/lessons", environment: nil, currentDirectory: nil,
                                     executableDirectories: [], packageRoot: nil) == root + "/lessons")
    #expect(try LessonLibrary.locate(explicit: nil, environment: nil, currentDirectory: root,
                                     executableDirectories: [], packageRoot: nil) == root + "/lessons")
    #expect(try LessonLibrary.locate(explicit: nil, environment: root + "/lessons", currentDirectory: "/",
                                     executableDirectories: [], packageRoot: nil) == root + "/lessons")
    #expect(try LessonLibrary.locate(explicit: nil, environment: nil, currentDirectory: "/",
                                     executableDirectories: [root + "/.build/debug"], packageRoot: nil)
              == root + "/lessons")
    #expect(throws: LessonError.self) {
      try LessonLibrary.locate(explicit: root + "/assets", environment: nil, currentDirectory: nil,
                               executableDirectories: [], packageRoot: nil)
    }
    #expect(throws: LessonError.self) {
      try LessonLibrary.locate(explicit: nil, environment: nil, currentDirectory: "/",
                               executableDirectories: [], packageRoot: nil)
    }
  }

  @Test func aBrokenLessonFolderNamesTheFile() throws {
    let dir = Fixtures.temporaryDirectory()
    try "no heading here\n".write(toFile: dir + "/01-bad.md", atomically: true, encoding: .utf8)
    #expect { try LessonLibrary(directory: dir) } throws: { error in
      (error as? LessonError)?.description == dir + "/01-bad.md:1: has no title: the first heading must be a level-1 heading (# Title)"
    }
    try "# Fine\n".write(toFile: dir + "/01-bad.md", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/quizzes", withIntermediateDirectories: true)
    try "# Quiz\n```quiz\ntype: numeric\nquestion: q\nanswer: 1\nexplain: e\n```\n"
      .write(toFile: dir + "/quizzes/02-orphan.md", atomically: true, encoding: .utf8)
    // The lesson loads; the orphan quiz is reported, not fatal.
    let library = try LessonLibrary(directory: dir)
    #expect(library.lessons.map(\.id) == ["01-bad"])
    #expect(library.problems.map(\.problem) == ["no lesson 02-orphan.md for this quiz"])
  }

  /// Issue 19, item 7: one broken lesson no longer hides the others.
  @Test func oneBrokenLessonIsReportedAndTheOthersLoad() throws {
    let dir = Fixtures.temporaryDirectory()
    try "# One\n".write(toFile: dir + "/01-one.md", atomically: true, encoding: .utf8)
    try "no heading\n".write(toFile: dir + "/02-broken.md", atomically: true, encoding: .utf8)
    try "# Three\n".write(toFile: dir + "/03-three.md", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/quizzes", withIntermediateDirectories: true)
    try "not a quiz\n".write(toFile: dir + "/quizzes/03-three.md", atomically: true, encoding: .utf8)
    let library = try LessonLibrary(directory: dir)
    #expect(library.lessons.map(\.id) == ["01-one", "03-three"])
    #expect(library.lessons[1].quizzes.isEmpty)
    #expect(Set(library.problems.map { URL(fileURLWithPath: $0.subject).lastPathComponent }) == ["02-broken.md:1", "03-three.md:1"])
    #expect(library.problemSummary?.contains("(and 1 more file not loaded)") == true)
  }

  /// Issue 19: control characters in a lesson file (an escape sequence that would retitle or
  /// clear the terminal) are gone before its title or text reach the screen.
  @Test func controlCharactersInALessonNeverReachTheTerminal() throws {
    let dir = Fixtures.temporaryDirectory()
    try "# Evil\u{1B}]0;owned\u{07} title\u{9B}2J\n\nText \u{1B}[31mred\u{1B}[0m.\n"
      .write(toFile: dir + "/01-evil.md", atomically: true, encoding: .utf8)
    let library = try LessonLibrary(directory: dir)
    let lesson = try #require(library.lessons.first)
    #expect(lesson.title == "Evil]0;owned title2J")
    let text = lesson.plainText(width: 80)
    #expect(text.contains("Text [31mred[0m."))
    #expect(!(lesson.title + text).unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
  }

  /// Issue 19, item 7: parsing is linear in the line length. A 1 MB line of each character the
  /// inline parser searches from (brackets, emphasis, code, links) took minutes before; the
  /// bound is loose (a debug build) and on this thread's CPU time, which a loaded machine does
  /// not stretch; a quadratic parser would miss it by hours.
  @Test(arguments: ["[", "*", "`", "[a](", "**a", "\\", "<!--", "# "])
  func aOneMegabyteLineParsesInSeconds(pattern: String) throws {
    let line = String(repeating: pattern, count: 1_000_000 / pattern.utf8.count)
    let cpu = ThreadCPUClock.seconds { _ = try? Lesson(id: "01-long", text: "# Long\n\n" + line + "\n") }
    #expect(cpu < 30)
  }
}
