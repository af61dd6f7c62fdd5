/// A problem with a lesson, a quiz, a link or an answer: what it is about and what is wrong.
public struct LessonError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file, link or key the problem is about.
  public var subject: String
  /// What is wrong, in plain words, with a hint where one helps.
  public var problem: String

  public init(_ subject: String, _ problem: String) {
    self.subject = subject
    self.problem = problem
  }

  public var description: String { "\(subject): \(problem)" }
}
