extension Character {
  /// Columns this character takes on screen: 2 for East Asian wide/fullwidth and emoji
  /// blocks, otherwise 1.
  ///
  /// This is a short range table, not the full Unicode width data; it covers CJK, Hangul,
  /// fullwidth forms and the common emoji planes, which is what a CNN workbench meets.
  /// Combining marks need no rule: Swift already folds them into their base `Character`.
  public var displayWidth: Int {
    guard let scalar = unicodeScalars.first else { return 1 }
    return Character.isWide(scalar.value) ? 2 : 1
  }

  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initials
    0x2E80...0x303E,  // CJK radicals, punctuation
    0x3041...0x33FF,  // kana, CJK compatibility
    0x3400...0x4DBF,  // CJK extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA000...0xA4CF,  // Yi
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE30...0xFE4F,  // CJK compatibility forms
    0xFF00...0xFF60,  // fullwidth forms
    0xFFE0...0xFFE6,  // fullwidth signs
    0x1F300...0x1F64F,  // pictographs, emoticons
    0x1F900...0x1F9FF,  // supplemental pictographs
    0x20000...0x3FFFD,  // CJK extensions B and later
  ]

  private static func isWide(_ value: UInt32) -> Bool {
    // Fast path: everything below U+1100 (Latin, Greek, box drawing is above but narrow) is 1.
    if value < 0x1100 { return false }
    return wideRanges.contains { $0.contains(value) }
  }
}
