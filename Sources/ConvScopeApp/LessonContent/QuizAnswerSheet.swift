/// Answers given all at once, as `convscope lesson quiz ID --answers "1:b,2:1,516,3:a,c"`.
///
/// Entries are `QUESTION:ANSWER`, where QUESTION is a number from 1 or a question id,
/// separated by commas or semicolons. A comma piece that does not start with `KEY:` belongs
/// to the previous answer, so `2:1,516` is 1,516 and `3:a,c` picks a and c.
public struct QuizAnswerSheet: Sendable {
  /// Question number or id → response, in the order given.
  public var entries: [(key: String, response: String)]

  public init(parsing text: String) throws {
    var entries: [(key: String, response: String)] = []
    for piece in text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }).map(String.init) {
      if let colon = piece.firstIndex(of: ":"), Self.isKey(String(piece[..<colon]).lessonTrimmed) {
        let key = String(piece[..<colon]).lessonTrimmed
        if entries.contains(where: { $0.key == key }) { throw LessonError(text, "question \(key) is answered twice") }
        entries.append((key, String(piece[piece.index(after: colon)...]).lessonTrimmed))
      } else {
        guard !entries.isEmpty else {
          throw LessonError(text, "write QUESTION:ANSWER pairs separated by commas, like \"1:b,2:42\"")
        }
        entries[entries.count - 1].response += "," + piece.lessonTrimmed
      }
    }
    guard !entries.isEmpty else { throw LessonError(text, "no answers; write them like \"1:b,2:42\"") }
    self.entries = entries
  }

  /// The response for `question`, by its number or id.
  public func response(for question: QuizQuestion) -> String? {
    entries.first { $0.key == String(question.number) || $0.key == question.id }?.response
  }

  /// Keys that match no question of `quiz`.
  public func unknownKeys(in quiz: Quiz) -> [String] {
    entries.map(\.key).filter { quiz.question($0) == nil }
  }

  /// Grades every question of `quiz` (missing answers count as unanswered).
  public func grade(_ quiz: Quiz) -> [QuizFeedback] {
    quiz.questions.map { QuizGrader.grade($0, response: response(for: $0)) }
  }

  /// A key is a question number or an id (letters, digits, `-`, `_`), not a bare option letter.
  private static func isKey(_ text: String) -> Bool {
    guard !text.isEmpty, text.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
      return false
    }
    return text.count > 1 || text.first?.isNumber == true
  }
}
