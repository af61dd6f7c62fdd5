/// Line-based block parser for `MarkdownDocument`; inline text goes to `MarkdownInlineParser`.
///
/// It looks at one line at a time and decides which block the line starts. It is not
/// CommonMark: no nested block quotes, no lazy continuations inside lists beyond plain text.
struct MarkdownParser {
  private let lines: [String]
  private var index = 0
  private var inline = MarkdownInlineParser()

  init(text: String) {
    // `isNewline` also matches "\r\n", which Swift treats as a single Character.
    // Only lines with a tab pay for the replacement (a tab never joins another character, so
    // looking at the bytes is enough).
    lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
      $0.utf8.contains(UInt8(ascii: "\t")) ? String($0).replacing("\t", with: "    ") : String($0)
    }
  }

  mutating func parse() -> MarkdownDocument {
    var blocks: [MarkdownBlock] = []
    var blockLines: [Int] = []
    while index < lines.count {
      let start = index
      // Each block's first line, once the branch below has read it (a blank line adds none).
      defer { if blockLines.count < blocks.count { blockLines.append(start + 1) } }
      let line = lines[index].trimmingSpaces
      if line.isEmpty {
        index += 1
      } else if line.hasPrefix("```") || line.hasPrefix("~~~") {
        blocks.append(parseFence())
      } else if let heading = Self.heading(line) {
        index += 1
        blocks.append(.heading(level: heading.level, inline.parse(heading.text)))
      } else if Self.isRule(line) {
        index += 1
        blocks.append(.rule)
      } else if isTableStart() {
        blocks.append(.table(parseTable()))
      } else if Self.listMarker(lines[index]) != nil {
        blocks.append(.list(parseList()))
      } else if line.hasPrefix(">") {
        let text = collect { $0.trimmingSpaces.hasPrefix(">") }.map(unquote).joined(separator: " ")
        blocks.append(.quote(inline.parse(text)))
      } else {
        let text = collect { !Self.startsBlock($0) }.joined(separator: " ")
        blocks.append(.paragraph(inline.parse(text)))
      }
    }
    return MarkdownDocument(blocks: blocks, links: inline.links, blockLines: blockLines)
  }

  // MARK: - Block recognisers

  /// `## Title` → (2, "Title"); a run of 1–6 `#` followed by a space (or nothing).
  private static func heading(_ line: String) -> (level: Int, text: String)? {
    let hashes = line.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes) else { return nil }
    let rest = line.dropFirst(hashes)
    guard rest.isEmpty || rest.first == " " else { return nil }
    // Closing hashes (`## Title ##`) are decoration, not text.
    let text = String(rest).trimmingSpaces
    let trimmed = text.trimmingEnds(leading: false) { $0 == "#" }.trimmingSpaces
    return (hashes, trimmed.isEmpty ? text : trimmed)
  }

  /// `---`, `***` or `___` (spaces allowed between): three or more of one character.
  private static func isRule(_ line: String) -> Bool {
    let marks = line.filter { $0 != " " }
    guard let first = marks.first, "-*_".contains(first) else { return false }
    return marks.count >= 3 && marks.allSatisfy { $0 == first }
  }

  /// A list item's (number or nil for bullets, indentation level, text after the marker).
  private static func listMarker(_ line: String) -> (number: Int?, level: Int, text: String)? {
    let indent = line.prefix { $0 == " " }.count
    let body = line.dropFirst(indent)
    if let first = body.first, "-*+".contains(first), body.dropFirst().first == " " {
      return (nil, indent / 2, String(body.dropFirst(2)))
    }
    let digits = body.prefix { $0.isASCII && $0.isNumber }
    let after = body.dropFirst(digits.count)
    guard !digits.isEmpty, digits.count <= 9, let number = Int(digits),
      let marker = after.first, marker == "." || marker == ")", after.dropFirst().first == " "
    else { return nil }
    return (number, indent / 2, String(after.dropFirst(2)))
  }

  /// Whether a line would start a block other than a paragraph (and so ends one).
  private static func startsBlock(_ raw: String) -> Bool {
    let line = raw.trimmingSpaces
    return line.isEmpty || line.hasPrefix("```") || line.hasPrefix("~~~") || line.hasPrefix(">")
      || line.hasPrefix("|") || Self.heading(line) != nil || Self.isRule(line)
      || Self.listMarker(raw) != nil
  }

  private func isTableStart() -> Bool {
    guard index + 1 < lines.count, lines[index].trimmingSpaces.hasPrefix("|") else { return false }
    let separator = lines[index + 1].trimmingSpaces
    return separator.contains("-") && separator.allSatisfy { "|-: ".contains($0) }
  }

  // MARK: - Block readers

  /// Consumes lines from the current one while `belongs` holds; returns them trimmed.
  private mutating func collect(while belongs: (String) -> Bool) -> [String] {
    var result = [lines[index].trimmingSpaces]
    index += 1
    while index < lines.count, belongs(lines[index]) {
      result.append(lines[index].trimmingSpaces)
      index += 1
    }
    return result
  }

  private func unquote(_ line: String) -> String {
    String(line.dropFirst()).trimmingSpaces
  }

  /// A fenced code block; an unclosed fence runs to the end of the document.
  private mutating func parseFence() -> MarkdownBlock {
    let opening = lines[index].trimmingSpaces
    let fence = String(opening.prefix(3))
    let language = String(opening.dropFirst(3)).trimmingSpaces
    var body: [String] = []
    index += 1
    while index < lines.count, !lines[index].trimmingSpaces.hasPrefix(fence) {
      body.append(lines[index])
      index += 1
    }
    index += 1  // the closing fence
    return .code(language: language.isEmpty ? nil : language, lines: body)
  }

  /// Items until a line that is neither an item nor an indented continuation. A blank line
  /// inside a list is allowed when another item follows it.
  private mutating func parseList() -> [MarkdownListItem] {
    var items: [MarkdownListItem] = []
    var texts: [String] = []
    while index < lines.count {
      let line = lines[index]
      if let marker = Self.listMarker(line) {
        items.append(MarkdownListItem(number: marker.number, level: marker.level, runs: []))
        texts.append(marker.text.trimmingSpaces)
      } else if line.hasPrefix(" "), !line.trimmingSpaces.isEmpty, !texts.isEmpty {
        texts[texts.count - 1] += " " + line.trimmingSpaces
      } else if line.trimmingSpaces.isEmpty, index + 1 < lines.count,
        Self.listMarker(lines[index + 1]) != nil
      {
        // A loose list: keep going.
      } else {
        break
      }
      index += 1
    }
    // Inline parsing happens in document order so link numbers follow reading order.
    for i in items.indices { items[i].runs = inline.parse(texts[i]) }
    return items
  }

  private mutating func parseTable() -> MarkdownTable {
    let header = cells(lines[index])
    let alignments = cells(lines[index + 1]).map { spec -> Alignment in
      switch (spec.hasPrefix(":"), spec.hasSuffix(":")) {
      case (true, true): .center
      case (false, true): .right
      default: .left
      }
    }
    index += 2
    var rows: [[String]] = []
    while index < lines.count, lines[index].trimmingSpaces.hasPrefix("|") {
      rows.append(cells(lines[index]))
      index += 1
    }
    return MarkdownTable(
      header: header.map { inline.parse($0) }, alignments: alignments,
      rows: rows.map { row in row.map { inline.parse($0) } })
  }

  /// `| a | b |` → ["a", "b"]; outer pipes are optional, `\|` is a literal pipe.
  private func cells(_ line: String) -> [String] {
    var text = Substring(line.trimmingSpaces)
    if text.hasPrefix("|") { text = text.dropFirst() }
    if text.hasSuffix("|"), !text.hasSuffix("\\|") { text = text.dropLast() }
    var cells = [""]
    var escaped = false
    for character in text {
      if character == "|", !escaped {
        cells.append("")
      } else {
        cells[cells.count - 1].append(character)
      }
      escaped = character == "\\" && !escaped
    }
    return cells.map { $0.replacing("\\|", with: "|").trimmingSpaces }
  }
}
