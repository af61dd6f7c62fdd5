import Foundation

@testable import ConvScopeApp

/// Arithmetic written in lessons (`<!-- calc: 6×3 + 6×4 + 3×4 + 1×6 = 60 -->`), evaluated so
/// derivations stay right. Numbers may use thousands separators, decimals and a `%` suffix;
/// operators `+ − - × · * / ÷`, parentheses, `⌊…⌋` (floor) and `⌈…⌉` (ceiling). Sides are
/// joined by `=` (exact) or `≈` (within half a unit of the last digit written on the right).
enum LessonCalc {
  /// Nil when every `=`/`≈` in `text` holds, else what is wrong.
  static func verify(_ text: String) -> String? {
    var sides: [String] = []
    var relations: [Character] = []
    var current = ""
    for c in text {
      if c == "=" || c == "≈" {
        sides.append(current)
        relations.append(c)
        current = ""
      } else {
        current.append(c)
      }
    }
    sides.append(current)
    guard sides.count >= 2 else { return "\(text): write EXPRESSION = VALUE" }
    do {
      let values = try sides.map { try evaluate($0) }
      for (i, relation) in relations.enumerated() {
        let (a, b) = (values[i], values[i + 1])
        let tolerance = relation == "≈" ? halfUnit(of: sides[i + 1]) : 1e-9 * max(1, abs(b))
        if abs(a - b) > tolerance {
          return "\(text): \(sides[i].lessonTrimmed) is \(QuizQuestion.format(a)), not \(sides[i + 1].lessonTrimmed)"
        }
      }
      return nil
    } catch {
      return "\(text): \(error)"
    }
  }

  /// The value of an expression.
  static func evaluate(_ expression: String) throws -> Double {
    var p = Parser(chars: Array(expression))
    let v = try p.sum()
    p.skipSpaces()
    guard p.i == p.chars.count else { throw LessonError(expression, "unexpected \"\(p.chars[p.i])\"") }
    return v
  }

  /// Half a unit in the last decimal place of the last number in `text` (`1.45%` → 0.00005).
  static func halfUnit(of text: String) -> Double {
    let t = text.lessonTrimmed
    let percent = t.hasSuffix("%")
    let digits = t.reversed().drop { $0 == "%" || $0 == " " }.prefix { $0.isNumber || $0 == "." || $0 == "," }
    let decimals = digits.firstIndex(of: ".").map { digits.distance(from: digits.startIndex, to: $0) } ?? 0
    var unit = 1.0
    for _ in 0..<decimals { unit /= 10 }
    return unit / 2 * (percent ? 0.01 : 1) + 1e-12
  }

  private struct Parser {
    let chars: [Character]
    var i = 0

    mutating func skipSpaces() {
      while i < chars.count, chars[i] == " " { i += 1 }
    }

    mutating func sum() throws -> Double {
      var v = try product()
      while true {
        skipSpaces()
        guard i < chars.count, "+-−".contains(chars[i]) else { return v }
        let op = chars[i]
        i += 1
        let rhs = try product()
        v = op == "+" ? v + rhs : v - rhs
      }
    }

    mutating func product() throws -> Double {
      var v = try factor()
      while true {
        skipSpaces()
        guard i < chars.count, "×·*/÷".contains(chars[i]) else { return v }
        let op = chars[i]
        i += 1
        let rhs = try factor()
        if op == "/" || op == "÷" {
          guard rhs != 0 else { throw LessonError(String(chars), "division by zero") }
          v /= rhs
        } else {
          v *= rhs
        }
      }
    }

    mutating func factor() throws -> Double {
      skipSpaces()
      guard i < chars.count else { throw LessonError(String(chars), "the expression ends too early") }
      let c = chars[i]
      let closers: [Character: Character] = ["(": ")", "⌊": "⌋", "⌈": "⌉"]
      if let close = closers[c] {
        i += 1
        let v = try sum()
        skipSpaces()
        guard i < chars.count, chars[i] == close else { throw LessonError(String(chars), "missing \(close)") }
        i += 1
        return c == "⌊" ? v.rounded(.down) : c == "⌈" ? v.rounded(.up) : v
      }
      if c == "-" || c == "−" {
        i += 1
        return -(try factor())
      }
      return try number()
    }

    mutating func number() throws -> Double {
      var text = ""
      while i < chars.count {
        let c = chars[i]
        if c.isASCII, c.isNumber || c == "." {
          text.append(c)
        } else if c == ",", i + 3 < chars.count, chars[(i + 1)...(i + 3)].allSatisfy({ $0.isASCII && $0.isNumber }) {
          // a thousands separator
        } else {
          break
        }
        i += 1
      }
      guard let v = Double(text) else { throw LessonError(String(chars), "expected a number at position \(i + 1)") }
      if i < chars.count, chars[i] == "%" {
        i += 1
        return v / 100
      }
      return v
    }
  }
}
