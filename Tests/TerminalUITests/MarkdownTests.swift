import Testing

@testable import TerminalUI

@Suite struct MarkdownParsingTests {
  @Test func headingsParagraphsAndInlineStyles() {
    let doc = MarkdownDocument(
      parsing: "# Title #\n\nSome **bold** and *soft* `co*de` text\nacross lines.\n### Small")
    #expect(doc.title == "Title")
    #expect(doc.blocks.count == 3)
    #expect(
      doc.blocks[1]
        == .paragraph([
          MarkdownRun("Some "), MarkdownRun("bold", bold: true), MarkdownRun(" and "),
          MarkdownRun("soft", emphasis: true), MarkdownRun(" "), MarkdownRun("co*de", code: true),
          MarkdownRun(" text across lines."),
        ]))
    #expect(doc.blocks[2] == .heading(level: 3, [MarkdownRun("Small")]))
  }

  @Test(arguments: [
    ("2 * 3 * 4", "2 * 3 * 4"), ("a ** b", "a ** b"), ("\\*not em\\*", "*not em*"),
    ("unclosed `tick", "unclosed `tick"), ("[no target]", "[no target]"),
  ])
  func strayMarkersStayLiteral(source: String, text: String) {
    let doc = MarkdownDocument(parsing: source)
    guard case .paragraph(let runs) = doc.blocks.first else {
      Issue.record("expected a paragraph")
      return
    }
    #expect(runs.plainText == text)
    #expect(runs.allSatisfy { !$0.bold && !$0.emphasis })
  }

  @Test func linksAreNumberedInDocumentOrder() {
    let doc = MarkdownDocument(
      parsing: """
        See [**pooling**](lesson:03) first.

        - then [conv](lesson:02)
        - and [the paper](https://example.org/lenet)
        """)
    #expect(
      doc.links == [
        MarkdownLink(text: "**pooling**", target: "lesson:03"),
        MarkdownLink(text: "conv", target: "lesson:02"),
        MarkdownLink(text: "the paper", target: "https://example.org/lenet"),
      ])
    guard case .paragraph(let runs) = doc.blocks.first else {
      Issue.record("expected a paragraph")
      return
    }
    #expect(runs[1] == MarkdownRun("pooling", bold: true, link: 0))
  }

  @Test func listsNestAndKeepTheirNumbers() {
    let doc = MarkdownDocument(parsing: "3. three\n   continued\n4) four\n  - nested\n\n- loose")
    #expect(
      doc.blocks == [
        .list([
          MarkdownListItem(number: 3, level: 0, runs: [MarkdownRun("three continued")]),
          MarkdownListItem(number: 4, level: 0, runs: [MarkdownRun("four")]),
          MarkdownListItem(number: nil, level: 1, runs: [MarkdownRun("nested")]),
          MarkdownListItem(number: nil, level: 0, runs: [MarkdownRun("loose")]),
        ])
      ])
  }

  @Test func fencedCodeTablesRulesAndQuotes() {
    let doc = MarkdownDocument(
      parsing: """
        ```convscope\r
        show layer conv1
          train 50
        ```
        | name | params |
        |:----:|-------:|
        | fc | 850 |
        ---
        > note
        """)
    #expect(doc.codeBlocks(language: "convscope") == [["show layer conv1", "  train 50"]])
    #expect(
      doc.blocks[1]
        == .table(
          MarkdownTable(
            header: [[MarkdownRun("name")], [MarkdownRun("params")]],
            alignments: [.center, .right],
            rows: [[[MarkdownRun("fc")], [MarkdownRun("850")]]])))
    #expect(doc.blocks[2] == .rule)
    #expect(doc.blocks[3] == .quote([MarkdownRun("note")]))
    // Each block's first line: what a quiz reader names a mistake's line by.
    #expect(doc.blockLines == [1, 5, 8, 9])
    #expect(doc.fencedBlocks(language: "convscope").map(\.fence) == [1])
  }

  /// Blank lines start no block; a paragraph's lines, a list's items and a fence's body
  /// belong to the block that starts on its first line.
  @Test func blocksKnowTheLineTheyStartOn() {
    let doc = MarkdownDocument(parsing: "# T\n\n\nsome\ntext\n\n- a\n- b\n\n~~~quiz\nx: 1\n~~~\n```quiz")
    #expect(doc.blockLines == [1, 4, 7, 10, 13])
    #expect(doc.fencedBlocks(language: "quiz").map(\.fence) == [10, 13])
    #expect(doc.fencedBlocks(language: "quiz").map(\.lines) == [["x: 1"], []])
    #expect(MarkdownDocument(blocks: [.rule]).fencedBlocks(language: "quiz").isEmpty)
  }
}

@Suite struct MarkdownViewTests {
  private let lesson = MarkdownDocument(
    parsing: """
      # Convolution

      A *kernel* slides over the **input**; see [the shapes](lesson:03) and `conv1`.

      - one
      - two items that wrap around
        1. nested

      ```convscope
      show layer conv1
      ```

      | a | b |
      |---|--:|
      | x | 10 |
      """)

  @Test func rendersHeadingListLinkCodeAndTable() {
    let view = MarkdownView(document: lesson, focusedLink: 0)
    let buffer = rendered(view, width: 30, height: 15)
    #expect(
      buffer.snapshot() == """
        "Convolution                   "
        "                              "
        "A kernel slides over the      "
        "input; see the shapes and     "
        "conv1.                        "
        "                              "
        "• one                         "
        "• two items that wrap around  "
        "  1. nested                   "
        "                              "
        "│ show layer conv1            "
        "                              "
        "a │  b                        "
        "──┼───                        "
        "x │ 10                        "
        """)
    #expect(
      buffer.styleSnapshot() == """
        0: 0-10 fg=cyan bold underline
        2: 2-7 underline
        3: 0-4 bold | 11-20 fg=brightBlue underline reverse
        4: 0-4 fg=yellow
        10: 0-1 dim | 2-17 fg=yellow
        12: 0-0 bold | 1-3 dim | 5-5 bold
        13: 0-5 dim
        14: 1-3 dim
        """)
  }

  @Test func linkRectsFollowTheScreenAndScrolling() {
    let view = MarkdownView(document: lesson)
    let area = Rect(x: 2, y: 1, width: 30, height: 6)
    let hits = view.linkHits(in: area)
    #expect(hits.count == 1)
    #expect(hits[0].link.target == "lesson:03")
    #expect(hits[0].rects == [Rect(x: 13, y: 4, width: 10, height: 1)])
    #expect(view.link(at: Point(x: 15, y: 4), in: area) == 0)
    #expect(view.link(at: Point(x: 2, y: 4), in: area) == nil)
    #expect(view.line(ofLink: 0, width: 30) == 3)

    var scrolled = view
    scrolled.scroll = 4
    #expect(scrolled.linkHits(in: area)[0].rects.isEmpty)
    #expect(scrolled.maxScroll(in: area) == 9)
  }

  @Test func wrappedListItemsHangAndAsciiFallsBack() {
    let doc = MarkdownDocument(parsing: "- a list item that wraps\n\n```\ncode\n```")
    let buffer = rendered(MarkdownView(document: doc, unicode: false), width: 12, height: 6)
    #expect(
      buffer.snapshot() == """
        "- a list    "
        "  item that "
        "  wraps     "
        "            "
        "| code      "
        "            "
        """)
  }

  /// Without Unicode the text is spelled in ASCII before it is wrapped, as words where a
  /// character will not do (a lesson's "n − k + 1" and "⌊(n + 2P − k) / S⌋" under LANG=C
  /// showed `?` for each symbol); a table's columns are measured on the spelled text.
  @Test func asciiSpellsSymbolsBeforeWrapping() {
    let doc = MarkdownDocument(parsing: "⌊(n − k) / S⌋ + 1 · 5×5\n\n| a | b |\n|---|---|\n| x² | 1 |")
    let buffer = rendered(MarkdownView(document: doc, unicode: false), width: 24, height: 6)
    #expect(
      buffer.snapshot() == """
        "floor((n - k) / S) + 1 ."
        "5x5                     "
        "                        "
        "a   | b                 "
        "----+--                 "
        "x^2 | 1                 "
        """)
  }

  @Test func linksSplitByWrappingGetOneRectPerLine() {
    let doc = MarkdownDocument(parsing: "go to [the next lesson](lesson:04)")
    let hits = MarkdownView(document: doc).linkHits(in: Rect(x: 0, y: 0, width: 12, height: 3))
    #expect(
      hits[0].rects == [
        Rect(x: 6, y: 0, width: 3, height: 1), Rect(x: 0, y: 1, width: 11, height: 1),
      ])
  }
}
