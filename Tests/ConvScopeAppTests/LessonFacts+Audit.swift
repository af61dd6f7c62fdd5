import ConvEngine

@testable import ConvScopeApp

extension LessonFacts {
  /// Everything wrong with the numbers of a lesson's text: checks the engine disagrees with,
  /// arithmetic that does not hold, facts that `sources` does not list under the source they
  /// name, and numbers with thousands separators or a percent sign that no marker in the same
  /// block (paragraph, list, table or code block with the comments right under it) accounts
  /// for. Empty when all is well.
  static func audit(lessonText text: String, file: String, sources: LessonSources) -> [String] {
    var problems = statementProblems(statements(in: text, file: file), sources: sources)
    for block in blocks(of: text) {
      let covered = statements(in: block.text, file: file).reduce(into: Set<String>()) { $0.formUnion(coveredNumbers($1)) }
      let visible = withoutLinkTargets(LessonMarkup.removingComments(block.text))
      for number in separatedNumbers(in: visible) + LessonSources.percentages(in: visible) where !covered.contains(number) {
        problems.append("\(file):\(block.line): \(number) is not covered by a check:, fact: or calc: marker in the same block")
      }
      if !block.isCode {
        for number in bareLongNumbers(in: visible) {
          problems.append("\(file):\(block.line): write \(number) with thousands separators (\(Int(number)?.grouped ?? number))")
        }
      }
    }
    return problems
  }

  /// The same for a quiz: each question's `check:`, `fact:` and `calc:` lines must hold and
  /// cover the separated numbers in its question, options, feedback and explanation; a bare
  /// `check: KEY` must equal the numeric answer.
  static func audit(quiz: Quiz, file: String, sources: LessonSources) -> [String] {
    var problems: [String] = []
    for q in quiz.questions {
      let origin = "\(file), question \(q.number)"
      var statements: [Statement] = []
      var covered = Set<String>()
      func pieces(_ lines: [String]) -> [String] {
        lines.flatMap { $0.split(separator: ";").map { String($0).lessonTrimmed } }.filter { !$0.isEmpty }
      }
      for text in pieces(q.checks) {
        let (key, relation, _) = (try? parseCheck(text)) ?? (text, nil, nil)
        if relation == nil {
          guard case .numeric(let answer, _, _) = q.kind else {
            problems.append("\(origin): check: \(key) without a value needs a numeric question")
            continue
          }
          do {
            guard case .integer(let n) = try value(of: key) else {
              problems.append("\(origin): \(key) is a shape, not a number")
              continue
            }
            if Double(n) != answer {
              problems.append("\(origin): the answer is \(QuizQuestion.format(answer)) but the engine computes \(key) = \(n.grouped)")
            }
          } catch {
            problems.append("\(origin): \(error)")
          }
          covered.formUnion(separatedNumbers(in: QuizQuestion.format(answer)))
        } else {
          statements.append(Statement(kind: .check, text: text, origin: origin))
        }
      }
      statements += pieces(q.facts).map { Statement(kind: .fact, text: $0, origin: origin) }
      statements += pieces(q.calcs).map { Statement(kind: .calc, text: $0, origin: origin) }
      problems += statementProblems(statements, sources: sources)
      covered = statements.reduce(into: covered) { $0.formUnion(coveredNumbers($1)) }
      // A question may state its own tolerance ("within 5% counts").
      if case .numeric(_, .relative(let r), _) = q.kind { covered.insert(QuizQuestion.format(r * 100) + "%") }
      if case .numeric(let answer, _, _) = q.kind, abs(answer) >= 1000,
        !covered.contains(QuizQuestion.format(answer)) {
        problems.append("\(origin): the answer \(QuizQuestion.format(answer)) needs a check: or fact: line")
      }
      var texts = [q.prompt, q.explanation, q.hint ?? ""] + q.steps + q.options.map(\.text) + q.options.compactMap(\.feedback)
      texts += (q.partials + q.mistakes).flatMap { [$0.response, $0.feedback] } + [q.wrongFeedback ?? ""]
      for text in texts {
        for number in separatedNumbers(in: text) + LessonSources.percentages(in: text) where !covered.contains(number) {
          problems.append("\(origin): \(number) is not covered by a check:, fact: or calc: line")
        }
      }
    }
    return problems
  }

  /// Checks that fail, arithmetic that does not hold, facts that `sources` does not list.
  static func statementProblems(_ statements: [Statement], sources: LessonSources) -> [String] {
    statements.compactMap { s in
      switch s.kind {
      case .check:
        return verify(s.text).map { "\(s.origin): \($0)" }
      case .calc:
        return LessonCalc.verify(s.text).map { "\(s.origin): \($0)" }
      case .fact:
        return sources.problem(with: s.text).map { "\(s.origin): \($0)" }
      case .minutes:
        return Int(s.text).map { $0 > 0 && $0 <= 60 } == true ? nil : "\(s.origin): minutes: takes a whole number of minutes"
      }
    }
  }

  /// Raw blocks of a markdown source: runs of non-blank lines (a fenced block with the lines
  /// right after it counts as one), with the 1-based line each starts on.
  static func blocks(of text: String) -> [(text: String, line: Int, isCode: Bool)] {
    var result: [(text: String, line: Int, isCode: Bool)] = []
    var current: [Substring] = []
    var start = 1
    var inFence = false
    var isCode = false
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if LessonMarkup.isFence(line) {
        if !inFence, current.isEmpty { isCode = true }
        inFence.toggle()
      }
      if !inFence, line.lessonTrimmed.isEmpty {
        if !current.isEmpty { result.append((current.joined(separator: "\n"), start, isCode)) }
        current = []
        isCode = false
        continue
      }
      if current.isEmpty { start = n + 1 }
      current.append(line)
    }
    if !current.isEmpty { result.append((current.joined(separator: "\n"), start, isCode)) }
    return result
  }

  /// `[text](target)` → `[text]`, so numbers in link targets are not counted.
  static func withoutLinkTargets(_ text: String) -> String {
    var out = ""
    var chars = text[...]
    while let c = chars.first {
      if c == "]", chars.dropFirst().first == "(", let close = chars.firstIndex(of: ")") {
        out.append("]")
        chars = chars[chars.index(after: close)...]
      } else {
        out.append(c)
        chars = chars.dropFirst()
      }
    }
    return out
  }
}
