/// A typed response read against its question, before any grading: the option(s) it picks,
/// the number or the text. The one place where responses are parsed; the grader, the
/// Lessons screen and `convscope lesson quiz` all go through `read`.
///
/// Students write answers many ways ("abd", "a, b, d", "a b d"; "1 516", "1,516", "1516"),
/// and each of those is an answer. A response that cannot be an answer to this question (a
/// letter for a numeric question, an option the question does not have, two picks for a
/// one-answer question) is not graded wrong: it is `malformed`, and the student is asked again.
public enum QuizAnswer: Sendable, Hashable {
  /// One option of a choice question (index from 0).
  case option(Int)
  /// Options of a pick-all question.
  case options(Set<Int>)
  /// A short answer, as typed (trimmed).
  case text(String)
  /// A numeric answer.
  case number(Double)

  /// What a response turned out to be.
  public enum Reading: Sendable, Hashable {
    case answer(QuizAnswer)
    /// Nothing typed: a skip.
    case empty
    /// Not an answer to this question; the text says why and what to type instead.
    case malformed(String)
  }

  /// Reads `response` as an answer to `question`.
  public static func read(_ response: String, for question: QuizQuestion) -> Reading {
    let text = response.lessonTrimmed
    guard !text.isEmpty else { return .empty }
    switch question.kind {
    case .choice(let options, _):
      let tokens = optionTokens(text, count: options.count)
      guard tokens.count == 1 else {
        if let picks = try? tokens.map({ try index(of: $0, count: options.count) }), Set(picks).count > 1 {
          return .malformed("This question has one answer: pick one option (\(range(options.count))).")
        }
        return .malformed(notAnOption(tokens.first { (try? index(of: $0, count: options.count)) == nil } ?? text,
                                      count: options.count))
      }
      do { return .answer(.option(try index(of: tokens[0], count: options.count))) } catch {
        return .malformed(notAnOption(tokens[0], count: options.count))
      }
    case .multi(let options, _):
      var picks = Set<Int>()
      for token in optionTokens(text, count: options.count) {
        guard let i = try? index(of: token, count: options.count) else {
          return .malformed(notAnOption(token, count: options.count))
        }
        picks.insert(i)
      }
      return picks.isEmpty ? .empty : .answer(.options(picks))
    case .short:
      return .answer(.text(text))
    case .numeric:
      guard let x = QuizGrader.number(in: text) else {
        let letter = text.count == 1 && text.first?.isLetter == true
        return .malformed("“\(text)” is not a number" + (letter ? ": this question wants a number, not an option letter." : "."))
      }
      return .answer(.number(x))
    }
  }

  /// The pieces of an option answer: split at commas, semicolons, spaces and "and"; a piece
  /// made only of letters ("abd") is one pick per letter. Brackets and dots around a pick
  /// ("b)", "(b)", "b.") are dropped. A word longer than there are options ("second") stays
  /// whole, so the re-ask names it as typed.
  static func optionTokens(_ text: String, count: Int) -> [String] {
    let pieces = text.lowercased().split { $0 == "," || $0 == ";" || $0 == " " || $0 == "/" || $0 == "+" || $0 == "&" }
    var tokens: [String] = []
    for piece in pieces {
      let token = String(piece).trimming("().[]")
      if token.isEmpty || token == "and" { continue }
      if token.count > 1, token.count <= count, token.allSatisfy({ $0.isASCII && $0.isLetter }) {
        tokens += token.map(String.init)
      } else {
        tokens.append(token)
      }
    }
    return tokens
  }

  /// `b` or `2` → 1; anything else, or an option past the last, throws.
  static func index(of token: String, count: Int) throws -> Int {
    try QuizQuestion.optionIndex(token, count: count)
  }

  static func range(_ count: Int) -> String {
    "a–\(QuizQuestion.letter(count - 1))"
  }

  static func notAnOption(_ token: String, count: Int) -> String {
    "“\(token)” is not one of the options (\(range(count)))."
  }
}

extension String {
  /// Drops the characters of `set` from both ends.
  fileprivate func trimming(_ set: String) -> String {
    var s = Substring(self)
    while let c = s.first, set.contains(c) { s = s.dropFirst() }
    while let c = s.last, set.contains(c) { s = s.dropLast() }
    return String(s)
  }
}
