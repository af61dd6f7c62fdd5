/// Shows a `MarkdownDocument` in a rectangle, scrolled by whole lines, with one link
/// optionally focused (highlighted). `linkHits` says where each link is on screen so the
/// caller can focus link i, scroll it into view, or follow it on a click.
public struct MarkdownView: Widget, Sendable {
  /// Where link `index` appears on screen; `rects` is empty when it is scrolled out of view
  /// and has several entries when wrapping split the link across lines.
  public struct LinkHit: Sendable, Hashable {
    public var index: Int
    public var link: MarkdownLink
    public var rects: [Rect]
  }

  public var document: MarkdownDocument
  /// Lines scrolled off the top (clamped when rendering so the view is never blank).
  public var scroll: Int
  public var focusedLink: Int?
  public var unicode: Bool

  public init(
    document: MarkdownDocument, scroll: Int = 0, focusedLink: Int? = nil, unicode: Bool = true
  ) {
    self.document = document
    self.scroll = scroll
    self.focusedLink = focusedLink
    self.unicode = unicode
  }

  /// The laid-out document at `width`, before scrolling.
  public func lines(width: Int) -> [[Span]] {
    MarkdownRenderer(width: max(1, width), unicode: unicode, focusedLink: focusedLink)
      .lines(for: document)
  }

  /// The largest useful scroll for `area`: the last line at the bottom edge.
  public func maxScroll(in area: Rect) -> Int {
    max(0, lines(width: area.width).count - area.height)
  }

  /// Where line `line` is at `width`, as a block and a line within it: the same place at
  /// another width is `line(of:width:)`.
  public func place(atLine line: Int, width: Int) -> MarkdownPlace {
    let starts = MarkdownRenderer(width: max(1, width), unicode: unicode, focusedLink: focusedLink)
      .laidOut(document).blockStarts
    guard let block = starts.lastIndex(where: { $0 <= line }) else { return MarkdownPlace() }
    return MarkdownPlace(block: block, line: line - starts[block])
  }

  /// The line `place` is on at `width` (within its block, at most the block's last line).
  public func line(of place: MarkdownPlace, width: Int) -> Int {
    let laid = MarkdownRenderer(width: max(1, width), unicode: unicode, focusedLink: focusedLink).laidOut(document)
    guard laid.blockStarts.indices.contains(place.block) else { return 0 }
    let start = laid.blockStarts[place.block]
    let next = place.block + 1 < laid.blockStarts.count ? laid.blockStarts[place.block + 1] : laid.lines.count
    return start + min(max(0, place.line), max(0, next - start - 1))
  }

  /// The first line (before scrolling) that shows link `index`, to scroll it into view.
  public func line(ofLink index: Int, width: Int) -> Int? {
    lines(width: width).firstIndex { line in line.contains { $0.tag == index } }
  }

  public func render(in area: Rect, into buffer: inout ScreenBuffer) {
    guard !area.isEmpty else { return }
    let all = lines(width: area.width)
    let start = clampedScroll(lineCount: all.count, height: area.height)
    for (row, line) in all.dropFirst(start).prefix(area.height).enumerated() {
      buffer.put(line, at: Point(x: area.x, y: area.y + row), clippedTo: area)
    }
  }

  /// Every link in document order with its visible rectangles inside `area`.
  public func linkHits(in area: Rect) -> [LinkHit] {
    var hits = document.links.enumerated().map {
      LinkHit(index: $0.offset, link: $0.element, rects: [])
    }
    guard !area.isEmpty else { return hits }
    let all = lines(width: area.width)
    let start = clampedScroll(lineCount: all.count, height: area.height)
    for (row, line) in all.dropFirst(start).prefix(area.height).enumerated() {
      var x = area.x
      for span in line {
        let width = span.displayWidth
        if let tag = span.tag, hits.indices.contains(tag) {
          let rect = Rect(x: x, y: area.y + row, width: width, height: 1).intersection(area)
          // Neighbouring spans of one link (bold inside a link) merge into one rectangle.
          if let last = hits[tag].rects.last, last.y == rect.y, last.right == rect.x {
            hits[tag].rects[hits[tag].rects.count - 1].width += rect.width
          } else if !rect.isEmpty {
            hits[tag].rects.append(rect)
          }
        }
        x += width
      }
    }
    return hits
  }

  /// The link under `point`, if any (for mouse clicks).
  public func link(at point: Point, in area: Rect) -> Int? {
    linkHits(in: area).first { hit in hit.rects.contains { $0.contains(point) } }?.index
  }

  private func clampedScroll(lineCount: Int, height: Int) -> Int {
    min(max(0, scroll), max(0, lineCount - height))
  }
}

/// A place in a document that does not depend on the width it is laid out at: block
/// `block` (an index into `MarkdownDocument.blocks`), `line` lines into it.
public struct MarkdownPlace: Sendable, Hashable {
  public var block: Int
  public var line: Int

  public init(block: Int = 0, line: Int = 0) {
    self.block = block
    self.line = line
  }
}
