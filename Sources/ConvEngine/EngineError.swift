/// An error a user can act on: which file (or thing) is wrong, and what is wrong with it.
///
/// The CLI prints `description` on one line and exits non-zero; no stack traces.
public struct EngineError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file, model or option the problem is about (`nil` when there is none).
  public let subject: String?
  /// What is wrong, in plain words, with a hint where one helps.
  public let problem: String

  public init(_ subject: String?, _ problem: String) {
    self.subject = subject
    self.problem = problem
  }

  /// `subject: problem` on one line; control characters (from names read out of files, or
  /// typed into a path) are shown as `?` so a message can never drive the terminal.
  public var description: String {
    if let subject { return "\(subject): \(problem)".printableOnOneLine }
    return problem.printableOnOneLine
  }
}
