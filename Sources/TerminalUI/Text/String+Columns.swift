extension String {
  /// Columns this string takes on screen (sum of its characters' widths).
  public var displayWidth: Int {
    reduce(0) { $0 + $1.displayWidth }
  }

  /// The longest prefix that fits in `width` columns.
  public func prefix(columns width: Int) -> String {
    var used = 0
    var result = ""
    for character in self {
      let w = character.displayWidth
      if used + w > width { break }
      used += w
      result.append(character)
    }
    return result
  }

  /// The first of `wordings` (longest first) that fits `width` columns, else the last: a
  /// narrow panel gets a shorter wording rather than a cut one.
  public static func firstFitting(_ wordings: [String], width: Int) -> String {
    wordings.first { $0.displayWidth <= width } ?? wordings.last ?? ""
  }

  /// Fits the string into exactly `width` columns: clipped (with `ellipsis` marking the cut)
  /// or padded with spaces according to `alignment`.
  public func fitted(
    to width: Int, alignment: Alignment = .left, ellipsis: String? = nil
  ) -> String {
    guard width > 0 else { return "" }
    var text = self
    if text.displayWidth > width {
      if let ellipsis, ellipsis.displayWidth < width {
        text = text.prefix(columns: width - ellipsis.displayWidth) + ellipsis
      } else {
        text = text.prefix(columns: width)
      }
    }
    let slack = width - text.displayWidth
    switch alignment {
    case .left: return text + String(repeating: " ", count: slack)
    case .right: return String(repeating: " ", count: slack) + text
    case .center:
      let left = slack / 2
      let right = slack - left
      return String(repeating: " ", count: left) + text + String(repeating: " ", count: right)
    }
  }

  /// The string without leading and trailing spaces (tabs were already expanded by callers).
  var trimmingSpaces: String { trimmingEnds { $0 == " " } }
}

extension StringProtocol {
  /// Without the characters `isTrimmed` picks at its start (when `leading`) and at its end.
  public func trimmingEnds(leading: Bool = true, where isTrimmed: (Character) -> Bool) -> String {
    // Walks in from both ends over the trimmed characters only; rebuilding the string through
    // two reversed views cost a generic step per character of the whole text (the markdown
    // and lesson parsers' hot spot).
    var start = startIndex, end = endIndex
    while leading, start < end, isTrimmed(self[start]) { formIndex(after: &start) }
    while end > start {
      let before = index(before: end)
      guard isTrimmed(self[before]) else { break }
      end = before
    }
    return String(self[start..<end])
  }
}
