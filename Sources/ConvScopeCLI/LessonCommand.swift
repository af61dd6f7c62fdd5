import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// `convscope lesson list|show|quiz|check`: the lessons without the workbench.
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson",
    abstract: "Read the lessons and take their quizzes in a plain terminal.",
    discussion: "Lessons live in lessons/*.md (readable on GitHub too); quizzes in lessons/quizzes/.",
    subcommands: [ListLessons.self, ShowLesson.self, TakeQuiz.self, CheckLesson.self])
}

/// Where the lessons are: `--lessons DIR`, else found like the assets.
struct LessonFolderOptions: ParsableArguments {
  @Option(name: .long, help: "Folder holding the lessons (default: $CONVSCOPE_LESSONS, ./lessons, or the shipped ones).")
  var lessons: String?

  /// The lessons that load; each file that does not is named on standard error (one line
  /// each) and left out, and the command goes on with the others.
  func library() throws -> LessonLibrary {
    let library = try LessonGuard.run { try LessonLibrary.load(explicit: lessons) }
    for problem in library.problems { CLI.printWarning("\(problem.description) (not loaded)".printableOnOneLine) }
    return library
  }

  func lesson(_ key: String, in library: LessonLibrary) throws -> Lesson {
    guard let lesson = library.lesson(key) else {
      CLI.printError("\(key): no such lesson; known: \(library.lessons.map(\.id).joined(separator: ", "))")
      throw ExitCode(1)
    }
    return lesson
  }
}

/// Turns lesson errors into one line on stderr and exit code 1.
enum LessonGuard {
  static func run<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as LessonError {
      CLI.printError(error.description)
      throw ExitCode(1)
    }
  }

  /// `$COLUMNS` when it holds a width.
  static var columnsVariable: Int? {
    ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
  }

  /// The terminal's width, `$COLUMNS`, or 80.
  static var terminalWidth: Int { StandardOutput.width(fallback: columnsVariable ?? 80) }

  /// The width a listing's table is fitted to: the terminal's on a terminal, else `$COLUMNS`
  /// if set; nil (whole lines) when piped without it, so scripts get every character.
  static var tableWidth: Int? { CLI.stdoutIsTerminal ? terminalWidth : columnsVariable }
}

// MARK: - list

struct ListLessons: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Every lesson: id, title, reading time, quiz.")

  @OptionGroup var folder: LessonFolderOptions
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    let library = try folder.library()
    folder.warnAboutBrokenLinks(library, tours: try folder.tours())
    if json {
      let rows = library.lessons.map {
        LessonListJSON(id: $0.id, title: $0.title, minutes: $0.minutes, questions: $0.quizzes.first?.questions.count ?? 0,
                       path: $0.path)
      }
      print(try CLI.json(rows))
      return
    }
    var rows = [["id", "title", "minutes", "quiz"]]
    for lesson in library.lessons {
      let questions = lesson.quizzes.first.map { "\($0.questions.count) questions" } ?? "–"
      rows.append([lesson.id, lesson.title, lesson.minutes.map(String.init) ?? "–", questions])
    }
    print(CLI.table(rows, rightAligned: [2], width: LessonGuard.tableWidth))
    print("\nRead one with: convscope lesson show ID\nTake its quiz with: convscope lesson quiz ID")
  }
}

struct LessonListJSON: Encodable {
  var id: String
  var title: String
  var minutes: Int?
  var questions: Int
  var path: String?
}

// MARK: - show

struct ShowLesson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Print a lesson as plain text, its links numbered and listed at the end.")

  @Argument(help: "Lesson id (03-lenet5), number (3) or topic (lenet5).") var id: String
  @OptionGroup var folder: LessonFolderOptions
  @Option(help: "Columns to wrap at (default: the terminal's width, or 80).") var width: Int?
  @Flag(help: "Draw with ASCII only.") var ascii = false
  @Flag(help: "Print JSON (id, title, minutes, text, links).") var json = false

  func validate() throws {
    if let width, width < 20 { throw ValidationError("--width must be at least 20") }
  }

  func run() throws {
    let library = try folder.library()
    let lesson = try folder.lesson(id, in: library)
    let text = lesson.plainText(width: width ?? LessonGuard.terminalWidth, unicode: !ascii)
    if json {
      let links = lesson.links.enumerated().map { i, link in
        LessonLinkJSON(number: i + 1, text: link.text, target: link.target,
                       screen: (try? LessonLink(parsing: link.target))?.screen)
      }
      print(try CLI.json(LessonShowJSON(id: lesson.id, title: lesson.title, minutes: lesson.minutes, text: text,
                                        links: links)))
    } else {
      print(text)
    }
  }
}

struct LessonLinkJSON: Encodable {
  var number: Int
  var text: String
  var target: String
  /// The workbench screen an action link opens; nil for web links.
  var screen: String?
}

struct LessonShowJSON: Encodable {
  var id: String
  var title: String
  var minutes: Int?
  var text: String
  var links: [LessonLinkJSON]
}

// MARK: - quiz

struct TakeQuiz: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quiz",
    abstract: "Take a lesson's quiz: interactive on a terminal; with --answers or piped answers, graded at once.",
    discussion: """
      --answers takes QUESTION:ANSWER pairs separated by commas, e.g. "1:b,2:1,516,3:a,c,4:7x12".
      Piped input gives one answer per line, in question order (an empty line skips a question).
      """)

  @Argument(help: "Lesson id (03-lenet5), number (3) or topic (lenet5).") var id: String
  @OptionGroup var folder: LessonFolderOptions
  @Option(help: "All answers at once, like \"1:b,2:42\" (no questions asked).") var answers: String?
  @Flag(help: "Print the graded answers and the score as JSON.") var json = false

  func run() throws {
    let library = try folder.library()
    let lesson = try folder.lesson(id, in: library)
    guard let quiz = lesson.quizzes.first else {
      CLI.printError("\(lesson.id): this lesson has no quiz")
      throw ExitCode(1)
    }
    var results: [QuizFeedback]
    if let answers {
      let sheet: QuizAnswerSheet
      do { sheet = try QuizAnswerSheet(parsing: answers) } catch let e as LessonError { throw ValidationError(e.description) }
      let unknown = sheet.unknownKeys(in: quiz)
      guard unknown.isEmpty else {
        throw ValidationError("--answers: no question \(unknown.joined(separator: ", ")) in \(quiz.id) (it has \(quiz.questions.count))")
      }
      for q in quiz.questions {
        if let response = sheet.response(for: q), case .malformed(let why) = QuizAnswer.read(response, for: q) {
          throw ValidationError("--answers: question \(q.number) (\(q.id)): \(why)")
        }
      }
      results = sheet.grade(quiz)
      if !json { for (q, r) in zip(quiz.questions, results) { print(QuizText.question(q)); print(QuizText.verdict(r)) } }
    } else if isatty(STDIN_FILENO) == 1, !json {
      results = []
      print("\(quiz.title) — \(quiz.questions.count) questions. Type an answer and press Enter (Enter alone skips).\n")
      for q in quiz.questions {
        print(QuizText.question(q))
        results.append(Self.ask(q))
      }
    } else {
      var lines: [String] = []
      while let line = readLine() { lines.append(line) }
      for (i, q) in quiz.questions.enumerated() where i < lines.count {
        if case .malformed(let why) = QuizAnswer.read(lines[i], for: q) {
          CLI.printError("standard input, line \(i + 1) (question \(q.number), \(q.id)): \(why)".printableOnOneLine)
          throw ExitCode(1)
        }
      }
      results = quiz.questions.enumerated().map { i, q in QuizGrader.grade(q, response: i < lines.count ? lines[i] : nil) }
      if !json { for (q, r) in zip(quiz.questions, results) { print(QuizText.question(q)); print(QuizText.verdict(r)) } }
    }
    let score = QuizGrader.score(results)
    let review = QuizReview(lesson: lesson, quiz: quiz, results: results)
    if json {
      print(try CLI.json(QuizRunJSON(lesson: lesson.id, title: quiz.title, results: results, score: score,
                                     percent: score.percent, review: review.missed)))
    } else {
      print("Score: \(score.text) — \(score.correct) right, \(score.partial) partly right, "
        + "\(results.count - score.correct - score.partial) wrong or skipped.")
      if !review.missed.isEmpty { print("\n" + QuizText.review(review)) }
    }
  }

  /// One question on a terminal, through `QuizTurn`: what is not an answer is asked again,
  /// a missed first try shows the hint and gets one more try.
  static func ask(_ q: QuizQuestion) -> QuizFeedback {
    var turn = QuizTurn(q)
    var prompt = q.options.isEmpty ? "Your answer: " : "Your answer (letter): "
    while true {
      CLI.write(prompt)
      switch turn.submit(readLine() ?? "") {
      case .askAgain(let why):
        print("  \(why) Not graded: try again.")
      case .hint(let first, let hint):
        print(QuizText.wrap("→ \(first.response): \(first.headline)", first: "", rest: "  ", width: LessonGuard.terminalWidth))
        print(QuizText.wrap(hint, first: "  Hint: ", rest: "  ", width: LessonGuard.terminalWidth))
        prompt = "One more try (half a point; Enter alone gives up): "
      case .done(let verdict):
        print(QuizText.verdict(verdict))
        return verdict
      }
    }
  }
}

struct QuizRunJSON: Encodable {
  var lesson: String
  var title: String
  var results: [QuizFeedback]
  var score: QuizScore
  var percent: Double
  /// Each question not answered right the first time, with where it is taught.
  var review: [QuizReview.Item]
}

/// How questions and verdicts look as text, wrapped to the terminal.
enum QuizText {
  static func question(_ q: QuizQuestion, width: Int = LessonGuard.terminalWidth) -> String {
    let kind: String
    switch q.kind {
    case .choice: kind = "multiple choice"
    case .multi: kind = "pick all that apply"
    case .short: kind = "short answer"
    case .numeric(_, _, let unit): kind = "a number" + (unit.map { " (\($0))" } ?? "")
    }
    let guided = q.isGuided ? "guided exercise" + (q.assignment.map { ", assignment \($0)" } ?? "") + ", " : ""
    var lines = ["Question \(q.number) — " + guided + kind]
    if let action = q.action {
      for (i, step) in q.steps.enumerated() { lines.append(wrap(step, first: "  \(i + 1). ", rest: "     ", width: width)) }
      lines.append("  In the workbench: \(action)")
      if let hint = (try? LessonLink(parsing: action))?.commandLineHint {
        lines.append("  Without it: " + hint.replacingOccurrences(of: "\n", with: "\n              "))
      }
    }
    lines.append(wrap(q.prompt, first: "", rest: "", width: width))
    for (i, option) in q.options.enumerated() {
      lines.append(wrap(option.text, first: "  \(QuizQuestion.letter(i))) ", rest: "     ", width: width))
    }
    return lines.joined(separator: "\n")
  }

  static func verdict(_ r: QuizFeedback, width: Int = LessonGuard.terminalWidth) -> String {
    let key = r.answerKey.last.map { ".!?".contains($0) } == true ? r.answerKey : r.answerKey + "."
    let head: String
    switch r.outcome {
    case .correct: head = "→ \(r.response): correct."
    case .partial where r.afterHint == .correct:
      head = "→ \(r.response): right on the second try (half a point). The answer: \(key)"
    case .partial: head = "→ \(r.response): partly right (\(QuizQuestion.format((r.score * 100).rounded() / 100)) point). The answer: \(key)"
    case .wrong: head = "→ \(r.response): wrong. The answer: \(key)"
    case .unanswered: head = "→ no answer. The answer: \(key)"
    }
    var lines = [wrap(head, first: "", rest: "  ", width: width)]
    if r.outcome != .unanswered, !r.feedback.isEmpty { lines.append(wrap(r.feedback, first: "  ", rest: "  ", width: width)) }
    lines.append(wrap(r.explanation, first: "  Why: ", rest: "  ", width: width))
    return lines.joined(separator: "\n") + "\n"
  }

  /// The questions to go back to, each with where it is taught.
  static func review(_ review: QuizReview, width: Int = LessonGuard.terminalWidth) -> String {
    var lines = ["To review:"]
    for item in review.missed {
      lines.append(wrap("\(item.question). \(item.prompt)", first: "  ", rest: "     ", width: width))
      lines.append(wrap("see \(item.place) (\(item.link))", first: "     ", rest: "     ", width: width))
    }
    return lines.joined(separator: "\n")
  }

  /// Word-wraps `text` to `width` columns (40 at the least), `first` before the first line
  /// and `rest` before the others.
  static func wrap(_ text: String, first: String, rest: String, width: Int) -> String {
    TextWrapper.wrap(text, width: max(width, 40), first: first, rest: rest).joined(separator: "\n")
  }
}
