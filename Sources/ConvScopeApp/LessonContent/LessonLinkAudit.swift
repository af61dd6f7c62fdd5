/// The links of the lessons, quizzes and tours checked all at once (by `lesson list`, `lesson
/// check` and `tour list`), rather than one at a time when a student follows them: a link to a lesson, section, quiz, file, layer or
/// test image that does not exist, and a tour whose `lesson:` names no lesson. Each problem
/// names the file and line, so a teacher editing a lesson sees it in `convscope lesson list`.
public enum LessonLinkAudit {
  /// One broken link.
  public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// The file as loaded (or the lesson's id when it came from no file).
    public var file: String
    /// 1-based; nil when the link's text is not found in the file as written.
    public var line: Int?
    public var link: String
    public var problem: String

    public var description: String {
      "\(file)\(line.map { ":\($0)" } ?? ""): \(link): \(problem) (broken link)"
    }
  }

  /// Every broken link of `lessons` (their quizzes too) and `tours`, in file order.
  public static func problems(lessons: [Lesson], tours: [Tour], context: LessonLinkContext) -> [Problem] {
    var found: [Problem] = []
    func check(_ target: String, file: String, line: Int?) {
      do {
        try context.resolve(target)
      } catch let error as LessonError {
        // The subject is usually the link itself, which the problem line names already.
        found.append(Problem(file: file, line: line, link: target,
                             problem: error.subject == target ? error.problem : error.description))
      } catch {
        found.append(Problem(file: file, line: line, link: target, problem: "\(error)"))
      }
    }
    for lesson in lessons {
      let file = lesson.path ?? lesson.id
      for (_, link) in lesson.actionLinks {
        check(link.target, file: file, line: line(of: "](\(link.target))", in: lesson.source))
      }
      for quiz in lesson.quizzes {
        let file = quiz.path ?? quiz.id
        for question in quiz.questions {
          for target in [question.see, question.action].compactMap({ $0 }) {
            check(target, file: file, line: line(of: target, in: quiz.source))
          }
        }
      }
    }
    let ids = Set(lessons.map(\.id))
    for tour in tours {
      let file = tour.path ?? tour.id
      if let lesson = tour.lessonID, !ids.contains(lesson) {
        found.append(Problem(file: file, line: tour.lessonLine, link: "lesson: \(lesson)",
                             problem: "no such lesson; known: \(lessons.map(\.id).joined(separator: ", "))"))
      }
      for step in tour.steps { check(step.showText, file: file, line: step.line) }
    }
    return found
  }

  /// The 1-based line of the first occurrence of `text` in `source`.
  static func line(of text: String, in source: String) -> Int? {
    guard let range = source.range(of: text) else { return nil }
    return source[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
  }
}
