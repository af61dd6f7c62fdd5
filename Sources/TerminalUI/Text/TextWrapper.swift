/// Word-wraps styled text into lines of a given column width.
///
/// Rules, chosen to be predictable rather than clever:
/// - `"\n"` always starts a new line;
/// - lines break at spaces; the spaces at a break are dropped, others are kept as written;
/// - a word longer than the width is cut at the width;
/// - styles and tags follow each character, so a bold word split by wrapping stays bold.
public enum TextWrapper {
  /// One character with the span attributes it came from.
  private struct Glyph {
    var character: Character
    var style: Style
    var tag: Int?
  }

  /// Wraps plain text.
  public static func wrap(_ text: String, width: Int) -> [String] {
    wrap([Span(text)], width: width).map(\.plainText)
  }

  /// Wraps plain text with a hanging indent: `first` before the first line, `rest` before
  /// every other one, all within `width` columns ("  1. " then "     " for a numbered step).
  /// Spaces at the ends of the text are dropped.
  public static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
    let glyphs = text.trimmingSpaces.map { Glyph(character: $0 == "\t" || $0 == "\n" ? " " : $0, style: .plain, tag: nil) }
    let limits = (first: max(1, width - first.displayWidth), rest: max(1, width - rest.displayWidth))
    return wrapParagraph(glyphs, width: limits.first, restWidth: limits.rest).enumerated().map { index, line in
      (index == 0 ? first : rest) + line.map(\.text).joined()
    }
  }

  /// Wraps spans; the result has at least one (possibly empty) line.
  public static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
    let width = max(1, width)
    var lines: [[Span]] = []
    var paragraph: [Glyph] = []
    for span in spans {
      for character in span.text {
        if character == "\n" {
          lines += wrapParagraph(paragraph, width: width)
          paragraph = []
        } else {
          let shown: Character = character == "\t" ? " " : character
          paragraph.append(Glyph(character: shown, style: span.style, tag: span.tag))
        }
      }
    }
    lines += wrapParagraph(paragraph, width: width)
    return lines
  }

  /// Greedy wrapping of one paragraph (no newlines inside); lines after the first may have
  /// another width (`restWidth`), for a hanging indent.
  private static func wrapParagraph(_ glyphs: [Glyph], width firstWidth: Int, restWidth: Int? = nil) -> [[Span]] {
    var lines: [[Glyph]] = []
    var width: Int { lines.isEmpty ? firstWidth : restWidth ?? firstWidth }
    var line: [Glyph] = []
    var lineWidth = 0
    for word in words(glyphs) {
      let isSpace = word.first?.character == " "
      let wordWidth = word.reduce(0) { $0 + $1.character.displayWidth }
      if lineWidth + wordWidth <= width {
        line += word
        lineWidth += wordWidth
      } else if isSpace {
        // The break swallows the spaces that caused it.
        lines.append(line)
        line = []
        lineWidth = 0
      } else {
        if !line.isEmpty { lines.append(trimTrailingSpaces(line)) }
        line = []
        lineWidth = 0
        for glyph in word {
          let w = glyph.character.displayWidth
          if lineWidth + w > width, !line.isEmpty {
            lines.append(line)
            line = []
            lineWidth = 0
          }
          line.append(glyph)
          lineWidth += w
        }
      }
    }
    lines.append(line)
    return lines.map(spans)
  }

  /// Splits glyphs into alternating runs of spaces and non-spaces.
  private static func words(_ glyphs: [Glyph]) -> [[Glyph]] {
    var result: [[Glyph]] = []
    for glyph in glyphs {
      let isSpace = glyph.character == " "
      if let last = result.last?.last, (last.character == " ") == isSpace {
        result[result.count - 1].append(glyph)
      } else {
        result.append([glyph])
      }
    }
    return result
  }

  private static func trimTrailingSpaces(_ line: [Glyph]) -> [Glyph] {
    var line = line
    while line.last?.character == " " { line.removeLast() }
    return line
  }

  /// Regroups glyphs into spans, merging neighbours with the same style and tag.
  private static func spans(_ glyphs: [Glyph]) -> [Span] {
    var result: [Span] = []
    for glyph in glyphs {
      if let last = result.last, last.style == glyph.style, last.tag == glyph.tag {
        result[result.count - 1].text.append(glyph.character)
      } else {
        result.append(Span(String(glyph.character), style: glyph.style, tag: glyph.tag))
      }
    }
    return result
  }
}
