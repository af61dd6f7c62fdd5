/// The end of a quiz: each question not answered right the first time, with the right answer
/// and a link to where it is taught (the question's `see:` section or view, else the
/// lesson). Shown at the end of the quiz on the Lessons screen (where the links can be
/// followed) and by `convscope lesson quiz`.
public struct QuizReview: Sendable, Hashable {
  public struct Item: Sendable, Hashable, Codable {
    public var question: Int
    public var id: String
    public var prompt: String
    public var outcome: QuizOutcome
    public var response: String
    /// The first try, when the hint was shown after it.
    public var firstResponse: String?
    public var answerKey: String
    /// A link target `LessonLink(parsing:)` reads: `01-convolution.md#how-big-is-the-map`,
    /// `convscope:explore?…`.
    public var link: String
    /// Where the link goes, for people: "“How big is the map?”", "lesson 03-lenet5".
    public var place: String
  }

  public var score: QuizScore
  public var missed: [Item]

  /// `results` are the verdicts in question order (a question missing from them is skipped).
  public init(lesson: Lesson, quiz: Quiz, results: [QuizFeedback]) {
    score = QuizGrader.score(results)
    missed = results.filter { $0.outcome != .correct || $0.firstResponse != nil }.compactMap { r in
      guard let q = quiz.question(String(r.question)) else { return nil }
      let link = q.reviewLink ?? "\(lesson.id).md"
      return Item(question: r.question, id: r.id, prompt: q.prompt, outcome: r.outcome, response: r.response,
                  firstResponse: r.firstResponse, answerKey: r.answerKey, link: link, place: Self.place(of: link, in: lesson))
    }
  }

  /// "“Weight sharing: few parameters, plenty of work”" for a section of this lesson,
  /// "lesson 03-lenet5, section c5-is-a-convolution" for another's, "explore: model lenet5, layer C1"
  /// for a view.
  static func place(of target: String, in lesson: Lesson) -> String {
    guard let link = try? LessonLink(parsing: target) else { return target }
    switch link {
    case .lesson(let id, let section):
      if id == lesson.id {
        return section.flatMap { lesson.section($0)?.title }.map { "“\($0)”" } ?? "the lesson"
      }
      return "lesson \(id)" + (section.map { ", section " + $0 } ?? "")
    case .explore(let explore): return "Explore: " + LessonLinkFollower.describe(explore)
    case .train: return "Train: " + target
    case .compare(let models): return "Compare: " + models.map(\.name).joined(separator: " vs ")
    case .quiz(let id): return "quiz \(id)"
    }
  }
}
